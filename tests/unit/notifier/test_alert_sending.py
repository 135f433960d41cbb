"""Sending the alert once per recipient, with fakes for the mail relay and the records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.alerts import (
    AlertNotSent,
    AlertSettings,
    CaseNotFound,
    SendReport,
    idempotency_key,
    send_new_referral_alert,
)
from services.notifier.statuses import Status
from tests.unit.notifier.factories import CHILD_NAME, make_case, make_settings
from tests.unit.notifier.fakes import FakeMailer, InMemoryCases, InMemoryMessages

OPS = "ops-team@partnership.example"
CHAIR = "lfp-chair@partnership.example"
NOW = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)


def run(
    mailer: FakeMailer,
    messages: InMemoryMessages,
    *,
    reference: str = "GSCP-2026-0001",
    settings: AlertSettings | None = None,
) -> SendReport:
    return send_new_referral_alert(
        reference,
        cases=InMemoryCases([make_case()]),
        messages=messages,
        mailer=mailer,
        settings=settings or make_settings(ops=OPS, chair=CHAIR),
        clock=lambda: NOW,
    )


def test_sends_one_message_to_ops_and_one_to_the_chair() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    report = run(mailer, messages)
    assert report.sent == ("ops", "chair")
    assert sorted(str(m["To"]) for m in mailer.sent) == [CHAIR, OPS]
    for address, sent in zip((OPS, CHAIR), mailer.sent, strict=True):
        record = messages.get(idempotency_key("GSCP-2026-0001", address))
        assert record is not None and record.status == Status.SENT
        assert record.backend_id == sent["Message-ID"]
        assert record.sent_at == NOW
    assert all(CHILD_NAME not in m.as_string() for m in mailer.sent)


def test_idempotency_key_names_template_reference_and_recipient() -> None:
    assert idempotency_key("GSCP-2026-0001", OPS) == f"new-referral-alert:GSCP-2026-0001:{OPS}"


def test_running_again_sends_nothing() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(mailer, messages)
    report = run(mailer, messages)
    assert report.sent == ()
    assert report.skipped == ("ops", "chair")
    assert len(mailer.sent) == 2


def test_a_failed_recipient_is_retried_and_the_other_is_not_resent() -> None:
    mailer, messages = FakeMailer(failing={OPS}), InMemoryMessages()
    with pytest.raises(AlertNotSent, match="ops"):
        run(mailer, messages)
    assert [str(m["To"]) for m in mailer.sent] == [CHAIR]
    record = messages.get(idempotency_key("GSCP-2026-0001", OPS))
    assert (
        record is not None and record.status == Status.TEMPORARY_FAILURE and record.sent_at is None
    )

    mailer.failing.clear()
    report = run(mailer, messages)
    assert report.sent == ("ops",) and report.skipped == ("chair",)
    assert [str(m["To"]) for m in mailer.sent] == [CHAIR, OPS]


def test_unknown_case_raises_so_the_job_is_retried() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    with pytest.raises(CaseNotFound):
        run(mailer, messages, reference="GSCP-2026-9999")
    assert mailer.sent == [] and messages.records == {}


def test_one_mailbox_for_both_roles_gets_one_message() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    report = run(mailer, messages, settings=make_settings(ops=OPS, chair=OPS.upper()))
    assert report.sent == ("ops",)
    assert len(mailer.sent) == 1
