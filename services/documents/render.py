"""Fill a Word template with docxtpl, printing every value literally."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: any form's answers (both referral forms), built by templates/build_templates.py
ANSWERS_TEMPLATE = TEMPLATES / "answers.docx"
#: the letter to accompany the scoping form (App. ii), one per agency
SCOPING_LETTER_TEMPLATE = TEMPLATES / "scoping_letter.docx"
#: the Report of Rapid Review (App. iv): its answers, the meeting's date and participants
RAPID_REVIEW_REPORT_TEMPLATE = TEMPLATES / "rapid_review_report.docx"
#: the letter to the national Panel accompanying the report (App. v)
PANEL_LETTER_TEMPLATE = TEMPLATES / "panel_letter.docx"


def literal(value: Any) -> Markup:
    """A field's value as XML text that reads exactly as the value.

    Escaped here rather than left to autoescape because docxtpl, after rendering, also
    rewrites ``{_{``, ``}_}``, ``{_%`` and ``%_}`` anywhere in the document into braces; an
    underscore written as a character reference is not seen by that rewrite and reads the
    same in Word.
    """
    escaped = str(escape(value))
    return Markup(escaped.replace("_", "&#95;"))  # noqa: S704 - escaped on the line above


def template_environment() -> Environment:
    # autoescape: docxtpl does not escape by default, and a "<" or "&" typed by a
    # practitioner would otherwise corrupt the document XML. StrictUndefined: a field the
    # context lacks is a bug to fail on, not a blank in a safeguarding document.
    return Environment(autoescape=True, finalize=literal, undefined=StrictUndefined)


def render_docx(template: Path, context: dict[str, Any]) -> bytes:
    """The filled document's bytes."""
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=template_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def template_version(template: Path) -> str:
    """``panel_letter.docx sha256:0a1b2c3d4e5f``: which template (and which edition of it) a
    document was made with, kept with every stored version."""
    digest = hashlib.sha256(template.read_bytes()).hexdigest()[:12]
    return f"{template.name} sha256:{digest}"


def template_fields(template: Path) -> set[str]:
    """Names the template uses (for tests: every field is provided)."""
    return set(DocxTemplate(str(template)).get_undeclared_template_variables())


@dataclass(frozen=True)
class DocumentProperties:
    """What a document says of itself (Word's properties; LibreOffice carries them into the
    PDF's document information and XMP metadata): its title, the partnership as author, and
    the case as subject. Set by code on every document, whatever the template said."""

    title: str
    author: str
    subject: str


def with_properties(document: bytes, properties: DocumentProperties, now: datetime) -> bytes:
    """``document`` (a .docx) with ``properties`` as its core properties."""
    opened = docx.Document(io.BytesIO(document))
    core = opened.core_properties
    core.title = properties.title
    core.author = core.last_modified_by = properties.author
    core.subject = properties.subject
    core.created = core.modified = now.replace(tzinfo=None)
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()
