"""The referral confirmation end to end: the referral stored by intake's repository in
PostgreSQL, the job through Redis and a burst worker, the email over SMTP to a real server."""

from __future__ import annotations

from datetime import UTC, datetime

from redis import Redis
from rq.job import JobStatus
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import OPS, MakeApp
from tests.integration.notifier.factories import (
    CHILD_NAME,
    DSL,
    OUTLINE,
    REFERRER,
    add_referral,
)
from tests.integration.notifier.queues import drain

JOB = "services.notifier.jobs.send_referral_confirmation"


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(message)).all()]


def test_the_referrer_gets_one_confirmation_with_the_reference_only(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    stored = add_referral(engine, received_at=datetime(2026, 11, 20, 10, 15, tzinfo=UTC))
    reference = stored.reference

    job = enqueue(redis_conn, JOB, case_reference=reference)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    [received] = smtp_outbox.messages()
    assert received["To"] == REFERRER
    assert received["Reply-To"] == OPS
    assert received["Subject"] == f"Referral received \N{EN DASH} {reference}"
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert f"Reference: {reference}\n" in text
    assert "Form: Referral of a serious incident\n" in text
    assert "Date received: Friday 20 November 2026\n" in text
    assert "within 5 working days" in text
    assert f"email {OPS} and quote reference {reference}." in text
    raw = received.as_string()
    for personal in (CHILD_NAME, "Hartley", OUTLINE, DSL, "Made-up answer", "Jo Example"):
        assert personal not in raw, personal

    [row] = rows(engine)
    assert row["idempotency_key"] == f"referral-confirmation:{reference}"
    assert row["template"] == "referral_confirmation"
    assert row["case_reference"] == reference
    assert row["recipient"] == REFERRER
    assert row["status"] == "sent"
    assert row["backend_id"] == received["Message-ID"]

    # the job again (open_case ran twice, a retry after a crash): nothing more is sent
    enqueue(redis_conn, JOB, case_reference=reference)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 1
    assert len(rows(engine)) == 1


def test_practice_learning_next_step(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    reference = add_referral(engine, kind="practice_learning").reference
    enqueue(redis_conn, JOB, case_reference=reference)
    drain(redis_conn)
    [received] = smtp_outbox.messages()
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert "Form: Referral for practice learning\n" in text
    assert "considered at the next Learning from Practice Group meeting" in text


def test_a_referral_not_readable_yet_is_retried_without_sending(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    job = enqueue(redis_conn, JOB, case_reference="GSCP-2026-0404")
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == []
    assert rows(engine) == []


def test_no_referrer_email_finishes_without_sending(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    reference = add_referral(engine, referrer_email=None).reference
    job = enqueue(redis_conn, JOB, case_reference=reference)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert smtp_outbox.messages() == []
    assert rows(engine) == []
