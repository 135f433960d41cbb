"""The notifier's application factory and job wiring, with fakes (no network)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.app import create_app
from services.notifier.jobs import send_new_referral_alert
from shared import runtime
from shared.config import Config, load_config
from tests.unit.notifier.factories import make_case
from tests.unit.notifier.fakes import FakeMailer, InMemoryCases, InMemoryMessages


def config() -> Config:
    return load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": "ops-team@partnership.example",
            "CHAIR_EMAIL": "lfp-chair@partnership.example",
            "MAIL_FROM": "cspr@partnership.example",
            "CONSOLE_URL": "https://console.partnership.example",
        },
    )


@pytest.fixture(autouse=True)
def _clean_runtime() -> None:
    runtime.clear()


def test_create_app_registers_its_container_and_answers_healthz() -> None:
    mailer = FakeMailer()
    app = create_app(config(), mailer=mailer)
    container = app.extensions["cspr"]
    assert runtime.get("notifier") is container
    assert container.mailer is mailer
    assert [r.address for r in container.settings.recipients] == [
        "ops-team@partnership.example",
        "lfp-chair@partnership.example",
    ]
    response = app.test_client().get("/healthz")
    assert response.get_json() == {"service": "notifier", "status": "ok"}


def test_unknown_override_is_refused() -> None:
    with pytest.raises(TypeError, match="mailr"):
        create_app(config(), mailr=FakeMailer())


def test_job_uses_the_registered_container() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    create_app(
        config(),
        mailer=mailer,
        messages=messages,
        cases=InMemoryCases([make_case(reference="GSCP-2026-0042")]),
        clock=lambda: datetime(2026, 11, 20, 11, tzinfo=UTC),
    )
    send_new_referral_alert(case_reference="GSCP-2026-0042")
    assert sorted(str(m["To"]) for m in mailer.sent) == [
        "lfp-chair@partnership.example",
        "ops-team@partnership.example",
    ]
    assert all(
        "https://console.partnership.example/cases/GSCP-2026-0042"
        in m.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        for m in mailer.sent
    )
