"""Build ``referral.docx``, the Word template of the serious-incident referral (App. i).

Run ``.venv/bin/python -m services.documents.templates.build_templates`` after changing
this file and commit both. The template is generated rather than edited in Word so that
every Jinja tag sits inside one Word run (Word splits text into runs unpredictably, and a tag
split across runs is not seen by docxtpl) and the wording is reviewable in a diff.
Labels are the form's own wording (Greenwich "Learning from Practice", Appendix i).
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
REFERRAL = HERE / "referral.docx"
MARKING = "OFFICIAL-SENSITIVE"
BLACK = RGBColor(0, 0, 0)
LABEL_SHADE = "D9D9D9"

OUTLINE_LABEL = (
    "Please provide a brief outline of the child and family circumstances and the incident "
    "that triggered this referral:"
)
SECTION_2_NOTE = (
    "PLEASE NOTE: The information you provide will be used to help establish whether the "
    "case meets the criteria for a Child Safeguarding Practice Review or other type of "
    "learning review."
)
DASH = "\u2013"  # the form's en dash
CONTACT_LABEL = f"Contact Details {DASH} Address, telephone number and e-mail address"


def _styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    # East-Asian font slot too, or LibreOffice substitutes its own default for some glyphs
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12)):
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


def _page_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(document: DocxDocument) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(MARKING).bold = True
    reference = section.header.add_paragraph()
    reference.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    reference.add_run("Case reference ")
    reference.add_run("{{ reference }}").bold = True

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(MARKING).bold = True
    footer.add_run(f" {DASH} ")
    footer.add_run("{{ reference }}")
    footer.add_run(f" {DASH} page ")
    _page_field(footer)


def _shade(cell_paragraph: Paragraph, fill: str) -> None:
    tc_pr = cell_paragraph._parent._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _label(cell_paragraph: Paragraph, text: str) -> None:
    cell_paragraph.add_run(text).bold = True
    _shade(cell_paragraph, LABEL_SHADE)


def _table(document: DocxDocument, columns: int) -> Table:
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _label_value_rows(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    table = _table(document, 2)
    for label, tag in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(6), Cm(11)
        _label(cells[0].paragraphs[0], label)
        cells[1].paragraphs[0].add_run(tag)


def build_referral(path: Path = REFERRAL) -> Path:
    document = Document()
    _styles(document)
    _page(document)
    _header_footer(document)

    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    heading = document.add_paragraph(style="Heading 1")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("REFERRAL OF A SERIOUS INCIDENT FORM")
    reference = document.add_paragraph()
    reference.alignment = WD_ALIGN_PARAGRAPH.CENTER
    reference.add_run("Case reference: ").bold = True
    reference.add_run("{{ reference }}")

    document.add_paragraph("Background Information", style="Heading 2")
    _label_value_rows(
        document,
        [
            ("Name of Child", "{{ child_name }}"),
            ("Date of Birth", "{{ child_date_of_birth }}"),
            ("Date of Referral", "{{ referral_date }}"),
        ],
    )

    document.add_paragraph("Agency Referral", style="Heading 2")
    agency = _table(document, 3)
    labels = agency.add_row().cells
    for cell, label in zip(
        labels,
        ("Name of Person Making referral", "Agency Designation and Title", CONTACT_LABEL),
        strict=True,
    ):
        _label(cell.paragraphs[0], label)
    values = agency.add_row().cells
    for cell, tag in zip(
        values,
        ("{{ referrer_name }}", "{{ referrer_agency }}", "{{ referrer_contact }}"),
        strict=True,
    ):
        cell.paragraphs[0].add_run(tag)

    document.add_paragraph("Section 2: Case Background", style="Heading 2")
    document.add_paragraph().add_run(SECTION_2_NOTE).italic = True
    document.add_paragraph().add_run(OUTLINE_LABEL).bold = True
    # Alone in its paragraph: docxtpl turns the outline's paragraph marks (\a) into new
    # paragraphs with this paragraph's properties.
    document.add_paragraph().add_run("{{ outline }}")

    props = document.core_properties
    props.title = "Referral of a serious incident"
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


if __name__ == "__main__":
    print(build_referral())
