"""``rapid_review_report.docx``: the Report of Rapid Review (App. iv): its form's answers as
in ``answers.docx``, with the meeting's date, its participants and the quorum, and the
"Date this form submitted to the National Panel" line left blank for the operations team.
Fields: ``services.documents.rr_report.report_context``.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm
from docx.table import Table, _Row

from services.documents import rr_report
from services.documents.render import RAPID_REVIEW_REPORT_TEMPLATE
from services.documents.templates.build.answers import answers, case_document
from services.documents.templates.build.common import (
    LABEL_SHADE,
    heading,
    label_value,
    save,
    shade,
    table,
    tag,
)

PARTICIPANT_WIDTHS = (Cm(5.5), Cm(5.5), Cm(6))


def _participant_row(of: Table, texts: tuple[str, str, str], *, bold: bool = False) -> _Row:
    row = of.add_row()
    for cell, width, text in zip(row.cells, PARTICIPANT_WIDTHS, texts, strict=True):
        cell.width = width
        if text:
            cell.paragraphs[0].add_run(text).bold = bold
    return row


def _participants(document: DocxDocument) -> None:
    """The seed's "List of Participants in Rapid Review", one row per person, and whether
    the meeting was quorate."""
    heading(document, "List of Participants in Rapid Review", "Heading 2")
    people = document.add_table(rows=0, cols=3)
    people.style = "Table Grid"
    people.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = _participant_row(people, ("Name", "Job Role/Title", "Agency/Organisation"), bold=True)
    for cell in header.cells:
        shade(cell.paragraphs[0], LABEL_SHADE)
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _participant_row(people, ("{%tr for person in participants %}", "", ""))
    _participant_row(people, ("{{ person.name }}", "{{ person.job_role }}", "{{ person.agency }}"))
    _participant_row(people, ("{%tr endfor %}", "", ""))
    tag(document, "{%p if not participants %}")
    document.add_paragraph().add_run("No participants recorded").italic = True
    tag(document, "{%p endif %}")
    document.add_paragraph().add_run("{{ quorum }}")


def _submitted(document: DocxDocument) -> None:
    """Left blank: the operations team writes the date it sends the report."""
    # an empty paragraph, or Word joins this table to the last answers table
    document.add_paragraph()
    label_value(table(document), "Date this form submitted to the National Panel:", "")


def build_rapid_review_report(path: Path = RAPID_REVIEW_REPORT_TEMPLATE) -> Path:
    document = case_document(
        (
            ("Case reference", "{{ reference }}"),
            ("Report version", "{{ version }}"),
            ("Date of Rapid Review", "{{ meeting_date }}"),
        )
    )
    _participants(document)
    answers(document)
    _submitted(document)
    return save(document, path, rr_report.TITLE)
