"""The referral document as data: object keys, file names, the template's fields.

The fields come from the form definition the answers follow (``shared.forms``): the same
sections, pages, labels and answer texts as the referrer's check-answers page and the
console, so the three cannot disagree. Plain Python: no Flask, database or storage here, so
the text cleaning is unit-tested directly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from services.documents.ports import ReferralCase
from shared.forms.present import PageView, Row, SectionView, summary
from shared.forms.registry import get_form
from shared.govuk_dates import long_date as govuk_long_date

KIND = "referral"
DOCX = "docx"
PDF = "pdf"
FORMATS = (DOCX, PDF)
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
NOT_GIVEN = "Not given"

_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")
# Characters XML 1.0 forbids, plus \a and \f which docxtpl would turn into paragraph and
# page breaks: user text must never decide the document's structure.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_DOCXTPL_PARAGRAPH = "\a"


def check_reference(reference: str) -> str:
    """Case references become object keys and file names: only letters, digits, hyphens."""
    if not _REFERENCE.fullmatch(reference):
        raise ValueError("not a case reference")
    return reference


def filename(reference: str, fmt: str, kind: str = KIND) -> str:
    return f"{check_reference(reference)}-{kind}.{fmt}"


def object_key(reference: str, fmt: str, kind: str = KIND) -> str:
    """Deterministic, so a retried job overwrites its own objects instead of adding more."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return f"cases/{check_reference(reference)}/{kind}/{filename(reference, fmt, kind)}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def long_date(day: date | None) -> str:
    """GOV.UK style: 14 March 2019; "Not given" when there is none."""
    return NOT_GIVEN if day is None else govuk_long_date(day)


def one_line(text: str | None) -> str:
    """A single-line field: control characters removed, line breaks become spaces."""
    cleaned = _FORBIDDEN.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(cleaned.split()) or NOT_GIVEN


def multi_line(text: str | None) -> str:
    """Free text keeping the writer's shape: blank lines separate paragraphs, single line
    breaks stay line breaks (docxtpl renders ``\\a`` as a new paragraph, ``\\n`` as a break).
    """
    cleaned = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _FORBIDDEN.sub("", cleaned.replace("\t", "    ")).strip()
    if not cleaned:
        return NOT_GIVEN
    paragraphs = [
        "\n".join(line.rstrip() for line in part.split("\n")).strip("\n")
        for part in _BLANK_LINES.split(cleaned)
    ]
    return _DOCXTPL_PARAGRAPH.join(p for p in paragraphs if p)


def _rows(rows: Iterable[Row]) -> list[dict[str, str]]:
    return [{"label": one_line(r.label), "text": multi_line(r.text)} for r in rows]


def _page(view: PageView) -> dict[str, Any]:
    # "entries", not "items": Jinja looks up attributes before keys, and a dict has .items()
    return {
        "title": one_line(view.title),
        "rows": _rows(view.rows),
        "entries": [
            {"title": one_line(item.title), "rows": _rows(item.rows)} for item in view.items
        ],
        "empty": one_line(view.empty_text) if view.page.repeating and not view.items else "",
    }


def _section(view: SectionView) -> dict[str, Any]:
    return {"title": one_line(view.title), "pages": [_page(p) for p in view.pages]}


def referral_context(case: ReferralCase, partnership_name: str) -> dict[str, Any]:
    """The fields of templates/answers.docx: the case's referral as its form shows it.

    Values are plain strings; ``render.render_docx`` prints them literally, so ``<``, ``&``,
    ``{{`` or ``<w:t>`` typed by a practitioner appear as typed. Raises
    ``shared.forms.registry.UnknownForm`` for answers of a form version this code does not
    know (the job then fails and is retried, by which time a newer release may be running);
    it never guesses labels.
    """
    form = get_form(case.form_id, case.form_version)
    return {
        "partnership_name": one_line(partnership_name),
        "document_title": one_line(form.document_title),
        "caption": one_line(form.caption),
        "reference": check_reference(case.reference),
        "referral_date": long_date(case.received_on),
        "sections": [_section(s) for s in summary(form, case.answers)],
    }
