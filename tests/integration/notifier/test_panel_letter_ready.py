"""The Panel letter ready for signature, end to end: the documents service's record of the
letter's Word file goes through Redis to the scheduler's record_document job, which asks
the notifier, whose job emails the chair over SMTP to a real server, once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CHAIR, CONSOLE, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE, REFERRER
from tests.integration.notifier.queues import drain

RECORD = "services.scheduler.jobs.record_document"
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def letter(reference: str, document_id: int, fmt: str) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "case_reference": reference,
        "kind": "panel-letter",
        "format": fmt,
        "filename": f"{reference}-panel-letter.{fmt}",
        "sha256": "0" * 64,
        "size": 2048,
    }


def run_scheduler(redis_conn: Redis) -> None:
    SimpleWorker(["scheduler"], connection=redis_conn).work(burst=True)


def test_the_chair_is_emailed_once_when_the_letter_arrives(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> None:
    reference = open_referral_case()
    make_notifier(clock=lambda: NOW)
    enqueue(redis_conn, RECORD, **letter(reference, 31, "docx"))
    enqueue(redis_conn, RECORD, **letter(reference, 32, "pdf"))
    run_scheduler(redis_conn)
    drain(redis_conn)
    # the documents service records the letter again (its job retried): both jobs run again
    # (a finished job is replaced), and the notifier's key keeps it to one email
    enqueue(redis_conn, RECORD, **letter(reference, 31, "docx"))
    run_scheduler(redis_conn)
    assert Queue("notifier", connection=redis_conn).count == 1  # asked again
    drain(redis_conn)

    [sent] = smtp_outbox.messages()
    assert sent["To"] == CHAIR
    assert str(sent["Subject"]).lstrip() == (
        f"Rapid Review {reference}: the letter to the Panel is ready for you to sign"
    )
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None
    lines = body.get_content().splitlines()
    assert "What you need to do" in lines
    assert f"{CONSOLE}/cases/{reference}" in lines
    raw = sent.as_string()
    assert CHILD_NAME not in raw and "Hartley" not in raw and OUTLINE not in raw
    assert REFERRER not in raw

    with engine.connect() as conn:
        [row] = conn.execute(select(message)).mappings().all()
    assert row["template"] == "panel_letter_ready"
    assert row["recipient"] == CHAIR and row["status"] == "sent"
    assert row["idempotency_key"] == f"panel-letter-ready:{reference}:31"
