"""Making the Report of Rapid Review and the Panel letter with every port faked: what is
stored and announced, versions that are drafts, missing or not approved, and re-runs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from docx import Document

from services.documents import jobs
from services.documents.app import create_app
from services.documents.common import sha256_hex
from services.documents.panel_letter import ReportNotUsable
from services.documents.ports import ConversionTimeout
from services.documents.rr_generation import (
    DRAFT,
    MISSING,
    NOT_APPROVED,
    Drafted,
    generate_panel_letter,
    generate_rapid_review_report,
)
from services.scheduler.readmodel import ReportSnapshot
from shared import runtime
from shared.config import load_config
from tests.unit.documents.factories import NOW, PARTNERSHIP, Fakes
from tests.unit.documents.fakes import InMemoryReports
from tests.unit.documents.rr_factories import LETTER_SETTINGS, make_report

REF = "GSCP-2026-0001"
REPORT = f"cases/{REF}/rapid-review-report/v1"
LETTER = f"cases/{REF}/panel-letter/v1"


class World(Fakes):
    def __init__(self, *reports: ReportSnapshot) -> None:
        super().__init__()
        self.reports = InMemoryReports(*reports)


def report(world: World, version: int = 1) -> Drafted:
    return generate_rapid_review_report(
        REF,
        version,
        reports=world.reports,
        store=world.store,
        converter=world.converter,
        records=world.records,
        announcer=world.announcer,
        failures=world.failures,
        partnership_name=PARTNERSHIP,
        clock=lambda: NOW,
    )


def letter(world: World, version: int = 1) -> Drafted:
    return generate_panel_letter(
        REF,
        version,
        reports=world.reports,
        store=world.store,
        converter=world.converter,
        records=world.records,
        announcer=world.announcer,
        failures=world.failures,
        settings=LETTER_SETTINGS,
        clock=lambda: NOW,
    )


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def nothing_made(world: World) -> bool:
    return (
        world.store.objects == {}
        and world.records.rows == {}
        and world.converter.calls == []
        and world.announcer.announced == []
    )


def test_the_report_is_stored_as_docx_and_pdf_and_announced() -> None:
    world = World(make_report())
    result = report(world)

    assert set(world.store.objects) == {f"{REPORT}.docx", f"{REPORT}.pdf"}
    docx = world.store.objects[f"{REPORT}.docx"]
    assert world.converter.calls == [docx.data]
    assert docx.metadata == {
        "case-reference": REF,
        "kind": "rapid-review-report",
        "document": "rapid-review-report",
        "version": "1",
        "source": "report-v1",
        "template-version": docx.metadata["template-version"],
        "job-id": "",
        "report-version": "1",
        "sha256": sha256_hex(docx.data),
    }
    assert docx.metadata["template-version"].startswith("rapid_review_report.docx sha256:")
    text = docx_text(docx.data)
    assert "Date of Rapid Review\n17 April 2026" in text
    assert "Zoë Ngọc Trâm" in text
    docx_record, pdf_record = result.records
    assert (docx_record.kind, pdf_record.kind) == ("rapid-review-report",) * 2
    assert (docx_record.version, pdf_record.source) == (1, "report-v1")
    assert pdf_record.filename == f"{REF}-rapid-review-report-v1.pdf"
    assert world.announcer.announced == result.records
    assert (result.reused, result.skipped) == (False, "")


def test_each_final_version_has_files_of_its_own() -> None:
    world = World(make_report(version=1), make_report(version=2))
    first, second = report(world, 1), report(world, 2)

    assert len(world.store.objects) == len(world.records.rows) == 4
    assert {r.id for r in first.records}.isdisjoint(r.id for r in second.records)
    assert second.records[1].object_key == f"cases/{REF}/rapid-review-report/v2.pdf"
    assert [r.source for r in second.records] == ["report-v2", "report-v2"]


@pytest.mark.parametrize("make", [report, letter], ids=["report", "letter"])
def test_a_draft_or_missing_version_makes_nothing(make: Callable[..., Drafted]) -> None:
    draft = World(make_report(status="draft"))
    assert make(draft) == Drafted(records=[], reused=False, skipped=DRAFT)
    assert nothing_made(draft)
    missing = World(make_report(version=1))
    assert make(missing, 2) == Drafted(records=[], reused=False, skipped=MISSING)
    assert nothing_made(missing)


def test_running_again_reuses_the_stored_files_and_announces_again() -> None:
    world = World(make_report())
    first, second = report(world), report(world)

    assert (second.reused, second.records) == (True, first.records)
    assert len(world.converter.calls) == 1
    assert world.store.puts == 2
    assert len(world.announcer.announced) == 4


def test_the_letter_is_drafted_once_all_three_partners_approved() -> None:
    world = World(make_report())
    result = letter(world)

    assert set(world.store.objects) == {f"{LETTER}.docx", f"{LETTER}.pdf"}
    text = docx_text(world.store.objects[f"{LETTER}.docx"].data)
    assert "Decision of the Rapid Review of GSCP-2026-0001" in text
    assert "Date: 20 November 2026" in text
    assert "Dear Dame Ada Lovelace," in text
    assert "endorsed by the three lead representatives" in text
    assert [r.kind for r in result.records] == ["panel-letter"] * 2
    assert [r.kind for r in world.announcer.announced] == ["panel-letter"] * 2
    assert world.store.objects[f"{LETTER}.pdf"].metadata["kind"] == "panel-letter"


@pytest.mark.parametrize("approved_by", [(), ("local_authority",), ("local_authority", "police")])
def test_without_every_approval_no_letter_is_drafted(approved_by: tuple[str, ...]) -> None:
    world = World(make_report(approved_by=approved_by))
    assert letter(world) == Drafted(records=[], reused=False, skipped=NOT_APPROVED)
    assert nothing_made(world)


def test_a_disagreement_is_not_an_approval() -> None:
    disagreed = make_report()
    decisions = tuple(
        replace(d, decision="disagreed") if d.partner == "police" else d
        for d in disagreed.decisions
    )
    world = World(replace(disagreed, decisions=decisions))
    assert letter(world).skipped == NOT_APPROVED
    assert nothing_made(world)


def test_the_letter_is_reused_with_its_first_date() -> None:
    world = World(make_report())
    first = letter(world)
    again = generate_panel_letter(
        REF,
        1,
        reports=world.reports,
        store=world.store,
        converter=world.converter,
        records=world.records,
        announcer=world.announcer,
        failures=world.failures,
        settings=LETTER_SETTINGS,
        clock=lambda: NOW.replace(month=12),
    )
    assert (again.reused, again.records) == (True, first.records)
    assert "20 November 2026" in docx_text(world.store.objects[f"{LETTER}.docx"].data)


def test_a_letter_without_a_recommendation_fails_and_stores_nothing() -> None:
    world = World(make_report(recommendation={"answer": "z"}))
    with pytest.raises(ReportNotUsable):
        letter(world)
    assert nothing_made(world)


def test_a_failed_conversion_stores_records_and_announces_nothing() -> None:
    world = World(make_report())
    world.converter.fail_with = ConversionTimeout("no unoserver converted the document")
    with pytest.raises(ConversionTimeout):
        report(world)
    with pytest.raises(ConversionTimeout):
        letter(world)
    assert world.store.objects == {} and world.records.rows == {}
    assert world.announcer.announced == []


@pytest.fixture
def job_world() -> Iterator[World]:
    runtime.clear()
    world = World(make_report())
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "SERVICE_TOKEN": "unit-test-service-token-0123456789",
            "UNOSERVER_POOL": "127.0.0.1:9",
            "CHAIR_NAME": "Dr Helen Okafor",
            "PANEL_CHAIR_NAME": "Sir Alan Wood",
            "PANEL_ADDRESS": "Panel Secretariat|1 Example Street|London",
        },
    )
    create_app(config, **world.overrides(), reports=world.reports)
    yield world
    runtime.clear()


def test_the_jobs_fill_the_documents_from_the_settings(job_world: World) -> None:
    made = jobs.render_rapid_review_report(case_reference=REF, version=1)
    drafted = jobs.render_panel_letter(case_reference=REF, version=1)

    rows = {(r.kind, r.format): r.id for r in job_world.records.for_case(REF)}
    assert made == {
        "documents": [
            rows["rapid-review-report", "docx"],
            rows["rapid-review-report", "pdf"],
        ],
        "reused": False,
        "skipped": "",
    }
    assert drafted["documents"] == [rows["panel-letter", "docx"], rows["panel-letter", "pdf"]]
    text = docx_text(job_world.store.objects[f"{LETTER}.docx"].data)
    assert "Sir Alan Wood, Chair\nPanel Secretariat\n1 Example Street\nLondon" in text
    assert "Dear Sir Alan Wood," in text
    assert "Yours sincerely\nDr Helen Okafor\nChair of the Learning from Practice Group" in text
    assert "Timpson" not in text
    assert jobs.render_panel_letter(case_reference=REF, version=2) == {
        "documents": [],
        "reused": False,
        "skipped": MISSING,
    }
