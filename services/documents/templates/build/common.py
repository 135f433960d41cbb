"""What every built-in template shares: the A4 page, Arial styles, tables of labels and
values, docxtpl's paragraph and row tags, the seed's emphasis, and saving with fixed bytes."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

MARKING = "OFFICIAL-SENSITIVE"
BLACK = RGBColor(0, 0, 0)
LABEL_SHADE = "D9D9D9"
TITLE_SHADE = "BFBFBF"
LABEL_WIDTH, VALUE_WIDTH = Cm(6), Cm(11)
#: the width between the margins of an A4 page
TEXT_WIDTH = Cm(17)
DASH = "\u2013"  # the seed forms' en dash
#: the seed's emphasis: **bold**, *italic*; a Jinja tag inside one stays in that one run
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    # East-Asian font slot too, or LibreOffice substitutes its own default for some glyphs
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLACK
        style.font.italic = False


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))


def new_document() -> DocxDocument:
    """An empty A4 document with the templates' styles."""
    document = Document()
    _styles(document)
    _page(document)
    return document


def letter_styles(document: DocxDocument) -> None:
    """Smaller headings than a form's, and single-spaced lines, so that a letter under its
    letterhead fits on one page."""
    normal = document.styles["Normal"].paragraph_format
    normal.line_spacing = 1.0
    normal.space_after = Pt(8)
    for name, size, before in (("Title", 14, 0), ("Heading 1", 12, 12), ("Heading 2", 11, 6)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)


def page_field(paragraph: Paragraph) -> None:
    """The page number, filled in by Word or LibreOffice."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def shade(cell_paragraph: Paragraph, fill: str) -> None:
    tc_pr = cell_paragraph._parent._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def table(document: DocxDocument) -> Table:
    """A two-column table of labels and values."""
    made = document.add_table(rows=0, cols=2)
    made.style = "Table Grid"
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    return made


def row(of: Table) -> _Row:
    added = of.add_row()
    added.cells[0].width, added.cells[1].width = LABEL_WIDTH, VALUE_WIDTH
    return added


def label_value(of: Table, label: str, value: str) -> None:
    cells = row(of).cells
    cells[0].paragraphs[0].add_run(label).bold = True
    shade(cells[0].paragraphs[0], LABEL_SHADE)
    # alone in its paragraph: docxtpl turns an answer's paragraph marks (\a) into new
    # paragraphs with this paragraph's properties
    cells[1].paragraphs[0].add_run(value)


def loop_rows(of: Table, rows: str) -> None:
    """Rows looped by docxtpl: ``{%tr %}`` replaces the whole row holding it."""
    row(of).cells[0].paragraphs[0].add_run(f"{{%tr for row in {rows} %}}")
    label_value(of, "{{ row.label }}", "{{ row.text }}")
    row(of).cells[0].paragraphs[0].add_run("{%tr endfor %}")


def title_row(of: Table, text: str) -> None:
    added = row(of)
    cell = added.cells[0].merge(added.cells[1])
    cell.paragraphs[0].add_run(text).bold = True
    shade(cell.paragraphs[0], TITLE_SHADE)
    # a long item continues on the next page under its own title
    added._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def tag(document: DocxDocument, text: str) -> None:
    """A ``{%p %}`` paragraph: docxtpl replaces the whole paragraph with the tag."""
    document.add_paragraph().add_run(text)


def heading(document: DocxDocument, text: str, style: str) -> None:
    document.add_paragraph(style=style).add_run(text)


def marked(paragraph: Paragraph, text: str) -> Paragraph:
    """Add ``text`` to ``paragraph`` as runs, bold where the seed has ``**``, italic where
    it has ``*``."""
    for part in _EMPHASIS.split(text):
        if part.startswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*"):
            paragraph.add_run(part[1:-1]).italic = True
        elif part:
            paragraph.add_run(part)
    return paragraph


def say(document: DocxDocument, text: str, style: str | None = None) -> Paragraph:
    return marked(document.add_paragraph(style=style), text)


def preserved(paragraph: Paragraph, text: str) -> None:
    """A run whose text may start with a space once filled in: Word drops leading spaces
    of a run unless told to keep them."""
    run = paragraph.add_run(text)
    run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")


def save(document: DocxDocument, path: Path, title: str) -> Path:
    props = document.core_properties
    props.title = title
    props.subject = "{{ reference }}"
    props.author = props.last_modified_by = "cspr"
    props.comments = ""
    props.keywords = ""
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    document.save(str(path))
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx (a zip) with fixed entry times: rebuilding gives identical bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
