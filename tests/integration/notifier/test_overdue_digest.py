"""The daily digest of overdue clocks end to end: the scheduler's overdue_digest job (a real
case's clocks in PostgreSQL) through Redis to the notifier's job, emailed over SMTP to a real
server; run again the same day, nothing more is sent."""

from __future__ import annotations

from datetime import UTC, datetime

from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from services.scheduler.app import create_app as create_scheduler
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CONSOLE, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE, REFERRER
from tests.integration.notifier.queues import drain
from tests.integration.scheduler.factories import scheduler_config

DIGEST = "services.scheduler.jobs.overdue_digest"
#: Tuesday 8 December 2026, 7:30am in London: the referral of 20 November is well overdue
NOW = datetime(2026, 12, 8, 7, 30, tzinfo=UTC)


def run_scheduler(redis_conn: Redis) -> None:
    SimpleWorker(["scheduler"], connection=redis_conn).work(burst=True)


def test_the_digest_reaches_ops_once_a_day(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    database_url: str,
    redis_url: str,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    reference = open_referral_case()
    create_scheduler(scheduler_config(database_url, redis_url), engine=engine, clock=lambda: NOW)
    make_notifier(clock=lambda: NOW)

    for _ in range(2):  # the cron job runs every 15 minutes: twice the same morning
        enqueue(redis_conn, DIGEST)
        run_scheduler(redis_conn)
        assert Queue("notifier", connection=redis_conn).count == 1
        drain(redis_conn)

    [sent] = smtp_outbox.messages()
    assert sent["To"] == OPS
    assert (
        str(sent["Subject"]).lstrip().startswith("Overdue deadlines on Tuesday 8 December 2026: ")
    )
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None
    lines = body.get_content().splitlines()
    listed = [line for line in lines if line.startswith(f"- {reference}: ")]
    assert listed, lines
    panel = [line for line in listed if "Notify the national Panel" in line]
    assert panel == [
        f"- {reference}: Notify the national Panel. Due Friday 27 November 2026, 7 working days "
        "overdue."
    ]
    assert f"{CONSOLE}/dashboard" in lines
    raw = sent.as_string()
    assert CHILD_NAME not in raw and "Hartley" not in raw and OUTLINE not in raw
    assert REFERRER not in raw

    with engine.connect() as conn:
        [row] = conn.execute(select(message)).mappings().all()
    assert (row["template"], row["recipient"], row["status"]) == ("overdue_digest", OPS, "sent")
    assert row["idempotency_key"] == "overdue-digest:2026-12-08"


def test_before_7am_nothing_is_asked(
    open_referral_case: OpenCase,
    engine: Engine,
    database_url: str,
    redis_url: str,
    redis_conn: Redis,
) -> None:
    open_referral_case()
    early = datetime(2026, 12, 8, 6, 59, tzinfo=UTC)
    create_scheduler(scheduler_config(database_url, redis_url), engine=engine, clock=lambda: early)
    enqueue(redis_conn, DIGEST)
    run_scheduler(redis_conn)
    assert Queue("notifier", connection=redis_conn).count == 0
