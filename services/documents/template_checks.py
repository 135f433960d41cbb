"""Whether an administrator's .docx may stand in for a built-in template.

In order, each step only once the one before it passed: the file is a Word document
(.docx, not a macro-enabled one nor a Word template) within the size limit, readable, with
no file linked from outside it; every field it uses is one cspr provides for that template,
and it uses every required one (both lists given in full); it fills in with made-up data
(``template_samples``) leaving no tag unfilled (one in a comment, say, which docxtpl does
not fill);
and LibreOffice converts the result to PDF through the real pool. The problems are worded
for the GOV.UK error summary of the console's upload page. Plain Python.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from html import unescape

from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from services.documents.branding import Branding
from services.documents.catalogue import TemplateSpec
from services.documents.ports import ConversionError, ConversionTimeout, Converter
from services.documents.render import render_docx, template_fields

#: the largest file accepted: a template with a logo or two fits well within it (and a
#: request to the console, MAX_REQUEST_BYTES, holds it with room to spare)
MAX_TEMPLATE_BYTES = 1536 * 1024
MAX_TEMPLATE_SIZE = "1.5 MB"
#: what a .docx may unpack to: more is a zip bomb, not a letter
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 1000
#: an upload is checked while the administrator waits: its test conversion gets at most
#: this long, so that the answer comes well within the web servers' 120 s
UPLOAD_CONVERSION_SECONDS = 60.0
WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

NOT_DOCX = "not_docx"
EMPTY = "empty"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
LINKED_FILES = "linked_files"
UNKNOWN_FIELDS = "unknown_fields"
MISSING_FIELDS = "missing_fields"
RENDER_FAILED = "render_failed"
LEFTOVER_TAGS = "leftover_tags"
CONVERSION_FAILED = "conversion_failed"

_CHOOSE_DOCX = "The selected file must be a Word document (.docx)"
_TAG = re.compile(r"\{[{%#]|[}%#]\}")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Problem:
    code: str
    #: for the error summary
    message: str
    #: the fields it is about (unknown or missing)
    fields: tuple[str, ...] = ()


class TemplateRefused(Exception):
    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Accepted:
    fields_used: frozenset[str]
    #: fields cspr provides that the template does not use (none of them required)
    unused: tuple[str, ...]


def _said(error: TemplateError) -> str:
    """Jinja's own words for what is wrong with a tag."""
    return (error.message or type(error).__name__)[:300]


def _listed(names: set[str]) -> str:
    return ", ".join(sorted(names))


def _check_file(filename: str, data: bytes) -> None:
    if not data:
        raise TemplateRefused(Problem(EMPTY, "The selected file is empty"))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            Problem(TOO_LARGE, f"The selected file must be smaller than {MAX_TEMPLATE_SIZE}")
        )
    if not filename.lower().endswith(".docx"):
        raise TemplateRefused(Problem(NOT_DOCX, _CHOOSE_DOCX))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateRefused(Problem(NOT_DOCX, _CHOOSE_DOCX)) from None
    with archive:
        _check_parts(archive)


def _unreadable(why: str) -> TemplateRefused:
    return TemplateRefused(
        Problem(
            UNREADABLE,
            f"The selected file could not be read: {why}. Open it in Word, save it as a "
            "Word Document (.docx) and upload that",
        )
    )


def _check_parts(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise TemplateRefused(Problem(NOT_DOCX, _CHOOSE_DOCX))
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise _unreadable("it unpacks to more than a Word document can hold")
    try:
        if archive.testzip() is not None:
            raise _unreadable("it is damaged")
        parts = {
            i.filename: archive.read(i) for i in infos if i.filename.endswith((".xml", ".rels"))
        }
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise _unreadable("it is damaged") from exc
    types = parts["[Content_Types].xml"]
    if b"macroEnabled" in types or "word/vbaProject.bin" in names:
        raise TemplateRefused(Problem(NOT_DOCX, f"{_CHOOSE_DOCX} without macros"))
    if WORD_DOCUMENT.encode() not in types:
        raise TemplateRefused(
            Problem(NOT_DOCX, f"{_CHOOSE_DOCX}: save a Word template (.dotx) as a Word Document")
        )
    if any(b"<!DOCTYPE" in part.upper() for part in parts.values()):
        # Word never writes one; an XML entity could read files of the server
        raise _unreadable("it holds a document type declaration, which Word does not write")
    linked = sorted(
        {
            str(rel.get("Target"))
            for name, part in parts.items()
            if name.endswith(".rels")
            for rel in _relationships(part)
            if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK
        }
    )
    if linked:
        raise TemplateRefused(
            Problem(
                LINKED_FILES,
                f"The template links to files outside it ({', '.join(linked[:3])}): insert "
                "pictures and other files into the document instead of linking to them",
            )
        )


def _relationships(part: bytes) -> list[etree._Element]:
    try:
        root = etree.fromstring(part, parser=_SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise _unreadable("it is damaged") from exc
    return [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("Relationship")]


def _check_fields(spec: TemplateSpec, data: bytes) -> set[str]:
    try:
        used = template_fields(data)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(
            Problem(
                UNREADABLE,
                f"The template has a tag that cannot be read ({_said(exc)}): check each "
                "{{ }}, {% %} and {%p %} is complete and every {% if %} and {% for %} has "
                "its end",
            )
        ) from exc
    except Exception as exc:  # python-docx or lxml on a damaged file
        raise _unreadable("it is damaged") from exc
    declared = set(spec.all_fields)
    problems = []
    if unknown := used - declared:
        problems.append(
            Problem(
                UNKNOWN_FIELDS,
                f"The template uses fields cspr does not provide: {_listed(unknown)}. Use "
                "only the fields listed on this page",
                tuple(sorted(unknown)),
            )
        )
    if missing := spec.required - used:
        problems.append(
            Problem(
                MISSING_FIELDS,
                f"The template must use these fields: {_listed(missing)}",
                tuple(sorted(missing)),
            )
        )
    if problems:
        raise TemplateRefused(*problems)
    return used


def _document_text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = [n for n in archive.namelist() if re.fullmatch(r"word/[a-z0-9]+\.xml", n)]
        xml = " ".join(archive.read(n).decode("utf-8", "replace") for n in parts)
    return unescape(re.sub(r"<[^>]+>", "", xml))


def _check_filled(spec: TemplateSpec, data: bytes, branding: Branding, today: date) -> bytes:
    context = {**branding.fields(), **spec.sample(branding.name, today)}
    try:
        filled = render_docx(data, context)
    except TemplateError as exc:
        raise TemplateRefused(
            Problem(
                RENDER_FAILED,
                f"The template could not be filled in with sample data: {_said(exc)}",
            )
        ) from exc
    except Exception as exc:  # docxtpl rebuilding the document XML
        raise TemplateRefused(
            Problem(
                RENDER_FAILED,
                "The template could not be filled in with sample data: the document's "
                f"structure around a tag is not one docxtpl can fill ({type(exc).__name__})",
            )
        ) from exc
    if found := _TAG.search(text := _document_text(filled)):
        shown = text[found.start() : found.start() + 30].strip()
        raise TemplateRefused(
            Problem(
                LEFTOVER_TAGS,
                f"Filled in, the template still shows \u201c{shown}\u201d: the tag is where "
                "cspr does not fill tags in (a comment, an endnote, a chart), or Word has split "
                "it in two. Move it into the text, or delete it and type it again in one go",
            )
        )
    return filled


def _check_converts(filled: bytes, converter: Converter) -> None:
    try:
        converter.to_pdf(filled)
    except ConversionTimeout as exc:
        raise TemplateRefused(
            Problem(
                CONVERSION_FAILED,
                "LibreOffice did not convert the filled-in template to PDF in the time "
                "allowed. Try again; if it happens again, simplify the template",
            )
        ) from exc
    except ConversionError as exc:
        raise TemplateRefused(
            Problem(
                CONVERSION_FAILED,
                "LibreOffice could not convert the filled-in template to PDF: open it in "
                "Word, save it again as a Word Document (.docx) and upload that",
            )
        ) from exc


def check_template(
    spec: TemplateSpec,
    filename: str,
    data: bytes,
    *,
    branding: Branding,
    converter: Converter,
    today: date,
) -> Accepted:
    """Raises TemplateRefused with what is wrong, or says what the template uses."""
    _check_file(filename, data)
    used = _check_fields(spec, data)
    filled = _check_filled(spec, data, branding, today)
    _check_converts(filled, converter)
    unused = tuple(sorted(set(spec.all_fields) - used))
    return Accepted(frozenset(used), unused)
