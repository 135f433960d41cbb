"""The GOV.UK Notify back-end against a local Notify speaking its documented API over HTTP
(tests/fixtures/fake_notify.py), through notifications-python-client: the send, the
delivery receipt posted to the notifier's /notify/callback, polling when receipts are off, a
permanent failure, an answer lost after Notify created the message, and a file."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from redis import Redis
from rq.job import JobStatus
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier.backends import Attachment, Content, Email
from services.notifier.delivery import reference_for
from services.notifier.notify import NotifyMailer, NotifySettings
from services.notifier.tables import message
from shared.queue import enqueue
from tests.fixtures.fake_notify import FakeNotify
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import (
    MakeApp,
    OpenCase,
    notify_settings,
    serving,
)
from tests.integration.notifier.queues import drain, release_due_retries

ALERT = "services.notifier.jobs.send_clock_alert"
CHECK = "services.notifier.jobs.check_messages"
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
TOKEN = "callback-token-for-tests-0123456789"
SUBJECT_END = ": Notify the national Panel is overdue"


def alert(reference: str) -> dict[str, Any]:
    return {
        "case_reference": reference,
        "clock": "notify_panel",
        "kind": "overdue",
        "day": "2026-11-30",
        "label": "Notify the national Panel",
        "due_on": "2026-11-27",
    }


def only_row(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        [row] = conn.execute(select(message)).all()
    return row._asdict()


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def test_send_through_notify_then_its_delivery_receipt(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
    smtp_outbox: SmtpServer,
) -> None:
    app = make_notifier(clock=at(NOW), **notify_settings(fake_notify, NOTIFY_CALLBACK_TOKEN=TOKEN))
    reference = open_referral_case()
    job = enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert smtp_outbox.messages() == []  # the SMTP relay is not used
    [sent] = fake_notify.sent()
    assert sent.email_address == "ops-team@partnership.example"
    assert sent.subject == f"{reference}{SUBJECT_END}"
    assert "Status: Overdue" in sent.body and f"/cases/{reference}" in sent.body
    key = f"clock-alert:{reference}:notify_panel:overdue:2026-11-30"
    assert sent.reference == reference_for(key)  # no address or case data in it
    row = only_row(engine)
    assert row["status"] == "sent" and row["backend"] == "notify"
    assert row["backend_id"] == sent.id

    with serving(app) as url:
        fake_notify.callback_url = f"{url}/notify/callback"
        fake_notify.callback_token = TOKEN
        fake_notify.complete()
    assert fake_notify.callback_answers == [200]
    row = only_row(engine)
    assert row["status"] == "delivered" and row["delivered_at"] is not None

    # the job again: Notify is not asked to send it twice
    enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    assert len(fake_notify.sent()) == 1


def test_a_receipt_with_the_wrong_token_is_refused(
    make_notifier: MakeApp, fake_notify: FakeNotify
) -> None:
    app = make_notifier(**notify_settings(fake_notify, NOTIFY_CALLBACK_TOKEN=TOKEN))
    with serving(app) as url:
        request = urllib.request.Request(
            f"{url}/notify/callback",
            data=json.dumps({"id": "x", "status": "delivered"}).encode(),
            method="POST",
            headers={"Authorization": "Bearer not-the-token", "Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["error"] == "unauthorised"


def test_a_permanent_failure_reported_by_notify_is_recorded(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
) -> None:
    # Notify's own smoke-test address that fails permanently
    app = make_notifier(
        clock=at(NOW),
        OPS_EMAIL="perm-fail@simulator.notify",
        **notify_settings(fake_notify, NOTIFY_CALLBACK_TOKEN=TOKEN),
    )
    reference = open_referral_case()
    enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    with serving(app) as url:
        fake_notify.callback_url, fake_notify.callback_token = f"{url}/notify/callback", TOKEN
        fake_notify.complete()
    row = only_row(engine)
    assert row["status"] == "permanent_failure"
    assert row["last_error"].startswith("GOV.UK Notify: the provider could not deliver it")


def test_an_address_notify_refuses_is_a_permanent_failure_at_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
) -> None:
    make_notifier(
        clock=at(NOW), OPS_EMAIL="ops-team-at-partnership", **notify_settings(fake_notify)
    )
    reference = open_referral_case()
    job = enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED  # retrying cannot help
    row = only_row(engine)
    assert row["status"] == "permanent_failure"
    assert row["last_error"] == (
        "GOV.UK Notify refused it (400): email_address Not a valid email address"
    )
    assert fake_notify.sent() == []


def test_without_receipts_the_five_minute_check_asks_notify(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
) -> None:
    make_notifier(clock=at(NOW), **notify_settings(fake_notify))
    reference = open_referral_case()
    enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    fake_notify.complete()  # no callback URL: nothing is posted
    assert only_row(engine)["status"] == "sent"
    enqueue(redis_conn, CHECK)
    drain(redis_conn)
    assert only_row(engine)["status"] == "delivered"


def test_an_answer_lost_after_notify_created_the_message_is_not_sent_twice(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
) -> None:
    make_notifier(clock=at(NOW), **notify_settings(fake_notify))
    reference = open_referral_case()
    fake_notify.lose_next_answer()  # Notify creates it, then the answer is a 500
    job = enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    row = only_row(engine)
    assert row["status"] == "temporary_failure" and row["dispatched_at"] is not None

    release_due_retries(redis_conn)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    [created] = fake_notify.sent()  # asked by reference, Notify had it: not sent again
    row = only_row(engine)
    assert row["status"] == "sent" and row["backend_id"] == created.id


def test_a_notify_error_before_creating_is_retried_and_sent_once(
    make_notifier: MakeApp,
    open_referral_case: OpenCase,
    engine: Engine,
    redis_conn: Redis,
    fake_notify: FakeNotify,
) -> None:
    make_notifier(clock=at(NOW), **notify_settings(fake_notify))
    reference = open_referral_case()
    fake_notify.fail_next(429)
    job = enqueue(redis_conn, ALERT, **alert(reference))
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    row = only_row(engine)
    assert row["status"] == "temporary_failure" and row["dispatched_at"] is None
    assert "(429)" in row["last_error"]
    release_due_retries(redis_conn)
    drain(redis_conn)
    assert len(fake_notify.sent()) == 1 and only_row(engine)["status"] == "sent"


def test_a_file_goes_as_a_download_link_after_the_same_text(fake_notify: FakeNotify) -> None:
    mailer = NotifyMailer(
        NotifySettings(fake_notify.api_key, fake_notify.template_id, fake_notify.base_url)
    )
    pdf = b"%PDF-1.7 the letter"
    email = Email(
        reference=reference_for("scoping-request:12:1"),
        to="priya.shah@police.example",
        mail_from="cspr@partnership.example",
        content=Content("Rapid Review: initial scoping request", "Dear Priya,\n\nHello.", "<p/>"),
        date=NOW,
        attachments=(Attachment("scoping-letter.pdf", "application/pdf", pdf),),
    )
    handed_over: list[bool] = []
    notification_id = mailer.send(email, lambda: handed_over.append(True))
    [sent] = fake_notify.sent()
    assert sent.id == notification_id and handed_over == [True]
    assert sent.body.startswith("Dear Priya,\n\nHello.")
    assert f"Download scoping-letter.pdf: {fake_notify.base_url}/d/{sent.id}/" in sent.body
    assert sent.files == {"scoping-letter.pdf": pdf}
    assert mailer.find(email.reference).backend_id == notification_id
    assert not mailer.find(reference_for("never-sent")).found
    mailer.check()
