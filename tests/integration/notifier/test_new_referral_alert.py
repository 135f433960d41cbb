"""The alert job end to end: a referral stored by intake and its case opened by the
scheduler's open_case job in PostgreSQL, the alert job through Redis and a burst worker, the
email over SMTP to a real server."""

from __future__ import annotations

from datetime import datetime

from redis import Redis
from rq.job import JobStatus
from sqlalchemy import select
from sqlalchemy.engine import Engine

from devstack.procs import free_port
from services.notifier.tables import message
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CHAIR, CONSOLE, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE
from tests.integration.notifier.queues import drain, release_due_retries

JOB = "services.notifier.jobs.send_new_referral_alert"
REFERENCE = "GSCP-2026-0001"


def rows(engine: Engine) -> dict[str, dict[str, object]]:
    with engine.connect() as conn:
        return {r.recipient: r._asdict() for r in conn.execute(select(message)).all()}


def test_alert_reaches_ops_and_chair_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier()
    assert open_referral_case() == REFERENCE

    job = enqueue(redis_conn, JOB, case_reference=REFERENCE)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    received = smtp_outbox.messages()
    assert sorted(str(m["To"]) for m in received) == [CHAIR, OPS]
    for msg in received:
        assert msg["From"] == "cspr@partnership.example"
        assert msg["Subject"] == (
            f"New serious incident referral {REFERENCE} \N{EN DASH} decision due 27 November 2026"
        )
        body = msg.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert f"{CONSOLE}/cases/{REFERENCE}" in text
        assert "Chair to inform the three lead representatives: by Monday 23 November 2026" in text
        raw = msg.as_string()
        assert CHILD_NAME not in raw and "Hartley" not in raw and OUTLINE not in raw

    recorded = rows(engine)
    assert set(recorded) == {OPS, CHAIR}
    by_id = {str(m["To"]): str(m["Message-ID"]) for m in received}
    for recipient, row in recorded.items():
        assert row["status"] == "sent"
        assert row["idempotency_key"] == f"new-referral-alert:{REFERENCE}:{recipient}"
        assert row["backend_id"] == by_id[recipient]
        assert isinstance(row["sent_at"], datetime)
        assert row["case_reference"] == REFERENCE

    # the job again (a duplicate hand-off, a retry after a crash): nothing more is sent
    enqueue(redis_conn, JOB, case_reference=REFERENCE)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 2


def test_refusing_relay_fails_the_job_and_a_later_run_sends(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    assert open_referral_case() == REFERENCE
    make_notifier(SMTP_PORT=str(free_port()))  # nothing listens there: connection refused

    job = enqueue(redis_conn, JOB, case_reference=REFERENCE)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.SCHEDULED  # RQ will retry it
    job.refresh()
    assert job.retries_left == 4  # of 5
    assert smtp_outbox.messages() == []
    assert {r["status"] for r in rows(engine).values()} == {"temporary_failure"}
    assert all(r["sent_at"] is None for r in rows(engine).values())

    make_notifier()  # the relay is back (the worker's container now reaches it)
    release_due_retries(redis_conn)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert sorted(str(m["To"]) for m in smtp_outbox.messages()) == [CHAIR, OPS]
    assert {r["status"] for r in rows(engine).values()} == {"sent"}


def test_case_not_yet_readable_fails_without_sending(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    job = enqueue(redis_conn, JOB, case_reference="GSCP-2026-0404")
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == []
    assert rows(engine) == {}
