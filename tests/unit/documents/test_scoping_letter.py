"""The scoping letter (App. ii) as data and as a filled Word template: keys, file names,
fields, the seed's wording and emphasis, and user text printed literally."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from services.documents.catalogue import SCOPING_LETTER
from services.documents.render import SCOPING_LETTER_TEMPLATE
from services.documents.scoping_letter import (
    letter_date,
    return_by,
    scoping_letter_context,
)
from services.documents.templates.build.scoping_letter import build_scoping_letter
from tests.unit.documents.branding_factories import ADDRESS_CELL, FOOTER, fill, letterhead
from tests.unit.documents.factories import (
    AGENCY,
    CHILD_NAME,
    LETTER_SETTINGS,
    PARTNERSHIP,
    REPRESENTATIVE,
    make_scoping_request,
)

TODAY = date(2026, 11, 20)


def context(settings: Any = LETTER_SETTINGS, **request: Any) -> dict[str, Any]:
    return scoping_letter_context(make_scoping_request(**request), settings, TODAY)


def render(settings: Any = LETTER_SETTINGS, **request: Any) -> DocxDocument:
    data = fill(SCOPING_LETTER, context(settings, **request))
    return Document(io.BytesIO(data))


def texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def bold(document: DocxDocument) -> list[str]:
    return [r.text for p in document.paragraphs for r in p.runs if r.bold]


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2026, 12, 14), "5.00 pm on Monday 14 December 2026"),
        (date(2026, 11, 27), "5.00 pm on Friday 27 November 2026"),
        (date(2027, 1, 5), "5.00 pm on Tuesday 5 January 2027"),
    ],
)
def test_the_return_date_is_5_pm_on_the_due_day_with_its_weekday(
    due_on: date, expected: str
) -> None:
    assert return_by(due_on) == expected
    assert context(due_on=due_on)["return_by"] == expected


def test_the_letter_is_dated_on_the_london_day() -> None:
    # 23:30 UTC in summer is already the next day in London
    assert letter_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert letter_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 12, 31)


def test_the_context_addresses_the_representative_of_the_agency_on_the_case() -> None:
    assert context(due_on=date(2026, 12, 14)) == {
        "partnership_name": PARTNERSHIP,
        "letter_date": "20 November 2026",
        "reference": "GSCP-2026-0001",
        "representative": REPRESENTATIVE,
        "agency_name": AGENCY,
        "return_by": "5.00 pm on Monday 14 December 2026",
        "contact_name": "the Partnership Operations Team",
        "contact_phone": "020 8921 8732",
        "chair_name": "",
    }


def test_typed_names_are_cleaned_to_one_line() -> None:
    found = context(representative=" Priya\n\tChandrasekhar\x07 ", agency_name="Oxleas\r\nNHS")
    assert (found["representative"], found["agency_name"]) == (REPRESENTATIVE, "Oxleas NHS")
    assert context(representative="  ")["representative"] == "colleague"


def test_the_letter_is_the_seeds_with_its_placeholders_filled() -> None:
    document = render(due_on=date(2026, 12, 14))
    text = texts(document)
    assert text[:4] == [
        "20 November 2026",
        REPRESENTATIVE,
        AGENCY,
        "Our reference: GSCP-2026-0001",
    ]
    assert "Dear Priya Chandrasekhar," in text
    assert (
        "Child Safeguarding Practice Review \u2013 Initial Scoping and Information Sharing" in text
    )
    assert (
        "We have received notification of a serious incident which may meet the criteria "
        "for a child safeguarding practice review. We will, therefore, be holding a Rapid "
        "Review to consider the case." in text
    )
    assert (
        "We are required to hold the Rapid Review meeting and agree the way forward within "
        "timescales outlined in national guidance (currently within 15 working days). This "
        "initial scoping and information sharing form should, therefore, be returned to us "
        "through the secure link in the email that came with this letter within 5 working "
        "days. In this case this will be 5.00 pm on Monday 14 December 2026." in text
    )
    assert (
        "If you require any further information please contact the Partnership Operations "
        "Team on 020 8921 8732." in text
    )
    assert text[-3:] == [
        "Yours sincerely,",
        "Chair of the Learning from Practice Group",
        "Enc: Initial Scoping and Information Sharing Form",
    ]
    listed = [p.text for p in document.paragraphs if p.style and p.style.name == "List Number"]
    assert [t.split(" ", 1)[0] for t in listed] == ["Clarify", "Complete", "Secure", "Keep"]
    assert not any("[insert" in t or "{{" in t or "{%" in t for t in text)


def test_the_seeds_bold_stays_bold() -> None:
    assert bold(render(due_on=date(2026, 12, 14))) == [
        "GSCP-2026-0001",
        "are removed to a secure place",
        "not accessible",
        "separate",
        "within 5 working days",
        "5.00 pm on Monday 14 December 2026",
    ]


def test_the_chair_signs_by_name_when_one_is_set() -> None:
    signed = texts(render(replace(LETTER_SETTINGS, chair_name="Dr Helen  Okafor")))
    assert signed[-4:-1] == [
        "Yours sincerely,",
        "Dr Helen Okafor",
        "Chair of the Learning from Practice Group",
    ]


def test_the_contact_comes_from_the_settings() -> None:
    settings = replace(LETTER_SETTINGS, contact_name="Sam Rivers", contact_phone="020 7946 0000")
    assert "please contact Sam Rivers on 020 7946 0000." in "\n".join(texts(render(settings)))


@pytest.mark.parametrize(
    "typed",
    [
        "St {{ Mary }}'s & <b>Friends</b>",
        "{% if x %}Trust{% endif %} {_{ x }_}",
        "<w:t>Oxleas</w:t> &amp; Co",
    ],
)
def test_what_is_typed_in_an_agency_name_comes_out_literally(typed: str) -> None:
    document = render(agency_name=typed, representative=f"Jo {typed}")
    text = texts(document)
    assert typed in text
    assert f"Dear Jo {typed}," in text


def test_the_letter_says_nothing_about_the_child() -> None:
    text = "\n".join(texts(render()))
    assert CHILD_NAME not in text
    assert "date of birth" not in text.lower()


def test_header_and_footer_carry_the_marking() -> None:
    section = render().sections[0]
    assert letterhead(render()) == (["OFFICIAL-SENSITIVE"], [PARTNERSHIP, ADDRESS_CELL])
    assert [p.text for p in section.footer.paragraphs] == [FOOTER, "OFFICIAL-SENSITIVE"]
    assert render().core_properties.subject == "GSCP-2026-0001"


def test_the_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    rebuilt = build_scoping_letter(tmp_path / "scoping_letter.docx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(rebuilt) == parts(SCOPING_LETTER_TEMPLATE)
