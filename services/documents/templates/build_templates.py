"""Build the Word templates: ``answers.docx``, any form's answers (a referral, App. i or vi);
``scoping_letter.docx``, the letter to accompany the scoping form (App. ii);
``rapid_review_report.docx``, the Report of Rapid Review (App. iv: its form's answers as in
``answers.docx``, with the meeting's date and participants); and ``panel_letter.docx``, the
letter to the national Panel that accompanies it (App. v).

Run ``.venv/bin/python -m services.documents.templates.build_templates`` after changing
this file and commit the script and the templates together. The templates are generated
rather than edited in Word so that every Jinja tag sits inside one Word run (Word splits text
into runs unpredictably, and a tag split across runs is not seen by docxtpl) and their layout
is reviewable in a diff.

The answers template holds no wording of any form: it loops over what
``services.documents.referral.referral_context`` gives (the form definition's own sections,
pages, labels and answers, through ``shared.forms.present.summary``), so a new question or a
new form needs no change here. The letter's wording is the seed's, verbatim, with its
placeholders as fields of ``services.documents.scoping_letter.scoping_letter_context``, and
the Panel letter's as fields of ``services.documents.panel_letter.panel_letter_context``.
"""

from __future__ import annotations

import re
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
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from services.documents import panel_letter, rr_report, scoping_letter

HERE = Path(__file__).resolve().parent
ANSWERS = HERE / "answers.docx"
SCOPING_LETTER = HERE / "scoping_letter.docx"
RAPID_REVIEW_REPORT = HERE / "rapid_review_report.docx"
PANEL_LETTER = HERE / "panel_letter.docx"
MARKING = "OFFICIAL-SENSITIVE"
BLACK = RGBColor(0, 0, 0)
LABEL_SHADE = "D9D9D9"
TITLE_SHADE = "BFBFBF"
LABEL_WIDTH, VALUE_WIDTH = Cm(6), Cm(11)
DASH = "\u2013"  # the seed forms' en dash


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


def _table(document: DocxDocument) -> Table:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _row(table: Table) -> _Row:
    row = table.add_row()
    row.cells[0].width, row.cells[1].width = LABEL_WIDTH, VALUE_WIDTH
    return row


def _label_value(table: Table, label: str, value: str) -> None:
    cells = _row(table).cells
    cells[0].paragraphs[0].add_run(label).bold = True
    _shade(cells[0].paragraphs[0], LABEL_SHADE)
    # alone in its paragraph: docxtpl turns an answer's paragraph marks (\a) into new
    # paragraphs with this paragraph's properties
    cells[1].paragraphs[0].add_run(value)


def _loop_rows(table: Table, rows: str) -> None:
    """Rows looped by docxtpl: ``{%tr %}`` replaces the whole row holding it."""
    _row(table).cells[0].paragraphs[0].add_run(f"{{%tr for row in {rows} %}}")
    _label_value(table, "{{ row.label }}", "{{ row.text }}")
    _row(table).cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _title_row(table: Table, tag: str) -> None:
    row = _row(table)
    cell = row.cells[0].merge(row.cells[1])
    cell.paragraphs[0].add_run(tag).bold = True
    _shade(cell.paragraphs[0], TITLE_SHADE)
    # a long item continues on the next page under its own title
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _tag(document: DocxDocument, tag: str) -> None:
    """A ``{%p %}`` paragraph: docxtpl replaces the whole paragraph with the tag."""
    document.add_paragraph().add_run(tag)


def _heading(document: DocxDocument, tag: str, style: str) -> None:
    document.add_paragraph(style=style).add_run(tag)


def _front(document: DocxDocument) -> None:
    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run("{{ caption }}").bold = True
    heading = document.add_paragraph(style="Heading 1")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("{{ document_title }}")
    facts = _table(document)
    _label_value(facts, "Case reference", "{{ reference }}")
    _label_value(facts, "Date of Referral", "{{ referral_date }}")


def _answers(document: DocxDocument) -> None:
    """Sections → pages → a page's rows, or a repeating group's items, each its own table."""
    _tag(document, "{%p for section in sections %}")
    _heading(document, "{{ section.title }}", "Heading 2")
    _tag(document, "{%p for page in section.pages %}")
    _heading(document, "{{ page.title }}", "Heading 3")
    _tag(document, "{%p if page.rows %}")
    _loop_rows(_table(document), "page.rows")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for entry in page.entries %}")
    item = _table(document)
    _title_row(item, "{{ entry.title }}")
    _loop_rows(item, "entry.rows")
    # an empty paragraph between items, or Word joins consecutive tables into one
    document.add_paragraph()
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if page.empty %}")
    document.add_paragraph().add_run("{{ page.empty }}").italic = True
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")


def _new_document() -> DocxDocument:
    document = Document()
    _styles(document)
    _page(document)
    return document


def _save(document: DocxDocument, path: Path, title: str) -> Path:
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


def build_answers(path: Path = ANSWERS) -> Path:
    document = _new_document()
    _header_footer(document)
    _front(document)
    _answers(document)
    return _save(document, path, "Referral")


# --- the scoping letter (App. ii) ----------------------------------------------------------

#: the seed's emphasis: **bold**, *italic*; a Jinja tag inside one stays in that one run
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _marked(paragraph: Paragraph, text: str) -> Paragraph:
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


def _say(document: DocxDocument, text: str, style: str | None = None) -> Paragraph:
    return _marked(document.add_paragraph(style=style), text)


def _letter_header_footer(document: DocxDocument) -> None:
    section = document.sections[0]
    for part in (section.header, section.footer):
        marking = part.paragraphs[0]
        marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marking.add_run(MARKING).bold = True


def _letter_head(document: DocxDocument) -> None:
    """Who writes, when, to whom, about which case (the seed's letter leaves these out)."""
    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    _say(document, "{{ letter_date }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _say(document, "{{ representative }}")
    _say(document, "{{ agency_name }}")
    _say(document, "Our reference: **{{ reference }}**")


def _letter_body(document: DocxDocument) -> None:
    """The seed's App. ii from its title to "Enc:", verbatim but for the placeholders and
    the form's return "through the secure link in the email" (not "at the address included
    on the form": the form is answered online)."""
    _say(
        document,
        "LETTER TO ACCOMPANY INITIAL SCOPING AND INFORMATION SHARING FORM FOR A RAPID REVIEW",
        "Heading 1",
    )
    _say(document, "Dear {{ representative }},")
    _say(
        document,
        f"Child Safeguarding Practice Review {DASH} Initial Scoping and Information Sharing",
        "Heading 2",
    )
    _say(
        document,
        "We have received notification of a serious incident which may meet the criteria "
        "for a child safeguarding practice review. We will, therefore, be holding a Rapid "
        "Review to consider the case.",
    )
    _say(
        document,
        "To inform the Rapid Review meeting, we need to gather the basic facts about the "
        "case and determine the extent of agency involvement with the child and/or any "
        "family members. This will help the safeguarding partners decide whether to "
        "undertake a formal child safeguarding practice review and to determine the most "
        "appropriate method to identify and cascade learning from this case.",
    )
    _say(document, "We are initially asking agencies to:")
    for item in (
        "Clarify whether your organisation had any involvement with the subject child "
        "and/or named individuals within the family composition outlined in Section I of "
        "the attached form.",
        "Complete the attached '*Initial Scoping and Information Sharing*' form if you have "
        "had any involvement with the subject child or a member of their family.",
        "Secure all records/files in relation to this case, ensuring that they **are "
        "removed to a secure place** where they are **not accessible** to agency personnel "
        "other than through you or your nominated representatives.",
        "Keep your agency's submission in relation to this case **separate** from the case "
        "records/files.",
    ):
        _say(document, item, "List Number")
    _say(
        document,
        "If the child or family is not known to your organisation, please confirm this in writing.",
    )
    _say(
        document,
        "We are required to hold the Rapid Review meeting and agree the way forward within "
        "timescales outlined in national guidance (currently within 15 working days). This "
        "initial scoping and information sharing form should, therefore, be returned to us "
        "through the secure link in the email that came with this letter **within 5 working "
        "days**. In this case this will be **{{ return_by }}**.",
    )
    _say(
        document,
        "If you require any further information please contact {{ contact_name }} on "
        "{{ contact_phone }}.",
    )
    _say(document, "Yours sincerely,")
    _tag(document, "{%p if chair_name %}")
    _say(document, "{{ chair_name }}")
    _tag(document, "{%p endif %}")
    _say(document, "Chair of the Learning from Practice Group")
    _say(document, "Enc: Initial Scoping and Information Sharing Form")


def _letter_styles(document: DocxDocument) -> None:
    """Smaller headings than a form's, so that the letter fits on one page."""
    for name, size, before in (("Title", 14, 0), ("Heading 1", 12, 12), ("Heading 2", 11, 6)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)


def build_scoping_letter(path: Path = SCOPING_LETTER) -> Path:
    document = _new_document()
    _letter_styles(document)
    _letter_header_footer(document)
    _letter_head(document)
    _letter_body(document)
    return _save(document, path, scoping_letter.TITLE)


# --- the Report of Rapid Review (App. iv) --------------------------------------------------

PARTICIPANT_WIDTHS = (Cm(5.5), Cm(5.5), Cm(6))


def _participant_row(table: Table, texts: tuple[str, str, str], *, bold: bool = False) -> _Row:
    row = table.add_row()
    for cell, width, text in zip(row.cells, PARTICIPANT_WIDTHS, texts, strict=True):
        cell.width = width
        if text:
            cell.paragraphs[0].add_run(text).bold = bold
    return row


def _participants(document: DocxDocument) -> None:
    """The seed's "List of Participants in Rapid Review", one row per person, and whether
    the meeting was quorate."""
    _heading(document, "List of Participants in Rapid Review", "Heading 2")
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = _participant_row(table, ("Name", "Job Role/Title", "Agency/Organisation"), bold=True)
    for cell in header.cells:
        _shade(cell.paragraphs[0], LABEL_SHADE)
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _participant_row(table, ("{%tr for person in participants %}", "", ""))
    _participant_row(table, ("{{ person.name }}", "{{ person.job_role }}", "{{ person.agency }}"))
    _participant_row(table, ("{%tr endfor %}", "", ""))
    _tag(document, "{%p if not participants %}")
    document.add_paragraph().add_run("No participants recorded").italic = True
    _tag(document, "{%p endif %}")
    document.add_paragraph().add_run("{{ quorum }}")


def _report_front(document: DocxDocument) -> None:
    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run("{{ caption }}").bold = True
    heading = document.add_paragraph(style="Heading 1")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("{{ document_title }}")
    facts = _table(document)
    _label_value(facts, "Case reference", "{{ reference }}")
    _label_value(facts, "Report version", "{{ version }}")
    _label_value(facts, "Date of Rapid Review", "{{ meeting_date }}")


def _submitted(document: DocxDocument) -> None:
    """Left blank: the operations team writes the date it sends the report."""
    # an empty paragraph, or Word joins this table to the last answers table
    document.add_paragraph()
    _label_value(_table(document), "Date this form submitted to the National Panel:", "")


def build_rapid_review_report(path: Path = RAPID_REVIEW_REPORT) -> Path:
    document = _new_document()
    _header_footer(document)
    _report_front(document)
    _participants(document)
    _answers(document)
    _submitted(document)
    return _save(document, path, rr_report.TITLE)


# --- the letter to the national Panel (App. v) ---------------------------------------------


def _preserved(paragraph: Paragraph, text: str) -> None:
    """A run whose text may start with a space once filled in: Word drops leading spaces
    of a run unless told to keep them."""
    run = paragraph.add_run(text)
    run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")


def _panel_letter_body(document: DocxDocument) -> None:
    """The seed's App. v from its title to "Enc:", verbatim but for the placeholders: the
    date, the Panel's chair and address (settings), the case, the notification date, and
    the outcome chosen rather than "[Delete as appropriate]"."""
    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    _say(
        document,
        "LETTER TO CHILD SAFEGUARDING PRACTICE REVIEW PANEL TO ACCOMPANY REPORT OF RAPID "
        "REVIEW DECISIONS AND RECOMMENDATIONS",
        "Heading 1",
    )
    _say(document, "**Date:** {{ letter_date }}")
    _say(document, "{{ addressee }}")
    _say(document, "{{ salutation }}")
    _say(document, "Decision of the Rapid Review of {{ reference }}")
    _say(
        document,
        "I am writing to you in your capacity as Chair of the Child Safeguarding Practice "
        "Review Panel.",
    )
    _say(
        document,
        "Our Safeguarding Partners received notification of a serious incident which may "
        "meet the criteria for a child safeguarding practice review on {{ notified_on }} and "
        "have, therefore, undertaken a Rapid Review to consider the case.",
    )
    concluded = _say(document, "{{ partners }} and concluded that the case **{{ outcome }}.**")
    _preserved(concluded, "{% if recommends %} {{ recommends }}{% endif %}")
    _say(
        document,
        "I attach for your information a copy of our completed Rapid Review Template which "
        "provides a summary of the case and the Rapid Review's decision-making process and "
        "rationale. This decision has been endorsed by the three lead representatives for "
        "our Safeguarding Partnership.",
    )
    _say(
        document,
        "I trust this is sufficient information for you to share with the Panel. However, "
        "please do not hesitate to contact me if you require any further information.",
    )
    _say(document, "Yours sincerely")
    _tag(document, "{%p if chair_name %}")
    _say(document, "{{ chair_name }}")
    _tag(document, "{%p endif %}")
    _say(document, "Chair of the Learning from Practice Group")
    _say(document, "{{ partnership_name }}")
    _say(document, "Enc: Rapid Review Template")


def build_panel_letter(path: Path = PANEL_LETTER) -> Path:
    document = _new_document()
    _letter_styles(document)
    _letter_header_footer(document)
    _panel_letter_body(document)
    return _save(document, path, panel_letter.TITLE)


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
    for built in (
        build_answers(),
        build_scoping_letter(),
        build_rapid_review_report(),
        build_panel_letter(),
    ):
        print(built)
