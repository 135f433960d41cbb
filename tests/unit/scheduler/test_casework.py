"""Opening cases and attaching documents (SQLite, fake queue), through the job functions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from services.scheduler import jobs
from services.scheduler.bootstrap import Container
from services.scheduler.casework import CaseMissing, ReferralMissing
from services.scheduler.tables import case, case_document, deadline
from tests.unit.scheduler.factories import attach_document, insert_referral
from tests.unit.scheduler.fakes import FakeQueue


def count(c: Container, table: Table) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_open_case_stores_the_case_and_its_clocks(container: Container, queue: FakeQueue) -> None:
    referral_id = insert_referral(container.engine, reference="GSCP-2026-0042")

    assert jobs.open_case(referral_id) == "GSCP-2026-0042"

    with container.engine.connect() as conn:
        row = conn.execute(select(case)).one()
        clocks = {
            d.clock: (d.starts_on, d.due_on, d.met_on) for d in conn.execute(select(deadline))
        }
    assert (row.reference, row.route, row.state) == (
        "GSCP-2026-0042",
        "serious_incident",
        "referral_received",
    )
    assert row.referral_id == referral_id
    assert row.received_on == date(2026, 4, 2)
    # no copy of the answers: they are read through intake's read model
    assert set(row._mapping) == {
        "id",
        "reference",
        "referral_id",
        "route",
        "state",
        "received_at",
        "received_on",
        "opened_at",
        # the lifecycle's own facts, none of them an answer
        "aware_on",
        "outcome",
        "lfp_decisions",
        # who looks after it (a staff id), not an answer either
        "owner_id",
    }
    assert clocks == {
        "inform_lead_representatives": (date(2026, 4, 2), date(2026, 4, 7), None),
        "criteria_decision": (date(2026, 4, 2), date(2026, 4, 13), None),
        "notify_panel": (date(2026, 4, 2), date(2026, 4, 13), None),
        "rapid_review_complete": (date(2026, 4, 2), date(2026, 4, 27), None),
    }
    assert queue.jobs == [
        ("services.documents.jobs.render_referral", {"case_reference": "GSCP-2026-0042"}),
        ("services.notifier.jobs.send_new_referral_alert", {"case_reference": "GSCP-2026-0042"}),
        (
            "services.notifier.jobs.send_referral_confirmation",
            {"case_reference": "GSCP-2026-0042"},
        ),
    ]


def test_open_case_twice_creates_nothing_new(container: Container, queue: FakeQueue) -> None:
    referral_id = insert_referral(container.engine)
    jobs.open_case(referral_id)
    jobs.open_case(referral_id)
    assert count(container, case) == 1
    assert count(container, deadline) == 4
    # the follow-ups are asked for again; their job ids make that harmless
    assert len(queue.jobs) == 6


def test_open_case_for_a_missing_referral_fails_so_rq_retries(
    container: Container, queue: FakeQueue
) -> None:
    with pytest.raises(ReferralMissing):
        jobs.open_case(999)
    assert count(container, case) == 0
    assert queue.jobs == []


def test_a_failure_while_storing_leaves_no_half_case(
    container: Container, queue: FakeQueue
) -> None:
    referral_id = insert_referral(container.engine)
    broken = container.calendar

    class Exploding:
        def add_working_days(self, start: date, n: int) -> date:
            if n == 15:
                raise RuntimeError("calendar broke")
            return broken.add_working_days(start, n)

        def working_days_between(self, start: date, end: date) -> int:
            return broken.working_days_between(start, end)

    container.calendar = Exploding()  # type: ignore[assignment]
    with pytest.raises(RuntimeError):
        jobs.open_case(referral_id)
    assert count(container, case) == 0
    assert count(container, deadline) == 0


def test_record_document_attaches_once(container: Container) -> None:
    referral_id = insert_referral(container.engine, reference="GSCP-2026-0007")
    jobs.open_case(referral_id)
    kwargs: dict[str, Any] = dict(
        document_id=11,
        case_reference="GSCP-2026-0007",
        kind="referral",
        format="pdf",
        filename="GSCP-2026-0007-referral.pdf",
        sha256="0" * 64,
        size=2048,
    )
    assert jobs.record_document(**kwargs) is True
    assert jobs.record_document(**kwargs) is False
    with container.engine.connect() as conn:
        rows = conn.execute(select(case_document)).all()
    assert [(r.document_id, r.format, r.size) for r in rows] == [(11, "pdf", 2048)]


def test_record_document_takes_the_checksum_of_a_remade_file(container: Container) -> None:
    referral_id = insert_referral(container.engine, reference="GSCP-2026-0009")
    jobs.open_case(referral_id)
    kwargs: dict[str, Any] = dict(
        document_id=12,
        case_reference="GSCP-2026-0009",
        kind="referral",
        format="pdf",
        filename="GSCP-2026-0009-referral.pdf",
        sha256="0" * 64,
        size=2048,
    )
    assert jobs.record_document(**kwargs) is True
    assert jobs.record_document(**{**kwargs, "sha256": "1" * 64, "size": 2050}) is True
    with container.engine.connect() as conn:
        rows = conn.execute(select(case_document)).all()
    assert [(r.document_id, r.sha256, r.size) for r in rows] == [(12, "1" * 64, 2050)]


def test_record_document_of_the_docx_and_the_pdf(container: Container) -> None:
    jobs.open_case(insert_referral(container.engine, reference="GSCP-2026-0008"))
    attach_document(container, case_reference="GSCP-2026-0008", document_id=1, format="docx")
    attach_document(container, case_reference="GSCP-2026-0008", document_id=2, format="pdf")
    assert count(container, case_document) == 2


def test_record_document_for_an_unknown_case_fails_so_rq_retries(container: Container) -> None:
    with pytest.raises(CaseMissing):
        attach_document(container, case_reference="GSCP-2026-9999")
