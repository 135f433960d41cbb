"""The Report of Rapid Review (App. iv) as data and as a filled Word template: the form's
answers as the console shows them, and the blocks the form does not ask (the meeting's date,
its participants and quorum, the date sent to the Panel left blank)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table

from services.documents.catalogue import RAPID_REVIEW_REPORT
from services.documents.render import RAPID_REVIEW_REPORT_TEMPLATE
from services.documents.rr_report import report_context
from services.documents.templates.build.report import build_rapid_review_report
from services.scheduler.readmodel import MeetingParticipant
from shared.forms.registry import get_form
from tests.unit.documents.branding_factories import fill
from tests.unit.documents.factories import CHILD_NAME, PARTNERSHIP
from tests.unit.documents.rr_factories import (
    PARTICIPANTS,
    REPORT_FORM,
    make_report,
    make_report_answers,
    without,
)

HEADER = ("Name", "Job Role/Title", "Agency/Organisation")


def context(**report: Any) -> dict[str, Any]:
    return report_context(make_report(**report), get_form(REPORT_FORM), PARTNERSHIP)


def render(**report: Any) -> DocxDocument:
    return Document(io.BytesIO(fill(RAPID_REVIEW_REPORT, context(**report))))


def cells(table: Table) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for row in table.rows]


def participants_table(document: DocxDocument) -> Table:
    return next(t for t in document.tables if cells(t) and cells(t)[0] == HEADER)


def texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_front_names_the_form_the_case_the_version_and_the_meeting() -> None:
    document = render(version=2)
    assert texts(document)[:3] == [
        PARTNERSHIP,
        "Appendix iv",
        get_form(REPORT_FORM).document_title,
    ]
    assert cells(document.tables[0]) == [
        ("Case reference", "GSCP-2026-0001"),
        ("Report version", "2"),
        ("Date of Rapid Review", "17 April 2026"),
    ]
    assert cells(render(meeting_on=None).tables[0])[2] == ("Date of Rapid Review", "Not given")


def test_the_participants_are_listed_with_the_quorum() -> None:
    document = render()
    assert cells(participants_table(document)) == [
        HEADER,
        *((p.name, p.job_role, p.agency) for p in PARTICIPANTS),
    ]
    text = texts(document)
    assert "List of Participants in Rapid Review" in text
    assert (
        "Quorate: the local authority, the police and the health partner were represented." in text
    )
    assert "No participants recorded" not in text


def test_an_unquorate_meeting_says_who_was_missing() -> None:
    text = texts(render(participants=without("police", "health")))
    assert (
        "Not quorate: the Rapid Review did not include a representative of the police and "
        "the health partner." in text
    )


def test_a_meeting_with_nobody_recorded_says_so() -> None:
    document = render(participants=())
    assert cells(participants_table(document)) == [HEADER]
    assert "No participants recorded" in texts(document)


def test_the_answers_follow_the_form_definition() -> None:
    document = render(recommendation={"answer": "d", "details": "A SAR by the adults board"})
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 3"]
    assert headings == [p.title for p in get_form(REPORT_FORM).pages]
    rows = [row for t in document.tables for row in cells(t)]
    assert ("Name of Child", CHILD_NAME) in rows
    assert (
        "After completing this Rapid Review it has been agreed that this case:",
        "Warrants consideration of DHR, SAR, MAPPA SFO or other: A SAR by the adults board",
    ) in rows


def test_the_date_sent_to_the_panel_is_left_blank_at_the_end() -> None:
    document = render()
    assert cells(document.tables[-1]) == [
        ("Date this form submitted to the National Panel:", ""),
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "St {{ Mary }}'s & <b>Friends</b>",
        "{% if x %}Trust{% endif %} {_{ x }_}",
        "<w:t>Oxleas</w:t> &amp; Co",
        "Siân Llŷr-Prydderch, Zoë Ngọc Trâm, Oisín Ó Briain",
    ],
)
def test_what_is_typed_comes_out_literally(typed: str) -> None:
    person = MeetingParticipant(typed, typed, typed, "police")
    document = render(
        participants=(person,), answers=make_report_answers(child_name=typed, discussion=typed)
    )
    assert cells(participants_table(document))[1] == (typed, typed, typed)
    rows = [row for t in document.tables[2:-1] for row in cells(t)]
    assert ("Name of Child", typed) in rows
    assert any(value == typed for label, value in rows if label.startswith("Record of Rapid"))


def test_header_carries_the_marking_and_the_case() -> None:
    section = render().sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "OFFICIAL-SENSITIVE",
        f"{PARTNERSHIP}\tCase reference GSCP-2026-0001",
    ]


def test_the_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    rebuilt = build_rapid_review_report(tmp_path / "rapid_review_report.docx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(rebuilt) == parts(RAPID_REVIEW_REPORT_TEMPLATE)
