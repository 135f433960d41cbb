"""Fill a Word template with docxtpl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

TEMPLATES = Path(__file__).resolve().parent / "templates"
REFERRAL_TEMPLATE = TEMPLATES / "referral.docx"


def render_docx(template: Path, context: dict[str, Any]) -> bytes:
    """The filled document's bytes. ``autoescape=True``: docxtpl does not escape by default,
    and a ``<`` or ``&`` typed by a practitioner would otherwise corrupt the document XML."""
    document = DocxTemplate(str(template))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_fields(template: Path) -> set[str]:
    """Names the template uses (for tests: every field is provided)."""
    return set(DocxTemplate(str(template)).get_undeclared_template_variables())
