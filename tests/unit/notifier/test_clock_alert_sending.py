"""Sending a clock alert once per (case, clock, kind, day), with fakes for the relay and
the records; and the job wired through the notifier's container."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.alerts import CaseNotFound
from services.notifier.app import create_app
from services.notifier.backends import TemporaryFailure
from services.notifier.clock_alerts import (
    ClockAlertSettings,
    ClockEvent,
    Outcome,
    idempotency_key,
    recipients,
    send_clock_alert,
)
from services.notifier.jobs import send_clock_alert as job
from services.notifier.statuses import Status
from services.scheduler.readmodel import CaseSnapshot
from shared import runtime
from shared.config import load_config
from tests.unit.notifier.factories import CHILD_DOB, CHILD_NAME, OUTLINE, make_case
from tests.unit.notifier.fakes import FakeMailer, InMemoryCases, InMemoryMessages

OPS = "ops-team@partnership.example"
CHAIR = "lfp-chair@partnership.example"
NOW = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
SETTINGS = ClockAlertSettings(
    partnership_name="Greenwich Safeguarding Children Partnership",
    console_url="https://console.partnership.example",
    mail_from="cspr@partnership.example",
    ops_email=OPS,
    chair_email=CHAIR,
)
KEY = "clock-alert:GSCP-2026-0001:notify_panel:overdue:2026-11-30"


def overdue(*, day: str = "2026-11-30", reference: str = "GSCP-2026-0001") -> ClockEvent:
    return ClockEvent.parse(
        reference, "notify_panel", "overdue", day, "Notify the national Panel", "2026-11-27"
    )


def run(
    mailer: FakeMailer,
    messages: InMemoryMessages,
    *,
    alert: ClockEvent | None = None,
    case: CaseSnapshot | None = None,
) -> Outcome:
    return send_clock_alert(
        alert or overdue(),
        cases=InMemoryCases([case or make_case()]),
        messages=messages,
        mailer=mailer,
        settings=SETTINGS,
        clock=lambda: NOW,
    )


@pytest.fixture(autouse=True)
def _clean_runtime() -> None:
    runtime.clear()


def test_sends_one_message_to_the_ops_team_and_records_it() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages) == Outcome.SENT
    [sent] = mailer.sent
    assert sent["To"] == OPS
    assert sent["From"] == "cspr@partnership.example"
    assert sent["Subject"] == "GSCP-2026-0001: Notify the national Panel is overdue"
    record = messages.get(KEY)
    assert record is not None and record.status == Status.SENT
    assert record.backend_id == sent["Message-ID"] and record.sent_at == NOW


def test_idempotency_key_is_case_clock_kind_and_day() -> None:
    alert = overdue()
    assert idempotency_key(alert.reference, alert.clock, alert.kind, alert.day) == KEY


def test_running_again_sends_nothing() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(mailer, messages)
    assert run(mailer, messages) == Outcome.ALREADY_SENT
    assert len(mailer.sent) == 1


def test_another_day_overdue_is_another_message() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(mailer, messages)
    assert run(mailer, messages, alert=overdue(day="2026-12-01")) == Outcome.SENT
    assert len(mailer.sent) == 2
    assert len({m["Message-ID"] for m in mailer.sent}) == 2


def test_closed_case_is_skipped() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages, case=make_case(state="closed")) == Outcome.CASE_CLOSED
    assert mailer.sent == [] and messages.records == {}


def test_unknown_case_raises_so_the_job_is_retried() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    with pytest.raises(CaseNotFound):
        run(mailer, messages, alert=overdue(reference="GSCP-2026-9999"))
    assert mailer.sent == [] and messages.records == {}


def test_refusing_relay_raises_and_a_later_run_sends() -> None:
    mailer, messages = FakeMailer(failing={OPS}), InMemoryMessages()
    with pytest.raises(TemporaryFailure):
        run(mailer, messages)
    record = messages.get(KEY)
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    mailer.failing.clear()
    assert run(mailer, messages) == Outcome.SENT
    assert len(mailer.sent) == 1


@pytest.mark.parametrize(
    "personal",
    [
        CHILD_NAME,
        "Amelia",
        "Hartley",
        OUTLINE,
        "unexplained injuries",
        CHILD_DOB.isoformat(),
        "14 March 2019",
        "Sam Practitioner",
        "Riverside Primary",
        "sam.practitioner@school.example",
        "1 Hartley Road",
    ],
)
def test_no_personal_data_in_the_message(personal: str) -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    case = make_case(details={"outline": OUTLINE, "child_address": "1 Hartley Road"})
    run(mailer, messages, case=case)
    [sent] = mailer.sent
    assert personal not in sent.as_string()
    for part in sent.walk():
        if part.get_content_maintype() == "text":
            assert personal not in part.get_content()


def test_job_uses_the_registered_container() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": OPS,
            "CHAIR_EMAIL": "lfp-chair@partnership.example",
            "MAIL_FROM": "cspr@partnership.example",
            "CONSOLE_URL": "https://console.partnership.example",
        },
    )
    create_app(
        config,
        mailer=mailer,
        messages=messages,
        cases=InMemoryCases([make_case(reference="GSCP-2026-0042")]),
        clock=lambda: datetime(2026, 11, 23, 8, tzinfo=UTC),
    )
    job(
        case_reference="GSCP-2026-0042",
        clock="criteria_decision",
        kind="due_soon",
        day="2026-11-23",
        label="Chair decides whether criteria are met",
        due_on="2026-11-24",
    )
    # the chair's decision: the chair first, then the ops team, each under its own key
    chair, ops = mailer.sent
    assert (chair["To"], ops["To"]) == (CHAIR, OPS)
    subject = "GSCP-2026-0042: Chair decides whether criteria are met is due tomorrow"
    assert chair["Subject"] == ops["Subject"] == subject
    for sent in (chair, ops):
        body = sent.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert "https://console.partnership.example/cases/GSCP-2026-0042" in text
        assert ("What to do: Decide whether the criteria" in text) is (sent is chair)
    key = "clock-alert:GSCP-2026-0042:criteria_decision:due_soon:2026-11-23"
    ops_record = messages.get(key)
    assert ops_record is not None and ops_record.recipient == OPS
    chair_record = messages.get(f"{key}:chair")
    assert chair_record is not None and chair_record.recipient == CHAIR


def decision(kind: str = "overdue") -> ClockEvent:
    return ClockEvent.parse(
        "GSCP-2026-0001", "criteria_decision", kind, "2026-11-30", "", "2026-11-27"
    )


def test_other_clocks_go_to_the_ops_team_only() -> None:
    assert recipients("notify_panel", SETTINGS) == (("ops", OPS),)
    assert recipients("criteria_decision", SETTINGS) == (("chair", CHAIR), ("ops", OPS))


def test_decision_alert_runs_again_without_sending_twice() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages, alert=decision()) == Outcome.SENT
    assert run(mailer, messages, alert=decision()) == Outcome.ALREADY_SENT
    assert [m["To"] for m in mailer.sent] == [CHAIR, OPS]


def test_decision_alert_to_ops_is_retried_after_the_chairs_was_sent() -> None:
    mailer, messages = FakeMailer(failing={OPS}), InMemoryMessages()
    with pytest.raises(TemporaryFailure):
        run(mailer, messages, alert=decision())
    mailer.failing.clear()
    assert run(mailer, messages, alert=decision()) == Outcome.SENT
    assert [m["To"] for m in mailer.sent] == [CHAIR, OPS]


@pytest.mark.parametrize("personal", [CHILD_NAME, "Hartley", OUTLINE, "Sam Practitioner"])
def test_no_personal_data_in_the_chairs_message(personal: str) -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(mailer, messages, alert=decision(), case=make_case(details={"outline": OUTLINE}))
    for sent in mailer.sent:
        assert personal not in sent.as_string()
        for part in sent.walk():
            if part.get_content_maintype() == "text":
                assert personal not in part.get_content()
