"""The daily digest's wording, its one recipient, and once a day (fakes for the relay)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.notifier.clock_alerts import ClockAlertSettings
from services.notifier.delivery import Result
from services.notifier.overdue_digest import Overdue, compose, send_overdue_digest
from tests.unit.notifier.factories import CHILD_NAME, OUTLINE
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages

OPS = "ops-team@partnership.example"
DAY = date(2026, 12, 8)
SETTINGS = ClockAlertSettings(
    partnership_name="Greenwich Safeguarding Children Partnership",
    console_url="https://console.partnership.example",
    mail_from="cspr@partnership.example",
    ops_email=OPS,
    chair_email="lfp-chair@partnership.example",
)
CLOCKS = [
    Overdue("GSCP-2026-0001", "Notify the national Panel", date(2026, 11, 27), 7),
    Overdue("GSCP-2026-0002", "Agencies to return their scoping forms", date(2026, 12, 7), 1),
]


def run(mailer: FakeMailer, messages: InMemoryMessages, clocks: list[Overdue]) -> Result | None:
    return send_overdue_digest(
        DAY,
        clocks,
        messages=messages,
        mailer=mailer,
        settings=SETTINGS,
        clock=lambda: datetime(2026, 12, 8, 7, tzinfo=UTC),
    )


def test_ops_get_one_digest_a_day() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages, CLOCKS) == Result.SENT
    assert run(mailer, messages, CLOCKS[:1]) == Result.ALREADY_SENT
    [sent] = mailer.sent
    assert sent["To"] == OPS
    assert sent["Subject"] == "Overdue deadlines on Tuesday 8 December 2026: 2 deadlines"
    record = messages.get("overdue-digest:2026-12-08")
    assert record is not None and record.case_reference is None


def test_nothing_overdue_sends_nothing() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages, []) is None
    assert mailer.sent == [] and messages.records == {}


def test_each_clock_is_a_line_with_its_reference_step_due_date_and_lateness() -> None:
    lines = compose(DAY, CLOCKS, SETTINGS).text.splitlines()
    assert (
        "2 deadlines are overdue: the due date has passed and the step is not recorded "
        "as done." in lines
    )
    assert (
        "- GSCP-2026-0001: Notify the national Panel. Due Friday 27 November 2026, "
        "7 working days overdue." in lines
    )
    assert (
        "- GSCP-2026-0002: Agencies to return their scoping forms. Due Monday 7 December "
        "2026, 1 working day overdue." in lines
    )
    assert "https://console.partnership.example/dashboard" in lines
    one = compose(DAY, CLOCKS[:1], SETTINGS)
    assert one.subject.endswith(": 1 deadline")
    assert "1 deadline is overdue" in one.text


@pytest.mark.parametrize("personal", [CHILD_NAME, "Hartley", OUTLINE])
def test_no_childs_details(personal: str) -> None:
    content = compose(DAY, CLOCKS, SETTINGS)
    assert personal not in content.text + content.html + content.subject


def test_the_job_parses_what_the_scheduler_sent() -> None:
    assert Overdue.parse(
        {
            "reference": "GSCP-2026-0001",
            "label": "Notify the\n national Panel",
            "due_on": "2026-11-27",
            "working_days_overdue": 7,
        }
    ) == Overdue("GSCP-2026-0001", "Notify the national Panel", date(2026, 11, 27), 7)
