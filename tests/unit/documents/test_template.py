"""The referral Word template filled by docxtpl, read back with python-docx."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.document import Document as DocxDocument

from services.documents.referral import referral_context
from services.documents.render import REFERRAL_TEMPLATE, render_docx, template_fields
from services.documents.templates.build_templates import OUTLINE_LABEL
from tests.unit.documents.factories import PARTNERSHIP, make_case


def render(**case: object) -> DocxDocument:
    context = referral_context(make_case(**case), PARTNERSHIP)  # type: ignore[arg-type]
    return Document(io.BytesIO(render_docx(REFERRAL_TEMPLATE, context)))


def body_text(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_cells(document: DocxDocument) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


def test_every_template_field_is_filled_and_each_tag_sits_in_one_run() -> None:
    # A tag split across Word runs is invisible to docxtpl and would not be listed here.
    fields = template_fields(REFERRAL_TEMPLATE)
    assert fields == set(referral_context(make_case(), PARTNERSHIP))


def test_the_form_wording_and_the_case_answers() -> None:
    document = render()
    text = body_text(document)
    assert text[:3] == [
        PARTNERSHIP,
        "REFERRAL OF A SERIOUS INCIDENT FORM",
        "Case reference: GSCP-2026-0001",
    ]
    assert "Background Information" in text
    assert "Agency Referral" in text
    assert "Section 2: Case Background" in text
    assert OUTLINE_LABEL in text
    assert table_cells(document) == [
        ["Name of Child", "Amelia Hartley-O'Brien"],
        ["Date of Birth", "14 March 2019"],
        ["Date of Referral", "20 November 2026"],
        [
            "Name of Person Making referral",
            "Agency Designation and Title",
            "Contact Details \u2013 Address, telephone number and e-mail address",
        ],
        [
            "Sam Practitioner",
            "Designated Safeguarding Lead, Riverside Primary School",
            "sam.practitioner@school.example",
        ],
    ]
    assert not any("{{" in p or "{%" in p for p in text)


def test_the_outline_keeps_the_writers_paragraphs_and_line_breaks() -> None:
    text = body_text(render())
    start = text.index(OUTLINE_LABEL) + 1
    assert text[start:] == [
        "Admitted to hospital with unexplained injuries.\nSeen by the on-call paediatrician.",
        "Siblings placed with grandparents.",
    ]


def test_markup_typed_by_a_practitioner_is_shown_literally() -> None:
    document = render(child_name='Amy <b> & "Jo"', outline="<w:p>x</w:p> & {{ reference }}")
    assert ["Name of Child", 'Amy <b> & "Jo"'] in table_cells(document)
    assert body_text(document)[-1] == "<w:p>x</w:p> & {{ reference }}"


def test_header_and_footer_mark_the_document_and_name_the_case() -> None:
    section = render().sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header == ["OFFICIAL-SENSITIVE", "Case reference GSCP-2026-0001"]
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("OFFICIAL-SENSITIVE \u2013 GSCP-2026-0001 \u2013 page")


def test_the_committed_template_is_what_the_build_script_makes(tmp_path: object) -> None:
    from pathlib import Path

    from services.documents.templates.build_templates import build_referral

    rebuilt = build_referral(Path(str(tmp_path)) / "referral.docx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(rebuilt) == parts(REFERRAL_TEMPLATE)
