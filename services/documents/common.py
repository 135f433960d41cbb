"""What every generated document shares: formats, references, checksums and the cleaning
of the plain strings a template prints. Plain Python, unit-tested directly."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from shared.govuk_dates import long_date as govuk_long_date

DOCX = "docx"
PDF = "pdf"
#: a pack's .docx files, as one download
ZIP = "zip"
#: the files of every document: the filled template and its PDF
FORMATS = (DOCX, PDF)
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
    ZIP: "application/zip",
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


def check_format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    return fmt


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def long_date(day: date | None) -> str:
    """GOV.UK style: 14 March 2019; "Not given" when there is none."""
    return NOT_GIVEN if day is None else govuk_long_date(day)


def one_line(text: str | None, blank: str = NOT_GIVEN) -> str:
    """A single-line field: control characters removed, line breaks become spaces;
    ``blank`` when nothing is left."""
    cleaned = _FORBIDDEN.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(cleaned.split()) or blank


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
