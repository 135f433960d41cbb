"""The all-returns-in email to the ops team: once per case, nothing for a closed case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.alerts import CaseNotFound
from services.notifier.clock_alerts import ClockAlertSettings
from services.notifier.delivery import Result
from services.notifier.returns_in import send_returns_in
from services.scheduler.readmodel import CaseSnapshot
from tests.unit.notifier.factories import CHILD_NAME, OUTLINE, make_case
from tests.unit.notifier.fakes import FakeMailer, InMemoryCases, InMemoryMessages

OPS = "ops-team@partnership.example"
SETTINGS = ClockAlertSettings(
    partnership_name="Greenwich Safeguarding Children Partnership",
    console_url="https://console.partnership.example",
    mail_from="cspr@partnership.example",
    ops_email=OPS,
    chair_email="lfp-chair@partnership.example",
)


def run(
    mailer: FakeMailer, messages: InMemoryMessages, case: CaseSnapshot, reference: str
) -> Result | None:
    return send_returns_in(
        reference,
        cases=InMemoryCases([case]),
        messages=messages,
        mailer=mailer,
        settings=SETTINGS,
        clock=lambda: datetime(2026, 11, 9, 16, tzinfo=UTC),
    )


def test_ops_are_told_once_with_the_link_and_no_childs_details() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    case = make_case(details={"outline": OUTLINE})
    assert run(mailer, messages, case, case.reference) == Result.SENT
    assert run(mailer, messages, case, case.reference) == Result.ALREADY_SENT
    [sent] = mailer.sent
    assert sent["To"] == OPS
    assert sent["Subject"] == f"Rapid Review {case.reference}: all scoping returns are in"
    assert f"https://console.partnership.example/cases/{case.reference}" in sent.as_string()
    for personal in (CHILD_NAME, "Hartley", OUTLINE):
        assert personal not in sent.as_string()


def test_a_closed_case_sends_nothing_and_an_unknown_one_is_retried() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    closed = make_case(state="closed")
    assert run(mailer, messages, closed, closed.reference) is None
    with pytest.raises(CaseNotFound):
        run(mailer, messages, closed, "GSCP-2026-9999")
    assert mailer.sent == []
