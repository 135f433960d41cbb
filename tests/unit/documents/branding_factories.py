"""The partnership's branding as the documents' tests fill templates with it."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument

from services.documents.branding import Branding, Logo
from services.documents.template_source import Templates
from tests.support.images import png
from tests.unit.documents.factories import PARTNERSHIP

ADDRESS = ("The Woolwich Centre", "35 Wellington Street", "London", "SE18 6HQ")
PHONE = "020 8921 8732"
EMAIL = "ops@partnership.example"
FOOTER = "Greenwich Safeguarding Children Partnership \u2013 learning from practice"
BRANDING = Branding(name=PARTNERSHIP, address=ADDRESS, phone=PHONE, email=EMAIL, footer=FOOTER)


def with_logo(branding: Branding = BRANDING, *, alt: str = PARTNERSHIP) -> Branding:
    return Branding(
        name=branding.name,
        address=branding.address,
        phone=branding.phone,
        email=branding.email,
        footer=branding.footer,
        logo=Logo(png(), "image/png", alt),
    )


def fill(name: str, context: dict[str, Any], branding: Branding = BRANDING) -> bytes:
    """Built-in template ``name`` filled with ``context`` and the branding."""
    return Templates(branding).resolve(name).render(context)


def letterhead(document: DocxDocument) -> tuple[list[str], list[str]]:
    """A letter's header: its paragraphs, and the two cells of its band (the name at the
    left, the address and contact details at the right)."""
    header = document.sections[0].header
    [band] = header.tables
    return [p.text for p in header.paragraphs], [c.text for c in band.rows[0].cells]


#: the right cell of the letterhead with BRANDING
ADDRESS_CELL = "\n".join([*ADDRESS, f"Telephone: {PHONE}", f"Email: {EMAIL}"])
