"""The referral document as data: object keys, file names, the template's fields.

The fields come from the form definition the answers follow (``shared.forms``): the same
sections, pages, labels and answer texts as the referrer's check-answers page and the
console, so the three cannot disagree. Plain Python: no Flask, database or storage here.
The cleaning of the strings (``one_line``, ``multi_line``) is shared with the other
documents in ``common.py``; its names stay importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.documents.common import (
    CONTENT_TYPES,
    DOCX,
    FORMATS,
    NOT_GIVEN,
    PDF,
    check_reference,
    long_date,
    multi_line,
    one_line,
    sha256_hex,
)
from services.documents.fields import Field
from services.documents.ports import ReferralCase
from shared.forms.model import Form
from shared.forms.present import PageView, Row, SectionView, summary
from shared.forms.registry import get_form

__all__ = [
    "CONTENT_TYPES",
    "DOCX",
    "FIELDS",
    "FORMATS",
    "KIND",
    "NOT_GIVEN",
    "PDF",
    "check_reference",
    "form_sections",
    "long_date",
    "multi_line",
    "one_line",
    "referral_context",
    "sha256_hex",
]

KIND = "referral"

#: what the answers template may print, besides the branding (``branding.FIELDS``); the
#: loops' names: section.title, section.pages; page.title, page.rows, page.entries (a
#: repeating group's items), page.empty; row.label, row.text; entry.title, entry.rows
SECTIONS = Field(
    "Every section of the form, in order: loop over it ({%p for section in sections %}); "
    "each has a title and pages; a page has a title, rows (each a label and a text), "
    "entries (a repeating group's items, each a title and rows) and empty (what to say "
    "when a group has no items)",
    required=True,
)
FIELDS = {
    "reference": Field("The case reference, GSCP-2026-0001", required=True),
    "document_title": Field(
        "The form's title in capitals, REFERRAL OF A SERIOUS INCIDENT FORM", required=True
    ),
    "caption": Field("The form's appendix, Appendix i"),
    "referral_date": Field("The day the referral was received, 20 November 2026"),
    "sections": SECTIONS,
}


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


def form_sections(form: Form, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``sections`` field of any answers template: every section, page, row and
    repeating item of ``form``, as ``shared.forms.present.summary`` shows them."""
    return [_section(s) for s in summary(form, answers)]


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
        "sections": form_sections(form, case.answers),
    }
