"""open_case and record_document through Redis and a burst worker, into PostgreSQL."""

from __future__ import annotations

from datetime import date

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus
from sqlalchemy import Table, func, select
from sqlalchemy.engine import Engine

from services.scheduler.bootstrap import Container
from services.scheduler.readmodel import fetch_case
from services.scheduler.tables import case, case_document, deadline
from shared.forms import samples
from shared.forms.registry import get_form
from shared.queue import enqueue
from tests.integration.scheduler.factories import store_referral


def count(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def drain(redis_conn: Redis) -> None:
    SimpleWorker(["scheduler"], connection=redis_conn).work(burst=True)


def test_open_case_job_stores_the_case_and_asks_for_document_and_alert(
    scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    referral_id = store_referral(engine).id

    job = enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=referral_id)
    assert job.id == f"open-case-{referral_id}"
    drain(redis_conn)

    assert Job.fetch(job.id, connection=redis_conn).get_status() == JobStatus.FINISHED
    with engine.connect() as conn:
        row = conn.execute(select(case)).one()
        clocks = {d.clock: d.due_on for d in conn.execute(select(deadline))}
    assert (row.reference, row.referral_id, row.state) == (
        "GSCP-2026-0001",
        referral_id,
        "referral_received",
    )
    assert clocks == {
        "inform_lead_representatives": date(2026, 4, 7),
        "criteria_decision": date(2026, 4, 13),
        "notify_panel": date(2026, 4, 13),
        "rapid_review_complete": date(2026, 4, 27),
    }
    documents = Queue("documents", connection=redis_conn)
    notifier = Queue("notifier", connection=redis_conn)
    assert documents.job_ids == ["render-referral-GSCP-2026-0001"]
    assert notifier.job_ids == [
        "new-referral-alert-GSCP-2026-0001",
        "referral-confirmation-GSCP-2026-0001",
    ]
    render = Job.fetch("render-referral-GSCP-2026-0001", connection=redis_conn)
    assert render.func_name == "services.documents.jobs.render_referral"
    assert render.kwargs == {"case_reference": "GSCP-2026-0001"}
    alert = Job.fetch("new-referral-alert-GSCP-2026-0001", connection=redis_conn)
    assert alert.func_name == "services.notifier.jobs.send_new_referral_alert"


def test_running_open_case_again_changes_nothing(
    scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    referral_id = store_referral(engine).id
    enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=referral_id)
    drain(redis_conn)
    enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=referral_id)
    drain(redis_conn)

    assert count(engine, case) == 1
    assert count(engine, deadline) == 4
    # the follow-up jobs are still waiting, so the second run did not add copies
    assert Queue("documents", connection=redis_conn).count == 1
    assert Queue("notifier", connection=redis_conn).count == 2


def test_open_case_for_a_referral_not_yet_visible_is_retried_later(
    scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    job = enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=424242)
    drain(redis_conn)
    job = Job.fetch(job.id, connection=redis_conn)
    assert job.get_status() == JobStatus.SCHEDULED
    assert job.retries_left == 4
    assert count(engine, case) == 0


def test_record_document_job_attaches_once(
    scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    enqueue(
        redis_conn,
        "services.scheduler.jobs.open_case",
        referral_id=store_referral(engine).id,
    )
    drain(redis_conn)
    kwargs = {
        "document_id": 31,
        "case_reference": "GSCP-2026-0001",
        "kind": "referral",
        "format": "pdf",
        "filename": "GSCP-2026-0001-referral.pdf",
        "sha256": "f" * 64,
        "size": 4096,
    }
    for _ in range(2):
        enqueue(redis_conn, "services.scheduler.jobs.record_document", **kwargs)
        drain(redis_conn)
    with engine.connect() as conn:
        rows = conn.execute(select(case_document)).all()
    assert [(r.document_id, r.filename, r.size) for r in rows] == [
        (31, "GSCP-2026-0001-referral.pdf", 4096)
    ]


def test_the_read_model_gives_the_case_with_intakes_answers(
    scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    form = get_form("serious-incident")
    answers = samples.answers(form, today=date(2026, 4, 1), items=3)
    stored = store_referral(engine, answers=answers)
    enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=stored.id)
    drain(redis_conn)

    with engine.connect() as conn:
        snapshot = fetch_case(conn, stored.reference)
    assert snapshot is not None
    assert (snapshot.referral_id, snapshot.form_id, snapshot.form_version) == (
        stored.id,
        "serious-incident",
        1,
    )
    assert snapshot.answers == answers
    assert snapshot.next_deadline is not None
    assert snapshot.next_deadline.clock == "inform_lead_representatives"
