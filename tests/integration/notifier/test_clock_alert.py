"""The clock alert end to end: a case opened by the scheduler's open_case job in PostgreSQL,
the alert job through Redis and a burst worker, the email over SMTP to a real server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redis import Redis
from rq.job import JobStatus
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from services.scheduler.tables import case
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CHAIR, CONSOLE, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE, REFERRER
from tests.integration.notifier.queues import drain

JOB = "services.notifier.jobs.send_clock_alert"
REFERENCE = "GSCP-2026-0001"
#: Monday 30 November 2026, 9am in London
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
OVERDUE: dict[str, Any] = {
    "case_reference": REFERENCE,
    "clock": "notify_panel",
    "kind": "overdue",
    "day": "2026-11-30",
    "label": "Notify the national Panel",
    "due_on": "2026-11-27",
}


def rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(message)).all()]


def test_overdue_alert_reaches_ops_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=lambda: NOW)
    assert open_referral_case() == REFERENCE

    job = enqueue(redis_conn, JOB, **OVERDUE)
    drain(redis_conn)

    assert job.id == f"clock-alert-{REFERENCE}-notify_panel-overdue-2026-11-30"
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    [sent] = smtp_outbox.messages()
    assert sent["To"] == OPS
    assert sent["From"] == "cspr@partnership.example"
    assert sent["Subject"] == f"{REFERENCE}: Notify the national Panel is overdue"
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None
    lines = body.get_content().splitlines()
    assert "Notify the national Panel is overdue." in lines
    assert f"Reference: {REFERENCE}" in lines
    assert "Step: Notify the national Panel" in lines
    assert "Due: Friday 27 November 2026" in lines
    assert "Status: Overdue" in lines
    assert f"{CONSOLE}/cases/{REFERENCE}" in lines
    raw = sent.as_string()
    assert CHILD_NAME not in raw and "Hartley" not in raw and OUTLINE not in raw
    assert REFERRER not in raw

    [row] = rows(engine)
    assert row["status"] == "sent"
    assert row["recipient"] == OPS
    assert row["case_reference"] == REFERENCE
    assert row["template"] == "clock_alert"
    assert row["idempotency_key"] == f"clock-alert:{REFERENCE}:notify_panel:overdue:2026-11-30"
    assert row["backend_id"] == str(sent["Message-ID"])

    # the same job again (a second scheduler run, a retry after a crash): nothing more is sent
    again = enqueue(redis_conn, JOB, **OVERDUE)
    drain(redis_conn)
    assert again.get_status(refresh=True) == JobStatus.FINISHED
    assert len(smtp_outbox.messages()) == 1
    assert len(rows(engine)) == 1


def test_due_soon_says_tomorrow(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=lambda: datetime(2026, 11, 23, 7, tzinfo=UTC))
    reference = open_referral_case()
    enqueue(
        redis_conn,
        JOB,
        case_reference=reference,
        clock="criteria_decision",
        kind="due_soon",
        day="2026-11-23",
        label="Chair decides whether criteria are met",
        due_on="2026-11-24",
    )
    drain(redis_conn)
    # the chair's decision: the chair first, then the ops team
    chair, sent = smtp_outbox.messages()
    assert (chair["To"], sent["To"]) == (CHAIR, OPS)
    # Python folds a subject this long (starting "REF:") onto its own line, and its parser
    # keeps the fold's space; mail clients unfold it without one
    subject = str(sent["Subject"]).lstrip()
    assert subject == f"{reference}: Chair decides whether criteria are met is due tomorrow"


def test_closed_case_sends_nothing(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=lambda: NOW)
    reference = open_referral_case()
    # as the scheduler leaves a case it has closed (its close action is not what is tested)
    with engine.begin() as conn:
        conn.execute(update(case).where(case.c.reference == reference).values(state="closed"))

    job = enqueue(redis_conn, JOB, **OVERDUE)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert smtp_outbox.messages() == []
    assert rows(engine) == []


def test_case_not_yet_readable_fails_without_sending(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier(clock=lambda: NOW)
    job = enqueue(redis_conn, JOB, **{**OVERDUE, "case_reference": "GSCP-2026-0404"})
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED  # RQ will retry it
    assert smtp_outbox.messages() == []
    assert rows(engine) == []


def test_decision_overdue_reaches_the_chair_then_ops_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=lambda: NOW)
    reference = open_referral_case()
    decision = {
        **OVERDUE,
        "case_reference": reference,
        "clock": "criteria_decision",
        "label": "Chair to decide whether the criteria are met",
    }
    enqueue(redis_conn, JOB, **decision)
    drain(redis_conn)
    enqueue(redis_conn, JOB, **decision)  # a second scheduler run: nothing more
    drain(redis_conn)

    chair, ops = smtp_outbox.messages()
    assert (chair["To"], ops["To"]) == (CHAIR, OPS)
    for sent in (chair, ops):
        subject = str(sent["Subject"]).lstrip()
        assert subject == f"{reference}: Chair to decide whether the criteria are met is overdue"
        raw = sent.as_string()
        assert CHILD_NAME not in raw and "Hartley" not in raw and OUTLINE not in raw
    chair_body = chair.get_body(preferencelist=("plain",))
    ops_body = ops.get_body(preferencelist=("plain",))
    assert chair_body is not None and ops_body is not None
    assert "What to do: Decide whether the criteria for a Rapid Review are met" in (
        chair_body.get_content()
    )
    assert "What to do" not in ops_body.get_content()
    assert f"{CONSOLE}/cases/{reference}" in chair_body.get_content().splitlines()
    key = f"clock-alert:{reference}:criteria_decision:overdue:2026-11-30"
    assert {(r["idempotency_key"], r["recipient"], r["status"]) for r in rows(engine)} == {
        (f"{key}:chair", CHAIR, "sent"),
        (key, OPS, "sent"),
    }
