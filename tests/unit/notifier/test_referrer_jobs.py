"""The resume-link and confirmation jobs through the registered container, with fakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.app import create_app
from services.notifier.jobs import send_referral_confirmation, send_resume_link
from services.notifier.referrers import ReferrerSettings
from shared import runtime
from shared.config import Config, load_config
from tests.unit.notifier.fakes import (
    FakeMailer,
    InMemoryMessages,
    InMemoryReferrals,
    InMemoryResumeContacts,
)
from tests.unit.notifier.referrer_factories import REFERRER, TOKEN, make_contact, make_referral

NOW = datetime(2026, 11, 20, 11, tzinfo=UTC)


def config() -> Config:
    return load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": "ops-team@partnership.example",
            "MAIL_FROM": "cspr@partnership.example",
            "INTAKE_URL": "https://referrals.partnership.example",
        },
    )


@pytest.fixture(autouse=True)
def _clean_runtime() -> None:
    runtime.clear()


def test_referrer_settings_come_from_the_configuration() -> None:
    container = create_app(config(), mailer=FakeMailer()).extensions["cspr"]
    assert container.referrer_settings == ReferrerSettings(
        partnership_name="Greenwich Safeguarding Children Partnership",
        intake_url="https://referrals.partnership.example",
        mail_from="cspr@partnership.example",
        contact_email="ops-team@partnership.example",
    )


def test_resume_link_job_uses_the_registered_container() -> None:
    mailer = FakeMailer()
    create_app(
        config(),
        mailer=mailer,
        messages=InMemoryMessages(),
        resume_contacts=InMemoryResumeContacts([make_contact(draft_id=12, serial=1)]),
        clock=lambda: NOW,
    )
    send_resume_link(draft_id=12, serial=1, token=TOKEN)
    [sent] = mailer.sent
    assert sent["To"] == REFERRER
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None
    assert (
        f"https://referrals.partnership.example/referrals/serious-incident/resume/{TOKEN}"
        in body.get_content()
    )
    send_resume_link(draft_id=12, serial=0, token="an-older-token")
    assert len(mailer.sent) == 1


def test_confirmation_job_uses_the_registered_container() -> None:
    mailer = FakeMailer()
    create_app(
        config(),
        mailer=mailer,
        messages=InMemoryMessages(),
        referrals=InMemoryReferrals([make_referral(reference="GSCP-2026-0042")]),
        clock=lambda: NOW,
    )
    send_referral_confirmation(case_reference="GSCP-2026-0042")
    [sent] = mailer.sent
    assert sent["To"] == REFERRER
    assert sent["Subject"] == "Referral received \N{EN DASH} GSCP-2026-0042"
    assert sent["Reply-To"] == "ops-team@partnership.example"
