"""At most once, against the real things: PostgreSQL (the lease's compare-and-set), Redis and
burst workers (the jobs and their retries), and an SMTP server on loopback that is stopped
mid-batch, refuses a recipient, or drops the connection after DATA."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from redis import Redis
from rq import SimpleWorker
from rq.job import JobStatus
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier import jobs
from services.notifier.delivery import LEASE, MessageInFlight, reference_for
from services.notifier.messages import ClaimOutcome, Outgoing, SqlMessageRepository
from services.notifier.tables import message
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import OPS, MakeApp, OpenCase
from tests.integration.notifier.queues import drain, release_due_retries

ALERT = "services.notifier.jobs.send_clock_alert"
RESEND = "services.notifier.jobs.resend_message"
CHECK = "services.notifier.jobs.check_messages"
#: Monday 30 November 2026, 9am in London
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def alert(reference: str, day: int) -> dict[str, Any]:
    """One overdue alert a day: a distinct message (key, subject date) per day."""
    return {
        "case_reference": reference,
        "clock": "notify_panel",
        "kind": "overdue",
        "day": f"2026-11-{day:02d}",
        "label": "Notify the national Panel",
        "due_on": "2026-11-27",
    }


def key(reference: str, day: int) -> str:
    return f"clock-alert:{reference}:notify_panel:overdue:2026-11-{day:02d}"


def rows(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(select(message).order_by(message.c.id)).all()
    return {r.idempotency_key: r._asdict() for r in found}


def ids_received(smtp: SmtpServer) -> list[str]:
    return [str(m["Message-ID"]) for m in smtp.messages()]


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def test_smtp_stopped_mid_batch_every_message_arrives_exactly_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    days = range(23, 29)
    batch = [enqueue(redis_conn, ALERT, **alert(reference, d)) for d in days]

    SimpleWorker(["notifier"], connection=redis_conn).work(burst=True, max_jobs=3)
    assert len(smtp_outbox.messages()) == 3
    smtp_outbox.stop()  # the relay goes down mid-batch
    try:
        drain(redis_conn)
        assert [j.get_status(refresh=True) for j in batch[3:]] == [JobStatus.SCHEDULED] * 3
        waiting = rows(engine)
        for d in days[3:]:
            row = waiting[key(reference, d)]
            assert row["status"] == "temporary_failure"
            assert row["last_error"] == "Could not reach the SMTP relay (ConnectionRefusedError)."
            assert row["dispatched_at"] is None and row["lease_owner"] is None
    finally:
        smtp_outbox.start()  # and comes back
    release_due_retries(redis_conn)
    drain(redis_conn)

    assert [j.get_status(refresh=True) for j in batch] == [JobStatus.FINISHED] * 6
    received = smtp_outbox.messages()
    assert len(received) == 6
    assert len(set(ids_received(smtp_outbox))) == 6
    done = rows(engine)
    assert {r["status"] for r in done.values()} == {"sent"}
    assert [done[key(reference, d)]["attempts"] for d in days] == [1, 1, 1, 2, 2, 2]
    # every job again, and the retries' leftovers: nothing more
    for d in days:
        enqueue(redis_conn, ALERT, **alert(reference, d))
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 6


def test_the_same_job_run_twice_at_once_sends_one_email(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def run() -> None:
        start.wait()
        try:
            jobs.send_clock_alert(**alert(reference, 30))
            outcomes.append("returned")
        except MessageInFlight:
            outcomes.append("in flight")

    workers = [threading.Thread(target=run) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

    assert len(outcomes) == 4
    assert len(smtp_outbox.messages()) == 1
    [row] = rows(engine).values()
    assert row["status"] == "sent" and row["attempts"] == 1
    jobs.send_clock_alert(**alert(reference, 30))  # and once more, afterwards
    assert len(smtp_outbox.messages()) == 1


def abandoned(engine: Engine, reference: str, day: int, *, handed_over: bool) -> None:
    """A worker claimed the message at NOW (and maybe began DATA), then died."""
    store = SqlMessageRepository(engine)
    k = key(reference, day)
    store.record(
        Outgoing(k, "clock_alert", reference, OPS, "subject"),
        reference=reference_for(k),
        now=NOW,
        kept=None,
    )
    claim = store.claim(k, "worker-that-died", NOW, LEASE)
    assert claim.outcome is ClaimOutcome.CLAIMED
    if handed_over:
        assert store.mark_dispatched(k, "worker-that-died", NOW)


def test_a_worker_killed_before_the_hand_over_causes_no_duplicate_while_its_lease_holds(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    abandoned(engine, reference, 30, handed_over=False)

    make_notifier(clock=at(NOW + LEASE / 2))  # the retry comes while the lease holds
    job = enqueue(redis_conn, ALERT, **alert(reference, 30))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == []
    assert rows(engine)[key(reference, 30)]["lease_owner"] == "worker-that-died"

    make_notifier(clock=at(NOW + LEASE + timedelta(seconds=1)))  # the lease has expired
    release_due_retries(redis_conn)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert len(smtp_outbox.messages()) == 1
    row = rows(engine)[key(reference, 30)]
    assert row["status"] == "sent" and row["attempts"] == 2


def test_a_worker_killed_after_the_hand_over_is_not_known_and_never_resent(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    abandoned(engine, reference, 29, handed_over=True)
    abandoned(engine, reference, 30, handed_over=True)

    make_notifier(clock=at(NOW + LEASE + timedelta(seconds=1)))
    # its job's retry: asks the relay (it cannot say) and sends nothing
    job = enqueue(redis_conn, ALERT, **alert(reference, 30))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    row = rows(engine)[key(reference, 30)]
    assert row["status"] == "unknown"
    assert "whether it arrived cannot be known" in row["last_error"]
    # the other one's job never came back: the five-minute check settles it the same way
    enqueue(redis_conn, CHECK)
    drain(redis_conn)
    assert rows(engine)[key(reference, 29)]["status"] == "unknown"
    assert smtp_outbox.messages() == []
    enqueue(redis_conn, ALERT, **alert(reference, 29))
    drain(redis_conn)
    assert smtp_outbox.messages() == []


def test_a_relay_that_drops_the_connection_after_data_leaves_one_copy_marked_unknown(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    smtp_outbox.drop_after_data(OPS)
    job = enqueue(redis_conn, ALERT, **alert(reference, 30))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED  # not retried: it may be there
    assert len(smtp_outbox.messages()) == 1
    row = rows(engine)[key(reference, 30)]
    assert row["status"] == "unknown"
    assert row["last_error"].startswith("The connection to the SMTP relay was lost")
    assert OPS not in row["last_error"]


def test_a_refused_recipient_is_a_permanent_failure_and_is_not_retried(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    smtp_outbox.refuse(OPS)
    job = enqueue(redis_conn, ALERT, **alert(reference, 30))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    row = rows(engine)[key(reference, 30)]
    assert row["status"] == "permanent_failure"
    assert row["last_error"] == "The SMTP relay refused the recipient (550)."
    assert smtp_outbox.messages() == []


def test_staff_resend_sends_the_same_content_once_per_serial(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    make_notifier(clock=at(NOW))
    reference = open_referral_case()
    enqueue(redis_conn, ALERT, **alert(reference, 30))
    drain(redis_conn)
    original = rows(engine)[key(reference, 30)]

    enqueue(redis_conn, RESEND, message_id=original["id"], serial=1)
    drain(redis_conn)
    enqueue(redis_conn, RESEND, message_id=original["id"], serial=1)  # a double click
    drain(redis_conn)

    first, again = smtp_outbox.messages()
    assert again["Subject"] == first["Subject"] and again["To"] == first["To"]
    plain = [m.get_body(preferencelist=("plain",)) for m in (first, again)]
    assert plain[0] is not None and plain[1] is not None
    assert plain[0].get_content() == plain[1].get_content()
    assert again["Message-ID"] != first["Message-ID"]
    resent = rows(engine)[f"{key(reference, 30)}:resend:1"]
    assert resent["resend_of"] == original["id"] and resent["status"] == "sent"
    assert resent["case_reference"] == reference
