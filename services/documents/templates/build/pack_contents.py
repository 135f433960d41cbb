"""``pack_contents.docx``: the contents page at the front of a pack (the Rapid Review
meeting pack, the Panel submission pack): what the pack holds, each document's first page,
and in a meeting pack the agencies whose scoping forms are outstanding or to whom the family
is not known. Its fields are ``services.documents.pack_contents.FIELDS``.

The pack's other parts are documents cspr makes anyway; the notification details and a
returned scoping form print through the answers template (``answers.py``).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table

from services.documents.render import PACK_CONTENTS_TEMPLATE
from services.documents.templates.build.branding import branded_footer, branded_header
from services.documents.templates.build.common import (
    LABEL_SHADE,
    heading,
    label_value,
    new_document,
    row,
    save,
    shade,
    table,
    tag,
)


def _header_row(of: Table, texts: tuple[str, str]) -> None:
    cells = row(of).cells
    for cell, text in zip(cells, texts, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        shade(cell.paragraphs[0], LABEL_SHADE)


def _looped(of: Table, loop: str, cells: tuple[str, str]) -> None:
    """Rows looped by docxtpl: ``{%tr %}`` replaces the whole row holding it."""
    row(of).cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    made = row(of).cells
    for cell, text in zip(made, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    row(of).cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _agency_list(document: DocxDocument, items: str, title: str) -> None:
    tag(document, f"{{%p if {items} %}}")
    heading(document, title, "Heading 2")
    agencies = table(document)
    _header_row(agencies, ("Agency", "Scoping form"))
    _looped(agencies, f"agency in {items}", ("{{ agency.name }}", "{{ agency.status }}"))
    tag(document, "{%p endif %}")


def build_pack_contents(path: Path = PACK_CONTENTS_TEMPLATE) -> Path:
    document = new_document()
    branded_header(document, reference=True)
    branded_footer(document, reference=True)
    title = document.add_paragraph(style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("{{ pack_title }}")
    facts = table(document)
    label_value(facts, "Case reference", "{{ reference }}")
    label_value(facts, "Built", "{{ built_at }}")
    label_value(facts, "What it holds", "{{ description }}")
    heading(document, "Contents", "Heading 2")
    contents = table(document)
    _header_row(contents, ("Document", "Page"))
    _looped(contents, "entry in entries", ("{{ entry.title }}", "{{ entry.page }}"))
    _agency_list(document, "outstanding", "Scoping forms outstanding")
    _agency_list(document, "not_known", "Not known to the agency")
    return save(document, path, "Pack contents")
