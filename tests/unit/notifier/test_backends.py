"""Choosing the back-end by configuration, the Notify back-end's wording of each answer, and
the delivery-receipt endpoint (with the message store in memory)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests
from flask import Flask
from notifications_python_client.errors import HTTPError
from werkzeug.test import TestResponse

from services.notifier.app import create_app
from services.notifier.backends import (
    Attachment,
    Content,
    Email,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)
from services.notifier.bootstrap import make_mailer
from services.notifier.delivery import reference_for
from services.notifier.mail import SmtpMailer
from services.notifier.messages import Outgoing
from services.notifier.notify import NotifyMailer, NotifySettings, _failure, personalisation
from services.notifier.statuses import Status
from shared import runtime
from shared.config import Config, ConfigError, load_config
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
API_KEY = "cspr_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
TOKEN = "a-long-callback-token-0123456789"


def config(**settings: str) -> Config:
    return load_config(
        "notifier", {"CSPR_ENV": "test", "DATABASE_URL": "sqlite:///:memory:", **settings}
    )


@pytest.fixture(autouse=True)
def _clean_runtime() -> None:
    runtime.clear()


def test_the_back_end_is_chosen_by_configuration() -> None:
    assert isinstance(make_mailer(config()), SmtpMailer)
    notify = make_mailer(
        config(MAIL_BACKEND="notify", NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_ID="t-1")
    )
    assert isinstance(notify, NotifyMailer) and notify.can_look_up
    assert API_KEY not in repr(notify.settings)
    with pytest.raises(ConfigError, match="NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID"):
        make_mailer(config(MAIL_BACKEND="notify"))
    with pytest.raises(ConfigError, match="MAIL_BACKEND must be one of smtp, notify"):
        make_mailer(config(MAIL_BACKEND="pigeon"))


def email(*attachments: Attachment) -> Email:
    return Email(
        reference=reference_for("k"),
        to="priya.shah@police.example",
        mail_from="cspr@partnership.example",
        content=Content("The subject", "The text.\n", "<p>The text.</p>"),
        date=NOW,
        attachments=attachments,
    )


def test_notify_gets_the_same_subject_and_text_as_smtp() -> None:
    assert personalisation(email()) == {
        "subject": "The subject",
        "body": "The text.",
        "file_intro": "",
        "file": "",
    }
    letter = Attachment("letter.pdf", "application/pdf", b"%PDF-1.7")
    fields = personalisation(email(letter))
    assert fields["file_intro"] == "Download letter.pdf: "
    assert fields["file"]["filename"] == "letter.pdf"
    assert fields["file"]["confirm_email_before_download"] is True
    with pytest.raises(PermanentFailure, match="one file"):
        personalisation(email(letter, letter))
    with pytest.raises(PermanentFailure, match="larger than 2MB"):
        personalisation(
            email(Attachment("big.pdf", "application/pdf", b"x" * (2 * 1024 * 1024 + 1)))
        )


def notify_error(status: int | None, message: str = "") -> HTTPError:
    if status is None:
        return HTTPError(None)
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(
        {"status_code": status, "errors": [{"error": "E", "message": message}]}
    ).encode()
    return HTTPError(response)


@pytest.mark.parametrize(
    ("status", "kind", "said"),
    [
        (400, PermanentFailure, "refused it (400): email_address Not a valid email address"),
        (403, TemporaryFailure, "refused the API key (403)"),
        (429, TemporaryFailure, "limit was reached (429)"),
        (500, OutcomeUnknown, "did not confirm it (500)"),
        (None, OutcomeUnknown, "did not confirm it (503)"),
    ],
)
def test_each_notify_answer_is_worded_and_classed(
    status: int | None, kind: type[Exception], said: str
) -> None:
    failure = _failure(notify_error(status, "email_address Not a valid email address"))
    assert isinstance(failure, kind)
    assert said in str(failure)


def test_an_address_in_notify_s_message_is_not_kept() -> None:
    failure = _failure(notify_error(400, "Can't send to priya.shah@police.example"))
    assert "priya.shah" not in str(failure) and "[address]" in str(failure)


def notify_app(**settings: str) -> tuple[Flask, InMemoryMessages]:
    messages = InMemoryMessages()
    app = create_app(
        config(**settings), mailer=FakeMailer(name="notify", can_look_up=True), messages=messages
    )
    return app, messages


def receipt(app: Flask, body: object, token: str | None = TOKEN) -> TestResponse:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.test_client().post("/notify/callback", json=body, headers=headers)


def test_receipts_are_off_without_a_token() -> None:
    app, _ = notify_app()
    response = receipt(app, {"id": "x", "status": "delivered"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_a_receipt_updates_the_message_it_names() -> None:
    app, messages = notify_app(NOTIFY_CALLBACK_TOKEN=TOKEN)
    key = "clock-alert:GSCP-2026-0001:x"
    messages.record(
        Outgoing(key, "clock_alert", "GSCP-2026-0001", "ops@p.example", "s"),
        reference=reference_for(key),
        now=NOW,
        kept=None,
    )
    messages.claim(key, "w", NOW, timedelta(seconds=60))
    messages.mark_sent(key, backend="notify", backend_id="n-1", now=NOW)

    assert receipt(app, {"id": "n-1", "status": "delivered"}, token=None).status_code == 401
    assert receipt(app, {"id": "n-1", "status": "delivered"}, token="wrong").status_code == 401
    assert receipt(app, ["not", "an", "object"]).status_code == 400
    assert receipt(app, {"id": 5}).status_code == 400
    odd = receipt(app, {"id": "n-1", "status": "lost-in-space"})
    assert odd.status_code == 422 and set(odd.get_json()) == {"error", "reason"}

    done = receipt(app, {"id": "n-1", "status": "permanent-failure", "reference": None})
    assert done.status_code == 200 and done.get_json() == {"recorded": True}
    record = messages.get(key)
    assert record is not None and record.status == Status.PERMANENT_FAILURE
    assert record.last_error and "could not deliver" in record.last_error

    stranger = receipt(app, {"id": "n-404", "status": "delivered"})
    assert stranger.status_code == 200 and stranger.get_json() == {"recorded": False}


def test_a_receipt_finds_a_message_whose_id_was_never_recorded_by_its_reference() -> None:
    app, messages = notify_app(NOTIFY_CALLBACK_TOKEN=TOKEN)
    key = "clock-alert:GSCP-2026-0001:y"
    messages.record(
        Outgoing(key, "clock_alert", "GSCP-2026-0001", "ops@p.example", "s"),
        reference=reference_for(key),
        now=NOW,
        kept=None,
    )
    messages.claim(key, "w", NOW, timedelta(seconds=60))
    body = {"id": "n-2", "status": "delivered", "reference": reference_for(key)}
    assert receipt(app, body).get_json() == {"recorded": True}
    record = messages.get(key)
    assert record is not None and record.status == Status.DELIVERED
    assert record.backend_id == "n-2"


def test_readiness_names_the_back_end() -> None:
    app, _ = notify_app()
    checks = app.test_client().get("/readyz").get_json()["checks"]
    assert "notify" in checks and "smtp" not in checks


def test_notify_settings_need_the_key_and_template() -> None:
    with pytest.raises(ConfigError):
        NotifySettings.from_config(config(MAIL_BACKEND="notify", NOTIFY_API_KEY=API_KEY))
