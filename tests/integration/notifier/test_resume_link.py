"""The resume link end to end: a draft saved and its link issued by intake's draft store in
PostgreSQL, the job through Redis and a burst worker, the email over SMTP to a real server,
and the emailed link accepted by intake."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from redis import Redis
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.intake.draft_store import SqlDraftRepository
from services.intake.drafts import new_secret
from services.notifier.tables import message
from services.notifier.wording import until
from shared.clock import utc_now
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import INTAKE, MakeApp
from tests.integration.notifier.factories import REFERRER, save_draft
from tests.integration.notifier.queues import done_and_forgotten, drain

JOB = "services.notifier.jobs.send_resume_link"
LINK = re.compile(re.escape(INTAKE) + r"/referrals/serious-incident/resume/(\S+)")


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(message)).all()]


def test_the_link_is_emailed_once_and_intake_accepts_it(
    make_notifier: MakeApp,
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    make_notifier()
    now = utc_now()
    draft_id, link = save_draft(engine, now=now)

    job = enqueue(redis_conn, JOB, draft_id=draft_id, serial=link.serial, token=link.token)
    drain(redis_conn)

    assert done_and_forgotten(redis_conn, job)
    [received] = smtp_outbox.messages()
    assert received["To"] == REFERRER
    assert received["Subject"] == "Continue your saved form: Referral of a serious incident"
    assert link.token not in received["Subject"]
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert f"The link works until {until(link.expires_at)}." in text
    found = LINK.search(text)
    assert found is not None and found.group(1) == link.token

    [row] = rows(engine)
    assert row["idempotency_key"] == f"resume-link:{draft_id}:{link.serial}"
    assert row["template"] == "resume_link"
    assert row["case_reference"] is None
    assert row["status"] == "sent"
    assert link.token not in str(row)

    # the same job again: nothing more is sent
    enqueue(redis_conn, JOB, draft_id=draft_id, serial=link.serial, token=link.token)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 1

    # what cspr and RQ logged (the test's own SMTP server, aiosmtpd, logs the envelope)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert f"resume link {link.serial} for draft {draft_id} sent" in logged
    assert link.token not in logged
    assert REFERRER not in logged

    # the emailed token is the one intake takes, once
    drafts = SqlDraftRepository(engine)
    assert drafts.take_resume_link(found.group(1), new_key=new_secret(), now=utc_now())
    assert drafts.take_resume_link(found.group(1), new_key=new_secret(), now=utc_now()) is None


def test_only_the_newest_link_is_sent(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    now = utc_now()
    draft_id, first = save_draft(engine, now=now)
    second = SqlDraftRepository(engine).issue_resume_link(
        draft_id, email=REFERRER, now=now, expires_at=now + timedelta(days=28)
    )
    jobs = [
        enqueue(redis_conn, JOB, draft_id=draft_id, serial=link.serial, token=link.token)
        for link in (first, second)
    ]
    drain(redis_conn)

    assert all(done_and_forgotten(redis_conn, job) for job in jobs)
    [received] = smtp_outbox.messages()
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert second.token in text and first.token not in text
    assert [r["idempotency_key"] for r in rows(engine)] == [
        f"resume-link:{draft_id}:{second.serial}"
    ]


def test_nothing_is_sent_for_a_submitted_draft_or_an_expired_link(
    make_notifier: MakeApp, engine: Engine, redis_conn: Redis, smtp_outbox: SmtpServer
) -> None:
    make_notifier()
    now = utc_now()
    submitted_id, submitted = save_draft(engine, now=now)
    SqlDraftRepository(engine).mark_submitted(submitted_id, referral_id=1, now=now)
    expired_id, expired = save_draft(
        engine, now=now - timedelta(days=29), link_expires_at=now - timedelta(days=1)
    )
    jobs = [
        enqueue(redis_conn, JOB, draft_id=submitted_id, serial=submitted.serial, token="t1"),
        enqueue(redis_conn, JOB, draft_id=expired_id, serial=expired.serial, token="t2"),
        enqueue(redis_conn, JOB, draft_id=9999, serial=1, token="t3"),
    ]
    drain(redis_conn)

    assert all(done_and_forgotten(redis_conn, job) for job in jobs)
    assert smtp_outbox.messages() == []
    assert rows(engine) == []
