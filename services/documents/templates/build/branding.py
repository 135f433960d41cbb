"""The partnership's branding in every built-in template (its fields: ``branding.FIELDS``
of ``services.documents``): every page's header (the protective marking, the logo when one
is set, the partnership's name, and a case document's reference; a letter's letterhead adds
the partnership's address and contact details) and every page's footer (the ``footer``
text above the marking, with the reference and page number on a case document).

Templates of other documents (a pack's contents page) use the same functions, and are
filled through ``template_source.Template.render``, which adds the branding's fields.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.section import _Header
from docx.shared import Cm, Length, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from services.documents.templates.build.common import DASH, MARKING, TEXT_WIDTH, page_field

FOOTER_SIZE = ADDRESS_SIZE = Pt(9)
#: the letterhead's logo and name; the address takes the rest of the width
LETTERHEAD_LEFT = Cm(11)


def _marking(header: _Header) -> None:
    marking = header.paragraphs[0]
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run(MARKING).bold = True


def _logo_and_name(container: _Header | _Cell) -> Paragraph:
    """The logo alone in its paragraph (left out when none is set), then the name."""
    container.add_paragraph().add_run("{%p if logo %}")
    container.add_paragraph().add_run("{{ logo }}")
    container.add_paragraph().add_run("{%p endif %}")
    name = container.add_paragraph()
    name.add_run("{{ partnership_name }}").bold = True
    return name


def branded_header(document: DocxDocument, *, reference: bool) -> None:
    """Every page's header of a case document: the marking; the logo; the partnership's
    name, and with ``reference`` the case reference at the right margin."""
    header = document.sections[0].header
    _marking(header)
    name = _logo_and_name(header)
    if reference:
        name.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        name.add_run("\tCase reference ")
        name.add_run("{{ reference }}").bold = True


def letterhead(document: DocxDocument) -> None:
    """Every page's header of a letter: the marking; the logo and the partnership's name
    at the left, its postal address, telephone number and email address at the right
    (each left out when not set), side by side so that a letter keeps to one page."""
    header = document.sections[0].header
    _marking(header)
    band = header.add_table(rows=1, cols=2, width=TEXT_WIDTH)
    left, right = band.rows[0].cells
    # the grid's widths for LibreOffice, the cells' for Word
    widths = (LETTERHEAD_LEFT, Length(TEXT_WIDTH - LETTERHEAD_LEFT))
    for column, cell, width in zip(band.columns, (left, right), widths, strict=True):
        column.width = cell.width = width
    _logo_and_name(left)
    # the cell's own first paragraph would be a blank line above the logo
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0].add_run("{%p if partnership_address %}")
    for text in (
        "{{ partnership_address }}",
        "{%p endif %}",
        "{% if partnership_phone %}Telephone: {{ partnership_phone }}{% endif %}",
        "{% if partnership_email %}Email: {{ partnership_email }}{% endif %}",
    ):
        line = right.add_paragraph()
        line.add_run(text)
    for line in right.paragraphs:
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.space_after = Pt(0)
        for run in line.runs:
            run.font.size = ADDRESS_SIZE


def branded_footer(document: DocxDocument, *, reference: bool) -> None:
    """The ``footer`` text; the marking, and with ``reference`` the case reference and the
    page number."""
    footer = document.sections[0].footer
    text = footer.paragraphs[0]
    text.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text.add_run("{{ footer }}").font.size = FOOTER_SIZE
    marking = footer.add_paragraph()
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run(MARKING).bold = True
    if reference:
        marking.add_run(f" {DASH} ")
        marking.add_run("{{ reference }}")
        marking.add_run(f" {DASH} page ")
        page_field(marking)
