"""The partnership's branding, configuration used by every document: its name, logo,
address, contact details and the text of every page's footer.

Read once when the documents service starts (``Branding.from_config``): a logo that is
missing, unreadable, too large or not a PNG or JPEG stops the service with a message naming
``PARTNERSHIP_LOGO``, rather than failing every document later. Every template is filled
with ``Branding.fields()`` besides its own fields (``template_source.Template.render``).
Plain Python: no Flask, database or storage here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image

from services.documents.common import one_line
from services.documents.fields import Field
from shared.config import Config, ConfigError

#: a logo is a small picture: anything larger is a mistake (a photo, a poster)
LOGO_MAX_BYTES = 1024 * 1024
#: what LibreOffice embeds in a PDF/A-2b as it is (PDF/A-2 allows a PNG's transparency)
LOGO_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
#: the logo's height in every header; its width follows its proportions
LOGO_HEIGHT_MM = 15

FIELDS = {
    "partnership_name": Field("The partnership's name (setting PARTNERSHIP_NAME)"),
    "logo": Field(
        f"The partnership's logo (setting PARTNERSHIP_LOGO), {LOGO_HEIGHT_MM} mm high, "
        "described to screen readers by the partnership's name. Empty when no logo is set: "
        "put it alone in a paragraph between {%p if logo %} and {%p endif %}"
    ),
    "partnership_address": Field(
        "The partnership's postal address, one line each (setting PARTNERSHIP_ADDRESS); "
        "may be empty"
    ),
    "partnership_phone": Field(
        "The partnership's telephone number (setting PARTNERSHIP_CONTACT_PHONE)"
    ),
    "partnership_email": Field("The operations team's email address (setting OPS_EMAIL)"),
    "footer": Field(
        "The text of every page's footer (setting DOCUMENT_FOOTER, or the partnership's name)"
    ),
}


class LogoError(ValueError):
    """The logo cannot be used; the message says why, for the person who set it."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str
    #: what a screen reader says for the picture (Word's and the tagged PDF's alt text)
    alt: str


def read_logo(path: Path, alt: str) -> Logo:
    """The logo in ``path``; raises LogoError saying what is wrong with it."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise LogoError(f"{path} is not a file")
        if size > LOGO_MAX_BYTES:
            raise LogoError(f"{path} is {size:,} bytes: a logo must be at most 1 MB")
        data = path.read_bytes()
    except OSError as exc:
        raise LogoError(f"{path} cannot be read ({exc.strerror or type(exc).__name__})") from exc
    try:
        image = Image.from_blob(data)
    except (UnrecognizedImageError, ValueError, IndexError) as exc:
        raise LogoError(f"{path} is not a PNG or JPEG image") from exc
    if image.content_type not in LOGO_TYPES:
        raise LogoError(f"{path} is a {image.ext.upper()} image: use a PNG or JPEG")
    if image.px_width < 1 or image.px_height < 1:
        raise LogoError(f"{path} has no pixels")
    return Logo(data, image.content_type, alt)


def address_lines(address: str) -> tuple[str, ...]:
    """``A|B||C`` as its non-empty lines."""
    return tuple(line for line in (one_line(p, blank="") for p in address.split("|")) if line)


@dataclass(frozen=True)
class Branding:
    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    #: empty: the partnership's name
    footer: str = ""
    logo: Logo | None = None

    @classmethod
    def from_config(cls, config: Config) -> Branding:
        """Raises ConfigError naming PARTNERSHIP_LOGO when the logo cannot be used."""
        name = one_line(config["PARTNERSHIP_NAME"])
        logo_path = config["PARTNERSHIP_LOGO"].strip()
        try:
            logo = read_logo(Path(logo_path), alt=name) if logo_path else None
        except LogoError as problem:
            raise ConfigError(f"PARTNERSHIP_LOGO: {problem}") from problem
        return cls(
            name=name,
            address=address_lines(config["PARTNERSHIP_ADDRESS"]),
            phone=config["PARTNERSHIP_CONTACT_PHONE"],
            email=config["OPS_EMAIL"],
            footer=config["DOCUMENT_FOOTER"],
            logo=logo,
        )

    def fields(self) -> dict[str, Any]:
        """The branding fields of every template (``FIELDS``): plain strings, and the logo
        as a ``Logo`` that ``render.render_docx`` places as a picture ("" when none)."""
        name = one_line(self.name)
        return {
            "partnership_name": name,
            "logo": self.logo or "",
            # docxtpl prints "\n" as a line break
            "partnership_address": "\n".join(self.address),
            "partnership_phone": one_line(self.phone, blank=""),
            "partnership_email": one_line(self.email, blank=""),
            "footer": one_line(self.footer, blank=name),
        }
