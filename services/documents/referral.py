"""The referral document (App. i) as data: object keys, file names, the template's fields.

Plain Python: no Flask, database or storage here, so the wording and the text cleaning are
unit-tested directly.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from services.documents.ports import ReferralCase

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
    """GOV.UK style: 14 March 2019."""
    if day is None:
        return NOT_GIVEN
    return f"{day.day} {day:%B %Y}"


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


def referral_context(case: ReferralCase, partnership_name: str) -> dict[str, Any]:
    """The fields of templates/referral.docx. Values are plain strings: docxtpl escapes
    them (``autoescape=True``), so ``<``, ``&`` and quotes are shown literally."""
    return {
        "partnership_name": one_line(partnership_name),
        "reference": check_reference(case.reference),
        "referral_date": long_date(case.received_on),
        "child_name": one_line(case.child_name),
        "child_date_of_birth": long_date(case.child_date_of_birth),
        "referrer_name": one_line(case.referrer_name),
        "referrer_agency": one_line(case.referrer_agency),
        "referrer_contact": one_line(case.referrer_email),
        "outline": multi_line(str(case.details.get("outline") or "")),
    }
