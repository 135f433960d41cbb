"""The partnership's branding is configuration: read and checked when the documents service
starts, and printed by every built-in template (the logo with its alternative text, the
footer on every page)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from services.documents.app import create_app
from services.documents.branding import LOGO_MAX_BYTES, Branding
from services.documents.catalogue import ANSWERS, CATALOGUE, SCOPING_LETTER
from shared.config import Config, ConfigError, load_config
from tests.support.images import png
from tests.unit.documents.branding_factories import BRANDING, fill, with_logo
from tests.unit.documents.factories import PARTNERSHIP, Fakes
from tests.unit.documents.template_samples import sample

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#: a JPEG's first bytes: start of image, then a JFIF segment with a 1 x 1 frame
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0000b080001000101011100ffd9")


def config(**settings: str) -> Config:
    return load_config("documents", {"CSPR_ENV": "test", **settings})


def test_branding_comes_from_the_settings() -> None:
    made = Branding.from_config(
        config(
            PARTNERSHIP_NAME="Example Partnership",
            PARTNERSHIP_ADDRESS="1 High Street| |Exampletown|EX1 1AA",
            PARTNERSHIP_CONTACT_PHONE="01234 567890",
            OPS_EMAIL="lfp@example.org",
        )
    )
    assert made.fields() == {
        "partnership_name": "Example Partnership",
        "logo": "",
        "partnership_address": "1 High Street\nExampletown\nEX1 1AA",
        "partnership_phone": "01234 567890",
        "partnership_email": "lfp@example.org",
        # DOCUMENT_FOOTER empty: the partnership's name
        "footer": "Example Partnership",
    }
    footer = Branding.from_config(config(DOCUMENT_FOOTER="Learning from practice"))
    assert footer.fields()["footer"] == "Learning from practice"


@pytest.mark.parametrize(("data", "kind"), [(png(), "image/png"), (JPEG, "image/jpeg")])
def test_a_png_or_jpeg_logo_is_read_with_the_name_as_its_alt_text(
    tmp_path: Path, data: bytes, kind: str
) -> None:
    path = tmp_path / "logo"
    path.write_bytes(data)
    logo = Branding.from_config(config(PARTNERSHIP_LOGO=str(path))).logo
    assert logo is not None
    assert (logo.data, logo.content_type, logo.alt) == (data, kind, PARTNERSHIP)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: None, "cannot be read (No such file or directory)"),
        (lambda p: p.mkdir(), "is not a file"),
        (
            lambda p: p.write_bytes(b"GIF89a" + b"\x01\x00\x01\x00" + b"\x00" * 20),
            "use a PNG or JPEG",
        ),
        (lambda p: p.write_text("<svg/>"), "is not a PNG or JPEG image"),
        (lambda p: p.write_bytes(png() + b"\x00" * LOGO_MAX_BYTES), "a logo must be at most 1 MB"),
    ],
)
def test_a_logo_that_cannot_be_used_stops_the_service_naming_the_setting(
    tmp_path: Path, make: object, said: str
) -> None:
    path = tmp_path / "logo.png"
    make(path)  # type: ignore[operator]
    settings = config(PARTNERSHIP_LOGO=str(path))
    with pytest.raises(ConfigError) as raised:
        create_app(settings, **Fakes().overrides())
    assert str(raised.value).startswith(f"PARTNERSHIP_LOGO: {path} ")
    assert said in str(raised.value)


def _drawings(part: bytes) -> list[etree._Element]:
    return etree.fromstring(part).findall(f".//{{{WP}}}docPr")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_template_shows_the_logo_in_its_header_described_by_the_name(name: str) -> None:
    filled = fill(name, sample(name), with_logo())
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        headers = [n for n in archive.namelist() if n.startswith("word/header")]
        described = [d.get("descr") for n in headers for d in _drawings(archive.read(n))]
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert described == [PARTNERSHIP]
    assert len(pictures) == 1


def test_an_alt_text_is_kept_as_written() -> None:
    alt = 'Smith & Jones "{_{ Partners }_}" <Trust>'
    filled = fill(SCOPING_LETTER, sample(SCOPING_LETTER), with_logo(alt=alt))
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        [picture] = _drawings(archive.read("word/header1.xml"))
    assert picture.get("descr") == alt


def test_without_a_logo_the_header_has_no_picture_and_no_empty_line() -> None:
    document = docx.Document(io.BytesIO(fill(ANSWERS, sample(ANSWERS), BRANDING)))
    header = document.sections[0].header
    assert [p.text for p in header.paragraphs] == [
        "OFFICIAL-SENSITIVE",
        f"{PARTNERSHIP}\tCase reference GSCP-2026-0001",
    ]
    assert not header.part.related_parts


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_page_has_the_footer(name: str) -> None:
    document = docx.Document(io.BytesIO(fill(name, sample(name))))
    assert document.sections[0].footer.paragraphs[0].text == BRANDING.fields()["footer"]
