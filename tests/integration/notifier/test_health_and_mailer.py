"""/readyz against the real dependencies, and the SMTP adapter against a real server."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from devstack.procs import free_port
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


def test_smtp_mailer_delivers_and_returns_the_message_id(smtp_outbox: SmtpServer) -> None:
    mailer = SmtpMailer(SmtpSettings(host=smtp_outbox.host, port=smtp_outbox.port))
    msg = EmailMessage()
    msg["From"] = "cspr@partnership.example"
    msg["To"] = "ops-team@partnership.example"
    msg["Subject"] = "Test \N{EN DASH} one"
    msg.set_content("Hello")
    message_id = mailer.send(msg)
    [received] = smtp_outbox.messages()
    assert received["Message-ID"] == message_id
    assert received["Subject"] == "Test \N{EN DASH} one"
    mailer.check()


def test_smtp_mailer_raises_when_nothing_listens() -> None:
    mailer = SmtpMailer(SmtpSettings(host="127.0.0.1", port=free_port(), timeout=5))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", "x"
    with pytest.raises(ConnectionRefusedError):
        mailer.send(msg)


def test_settings_repr_hides_the_password() -> None:
    settings = SmtpSettings(host="relay", port=587, username="u", password="s3cr3t-pw")
    assert "s3cr3t-pw" not in repr(settings)
