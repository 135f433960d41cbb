"""The answers Word template filled by docxtpl, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from services.documents.catalogue import ANSWERS
from services.documents.referral import referral_context
from services.documents.render import ANSWERS_TEMPLATE
from services.documents.templates.build.answers import build_answers
from shared.forms.registry import FORMS, REFERRAL_FORMS
from tests.unit.documents.branding_factories import FOOTER, fill
from tests.unit.documents.factories import CHILD_NAME, PARTNERSHIP, make_answers, make_case


def render(**case: Any) -> DocxDocument:
    context = referral_context(make_case(**case), PARTNERSHIP)
    return Document(io.BytesIO(fill(ANSWERS, context)))


def blocks(document: DocxDocument) -> list[Paragraph | Table]:
    """Paragraphs and tables in document order."""
    found: list[Paragraph | Table] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            found.append(Paragraph(element, document))
        elif element.tag.endswith("}tbl"):
            found.append(Table(element, document))
    return found


def headings(document: DocxDocument, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def rows(table: Table) -> list[tuple[str, str]]:
    return [(row.cells[0].text, row.cells[-1].text) for row in table.rows]


def answer(document: DocxDocument, label: str) -> str:
    return next(v for t in document.tables for k, v in rows(t) if k == label)


@pytest.mark.parametrize("form_id", sorted(REFERRAL_FORMS))
def test_every_field_inside_the_loops_is_given(form_id: str) -> None:
    # render_docx fails on any undefined name (StrictUndefined), those inside loops included
    case = make_case(form_id=form_id, answers=make_answers(form_id=form_id, items=2))
    document = Document(io.BytesIO(fill(ANSWERS, referral_context(case, PARTNERSHIP))))
    text = [p.text for p in document.paragraphs]
    assert not any("{{" in t or "{%" in t for t in text)
    assert headings(document, "Heading 3") == [p.title for p in FORMS[form_id].pages]


def test_the_front_names_the_partnership_the_form_and_the_case() -> None:
    document = render()
    first = blocks(document)[:4]
    assert [b.text for b in first[:3] if isinstance(b, Paragraph)] == [
        PARTNERSHIP,
        "Appendix i",
        "REFERRAL OF A SERIOUS INCIDENT FORM",
    ]
    assert isinstance(first[3], Table)
    assert rows(first[3]) == [
        ("Case reference", "GSCP-2026-0001"),
        ("Date of Referral", "20 November 2026"),
    ]


def test_sections_pages_and_rows_follow_the_form() -> None:
    form = FORMS["practice-learning"]
    document = render(form_id="practice-learning")
    assert headings(document, "Heading 1") == ["REFERRAL FOR PRACTICE LEARNING FORM"]
    assert headings(document, "Heading 2") == [s.title for s in form.sections]
    assert answer(document, "Name of Child") == CHILD_NAME
    assert answer(document, "Date of Birth") == "14 March 2019"
    label = next(q.label for q in form.questions() if q.id == "learning")
    assert answer(document, label) == make_answers(form_id="practice-learning")["learning"]


def test_each_family_member_and_event_is_its_own_titled_table() -> None:
    document = render(answers=make_answers(items=3))
    titled = {
        t.rows[0].cells[0].text: rows(t)[1:]
        for t in document.tables
        if t.rows[0].cells[0].text == t.rows[0].cells[1].text
    }
    family = [k for k in titled if k.startswith("Family member")]
    assert family == [
        "Family member or significant other 1: Jo Example",
        "Family member or significant other 2: Jo Example 2",
        "Family member or significant other 3: Jo Example 3",
    ]
    assert titled[family[2]][:3] == [
        ("Name", "Jo Example 3"),
        ("Address", "Made-up answer to Address"),
        ("Relationship to Child", "Mother 3"),
    ]
    events = [k for k in titled if k.startswith("Event ")]
    assert len(events) == 3
    assert dict(titled[events[-1]])["Event"] == (
        "Attended the emergency department with a head injury. 3"
    )
    # an empty paragraph keeps consecutive tables apart (Word would join them)
    kinds = [type(b).__name__ for b in blocks(document)]
    assert "TableTable" not in "".join(kinds)


def test_an_empty_group_says_so() -> None:
    document = render(answers=make_answers(chronology=[]))
    text = [p.text for p in document.paragraphs]
    assert text[text.index("Chronology") + 1] == "No events added"


def test_an_answer_keeps_the_writers_paragraphs_and_line_breaks() -> None:
    document = render()
    cell = next(
        row.cells[1]
        for t in document.tables
        for row in t.rows
        if row.cells[0].text.startswith("Please provide a brief outline")
    )
    assert [p.text for p in cell.paragraphs] == [
        "Admitted to hospital with unexplained injuries.\nSeen by the on-call paediatrician.",
        "Siblings placed with grandparents.",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "{{ reference }}",
        "{% if true %}x{% endif %}",
        "<w:t>x</w:t></w:r></w:p>",
        'Amy <b> & "Jo"',
        "{_{ reference }_} and {_% x %_}",
        "{#r comment #}",
    ],
)
def test_whatever_is_typed_comes_out_as_literal_text(typed: str) -> None:
    family = [{"name": typed, "relationship": typed}]
    document = render(answers=make_answers(child_name=typed, outline=typed, family_members=family))
    assert answer(document, "Name of Child") == typed
    assert answer(document, "Relationship to Child") == typed
    assert f"Family member or significant other 1: {typed}" in [
        t.rows[0].cells[0].text for t in document.tables
    ]
    outline = next(
        row.cells[1].text
        for t in document.tables
        for row in t.rows
        if row.cells[0].text.startswith("Please provide a brief outline")
    )
    assert outline == typed


def test_header_and_footer_mark_the_document_and_name_the_case() -> None:
    section = render().sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header == ["OFFICIAL-SENSITIVE", f"{PARTNERSHIP}\tCase reference GSCP-2026-0001"]
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0] == FOOTER
    assert footer[1].startswith("OFFICIAL-SENSITIVE \u2013 GSCP-2026-0001 \u2013 page")
    assert render().core_properties.subject == "GSCP-2026-0001"


def test_the_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    rebuilt = build_answers(tmp_path / "answers.docx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(rebuilt) == parts(ANSWERS_TEMPLATE)


def test_a_document_says_what_it_is_whatever_its_template_said() -> None:
    from datetime import UTC, datetime

    import docx

    from services.documents.render import (
        PANEL_LETTER_TEMPLATE,
        DocumentProperties,
        with_properties,
    )

    original = PANEL_LETTER_TEMPLATE.read_bytes()
    properties = DocumentProperties("A title & <more>", "Partnership Ltd", "Case GSCP-2026-0001")
    made = with_properties(original, properties, datetime(2026, 12, 4, 9, 30, tzinfo=UTC))
    core = docx.Document(io.BytesIO(made)).core_properties
    assert (core.title, core.author, core.subject) == (
        "A title & <more>",
        "Partnership Ltd",
        "Case GSCP-2026-0001",
    )
    assert core.last_modified_by == "Partnership Ltd"
    assert core.created == datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(made)).paragraphs]
    assert paragraphs == [p.text for p in docx.Document(io.BytesIO(original)).paragraphs]
