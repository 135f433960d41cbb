"""Reminders to agencies through the real path: the scheduler's remind_agencies job through
Redis and a burst worker, the notifier's send_agency_reminder job it asks for, the email
over SMTP to a real server. An agency that returned gets none, one that returns between
the two jobs gets none, nor does one whose link was withdrawn or that was taken off the
case, and running it all twice sends once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.intake.scoping import NOT_KNOWN, RETURNED
from services.intake.scoping_store import SqlScopingReturns
from services.notifier.tables import message
from services.scheduler.app import create_app as create_scheduler_app
from services.scheduler.readmodel import fetch_scoping_request
from services.scheduler.store.agencies import revoke_links
from shared.forms.definitions.scoping import SCOPING
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE
from tests.integration.notifier.queues import drain
from tests.integration.notifier.scoping_factories import add_agency, remove_agency, send_link
from tests.integration.scheduler.factories import run_scheduler_jobs, scheduler_config

REMIND = "services.scheduler.jobs.remind_agencies"
#: Thursday 10 December 2026: two working days before Monday 14 December
NOW = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
DUE = date(2026, 12, 14)
#: when the scoping requests were sent
SENT = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def returned(engine: Engine, case_agency_id: int, status: str) -> None:
    """The agency returns its form through intake's own store."""
    with engine.connect() as conn:
        request = fetch_scoping_request(conn, case_agency_id)
    assert request is not None
    returns = SqlScopingReturns(engine)
    returns.open(request, SCOPING, {}, NOW)
    assert returns.submit(case_agency_id, {}, status, NOW)


def remind(redis_conn: Redis) -> None:
    enqueue(redis_conn, REMIND)
    run_scheduler_jobs(redis_conn)
    assert not Queue("scheduler", connection=redis_conn).failed_job_registry.get_job_ids()


def test_only_the_agency_still_waited_for_is_reminded_once(
    database_url: str,
    redis_url: str,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    make_notifier: MakeApp,
) -> None:
    reference = open_referral_case()
    waited_for, returns, not_known, returns_late, withdrawn, removed = (
        add_agency(engine, reference, now=SENT, name=name, email=email)
        for name, email in (
            ("Greenwich Police", "police@agency.example"),
            ("Lewisham and Greenwich NHS Trust", "health@agency.example"),
            ("Oakfield Primary School", "school@agency.example"),
            ("Greenwich Housing", "housing@agency.example"),
            ("Greenwich Probation", "probation@agency.example"),
            ("Family Action", "charity@agency.example"),
        )
    )
    for agency in (waited_for, returns, not_known, returns_late, withdrawn, removed):
        send_link(engine, agency, now=SENT, due_on=DUE)
    returned(engine, returns, RETURNED)
    returned(engine, not_known, NOT_KNOWN)
    with engine.begin() as conn:
        revoke_links(conn, withdrawn, at=SENT, reason="Sent to the wrong person")
    remove_agency(engine, removed, now=SENT)
    # the scheduler and the notifier as their workers build them, on Thursday 10 December
    create_scheduler_app(
        scheduler_config(database_url, redis_url), engine=engine, clock=lambda: NOW
    )
    make_notifier(clock=lambda: NOW)

    remind(redis_conn)
    asked = Queue("notifier", connection=redis_conn).get_job_ids()
    assert sorted(asked) == sorted(
        f"agency-reminder-{agency}-1-before-2-2026-12-10" for agency in (waited_for, returns_late)
    )
    # the agency returns after the scheduler asked, before the notifier sends
    returned(engine, returns_late, RETURNED)
    drain(redis_conn)

    [received] = smtp_outbox.messages()
    assert received["To"] == "police@agency.example"
    assert received["Reply-To"] == OPS
    assert received["Subject"] == (
        f"Reminder: scoping form for Rapid Review {reference} is due by 5pm on "
        "Monday 14 December 2026"
    )
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert "by 5pm on Monday 14 December 2026" in text
    assert "scoping request email we sent you on Tuesday 1 December 2026" in text
    assert "/scoping/" not in text
    assert CHILD_NAME not in received.as_string() and OUTLINE not in received.as_string()

    # the cron job runs again (every 15 minutes): nothing more is sent
    remind(redis_conn)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 1
    with engine.connect() as conn:
        [row] = conn.execute(select(message)).all()
    assert row.idempotency_key == f"agency-reminder:{waited_for}:1:before-2:2026-12-10"
    assert row.template == "agency_reminder"
    assert row.status == "sent"
