"""``answers.docx``: any form's answers (a referral, App. i or vi).

It holds no wording of any form: it loops over what
``services.documents.referral.referral_context`` gives (the form definition's own sections,
pages, labels and answers, through ``shared.forms.present.summary``), so a new question or a
new form needs no change here. The report (``report.py``) prints its answers the same way.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from services.documents.render import ANSWERS_TEMPLATE
from services.documents.templates.build.branding import branded_footer, branded_header
from services.documents.templates.build.common import (
    heading,
    label_value,
    loop_rows,
    new_document,
    save,
    table,
    tag,
    title_row,
)


def case_document(facts: tuple[tuple[str, str], ...]) -> DocxDocument:
    """A case's document: its branded header and footer; the partnership, the form's
    appendix and title; then a table of ``facts`` (label, value)."""
    document = new_document()
    branded_header(document, reference=True)
    branded_footer(document, reference=True)
    partnership = document.add_paragraph(style="Title")
    partnership.alignment = WD_ALIGN_PARAGRAPH.CENTER
    partnership.add_run("{{ partnership_name }}")
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run("{{ caption }}").bold = True
    title = document.add_paragraph(style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("{{ document_title }}")
    table_of_facts = table(document)
    for label, value in facts:
        label_value(table_of_facts, label, value)
    return document


def answers(document: DocxDocument) -> None:
    """Sections → pages → a page's rows, or a repeating group's items, each its own table."""
    tag(document, "{%p for section in sections %}")
    heading(document, "{{ section.title }}", "Heading 2")
    tag(document, "{%p for page in section.pages %}")
    heading(document, "{{ page.title }}", "Heading 3")
    tag(document, "{%p if page.rows %}")
    loop_rows(table(document), "page.rows")
    tag(document, "{%p endif %}")
    tag(document, "{%p for entry in page.entries %}")
    item = table(document)
    title_row(item, "{{ entry.title }}")
    loop_rows(item, "entry.rows")
    # an empty paragraph between items, or Word joins consecutive tables into one
    document.add_paragraph()
    tag(document, "{%p endfor %}")
    tag(document, "{%p if page.empty %}")
    document.add_paragraph().add_run("{{ page.empty }}").italic = True
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")


def build_answers(path: Path = ANSWERS_TEMPLATE) -> Path:
    document = case_document(
        (("Case reference", "{{ reference }}"), ("Date of Referral", "{{ referral_date }}"))
    )
    answers(document)
    return save(document, path, "Referral")
