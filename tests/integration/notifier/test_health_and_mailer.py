"""/readyz against the real dependencies, and the SMTP adapter against a real server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from devstack.procs import free_port
from services.notifier.backends import (
    Content,
    Email,
    LeaseLost,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)
from services.notifier.delivery import reference_for
from services.notifier.mail import SmtpMailer, SmtpSettings
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import MakeApp


def test_ready_when_database_redis_and_smtp_answer(make_notifier: MakeApp) -> None:
    response = make_notifier().test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "service": "notifier",
        "status": "ready",
        "checks": {"database": "ok", "redis": "ok", "smtp": "ok"},
    }


def test_not_ready_when_smtp_refuses(make_notifier: MakeApp) -> None:
    response = make_notifier(SMTP_PORT=str(free_port())).test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["smtp"] == "failing: ConnectionRefusedError"


def email(to: str = "ops-team@partnership.example") -> Email:
    return Email(
        reference=reference_for("test:one"),
        to=to,
        mail_from="cspr@partnership.example",
        content=Content("Test \N{EN DASH} one", "Hello", "<p>Hello</p>"),
        date=datetime(2026, 12, 1, 9, tzinfo=UTC),
    )


def test_smtp_mailer_delivers_and_returns_the_message_id(smtp_outbox: SmtpServer) -> None:
    mailer = SmtpMailer(SmtpSettings(host=smtp_outbox.host, port=smtp_outbox.port))
    handed_over: list[bool] = []
    message_id = mailer.send(email(), lambda: handed_over.append(True))
    [received] = smtp_outbox.messages()
    assert received["Message-ID"] == message_id
    assert received["Subject"] == "Test \N{EN DASH} one"
    assert handed_over == [True]
    mailer.check()


def test_smtp_mailer_raises_a_temporary_failure_when_nothing_listens() -> None:
    mailer = SmtpMailer(SmtpSettings(host="127.0.0.1", port=free_port(), timeout=5))
    handed_over: list[bool] = []
    with pytest.raises(TemporaryFailure, match="ConnectionRefusedError") as refused:
        mailer.send(email(), lambda: handed_over.append(True))
    assert isinstance(refused.value.__cause__, ConnectionRefusedError)
    assert handed_over == []  # never reached DATA


def test_a_refused_recipient_is_a_permanent_failure_before_the_hand_over(
    smtp_outbox: SmtpServer,
) -> None:
    smtp_outbox.refuse("nobody@agency.example")
    mailer = SmtpMailer(SmtpSettings(host=smtp_outbox.host, port=smtp_outbox.port))
    handed_over: list[bool] = []
    with pytest.raises(PermanentFailure, match="550"):
        mailer.send(email("nobody@agency.example"), lambda: handed_over.append(True))
    assert handed_over == [] and smtp_outbox.messages() == []


def test_a_connection_lost_after_data_is_an_unknown_outcome(smtp_outbox: SmtpServer) -> None:
    smtp_outbox.drop_after_data("ops-team@partnership.example")
    mailer = SmtpMailer(SmtpSettings(host=smtp_outbox.host, port=smtp_outbox.port, timeout=5))
    with pytest.raises(OutcomeUnknown):
        mailer.send(email(), lambda: None)
    assert len(smtp_outbox.messages()) == 1  # the relay did keep it


def test_a_lost_lease_stops_the_send_before_data(smtp_outbox: SmtpServer) -> None:
    mailer = SmtpMailer(SmtpSettings(host=smtp_outbox.host, port=smtp_outbox.port))

    def taken_over() -> None:
        raise LeaseLost("another worker has it")

    with pytest.raises(LeaseLost):
        mailer.send(email(), taken_over)
    assert smtp_outbox.messages() == []


def test_settings_repr_hides_the_password() -> None:
    settings = SmtpSettings(host="relay", port=587, username="u", password="s3cr3t-pw")
    assert "s3cr3t-pw" not in repr(settings)
