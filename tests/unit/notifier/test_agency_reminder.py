"""The reminder to an agency that has not returned its scoping form: its wording, that it
never carries the link or the child's details, when it is not sent, and sending it once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.notifier.agency_reminders import (
    Outcome,
    Reminder,
    ReminderNotFound,
    send_agency_reminder,
)
from services.scheduler.readmodel import AgencyReminder
from tests.unit.notifier.agency_factories import (
    AGENCY,
    AGENCY_EMAIL,
    CASE_AGENCY_ID,
    CHILD_NAME,
    OPS,
    OUTLINE,
    REFERENCE,
    make_request,
    make_settings,
)
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


class InMemoryReminders:
    def __init__(self, found: AgencyReminder | None) -> None:
        self.found = found

    def fetch(self, case_agency_id: int, serial: int) -> AgencyReminder | None:
        return self.found


def awaiting(**changes: object) -> AgencyReminder:
    return AgencyReminder(
        request=make_request(**changes),  # type: ignore[arg-type]
        requested_on=date(2026, 11, 30),
        returned=False,
        case_closed=False,
    )


def send(
    found: AgencyReminder | None,
    kind: str = "before",
    days: int = 2,
    *,
    mailer: FakeMailer | None = None,
    messages: InMemoryMessages | None = None,
) -> tuple[Outcome, FakeMailer]:
    mailer = mailer or FakeMailer()
    outcome = send_agency_reminder(
        Reminder.parse(CASE_AGENCY_ID, 1, kind, days, "2026-12-10"),
        reminders=InMemoryReminders(found),
        messages=messages or InMemoryMessages(),
        mailer=mailer,
        settings=make_settings(),
        clock=lambda: NOW,
    )
    return outcome, mailer


def body(mailer: FakeMailer) -> str:
    (message,) = mailer.sent
    text = message.get_body(("plain",))
    assert text is not None
    return text.get_content()


def test_the_reminder_points_to_the_request_email_and_whom_to_ask_for_a_new_link() -> None:
    outcome, mailer = send(awaiting())
    assert outcome is Outcome.SENT
    (message,) = mailer.sent
    assert message["To"] == AGENCY_EMAIL
    assert message["Reply-To"] == OPS
    assert message["Subject"] == (
        f"Reminder: scoping form for Rapid Review {REFERENCE} is due by 5pm on "
        "Monday 14 December 2026"
    )
    text = body(mailer)
    assert f"for {AGENCY} by 5pm on Monday 14 December 2026" in text
    assert "scoping request email we sent you on Monday 30 November 2026" in text
    assert "contact the Partnership Operations Team for a new link" in text
    assert "020 8921 8732" in text
    assert "/scoping/" not in text
    for personal in (CHILD_NAME, OUTLINE):
        assert personal not in message.as_string()


def test_due_today_and_overdue_say_so() -> None:
    _, due = send(awaiting(), "due", 0)
    assert "by 5pm today, Monday 14 December 2026" in body(due)
    _, overdue = send(awaiting(), "overdue", 1)
    (message,) = overdue.sent
    assert message["Subject"].startswith("Overdue: scoping form for Rapid Review")
    assert "It was due by 5pm on Monday 14 December 2026" in body(overdue)


@pytest.mark.parametrize(
    ("found", "outcome"),
    [
        (replace(awaiting(), returned=True), Outcome.RETURNED),
        (replace(awaiting(), case_closed=True), Outcome.CLOSED),
        (awaiting(revoked=True), Outcome.LINK_UNUSABLE),
        (awaiting(replaced=True), Outcome.LINK_UNUSABLE),
        (awaiting(removed=True), Outcome.LINK_UNUSABLE),
        (awaiting(expires_at=datetime(2026, 12, 10, 8, 59, tzinfo=UTC)), Outcome.LINK_UNUSABLE),
        (awaiting(email=" "), Outcome.NO_ADDRESS),
    ],
)
def test_not_sent_once_returned_withdrawn_replaced_or_expired(
    found: AgencyReminder, outcome: Outcome
) -> None:
    got, mailer = send(found)
    assert got is outcome
    assert mailer.sent == []


def test_sent_once_under_its_key_and_a_link_not_readable_yet_is_retried() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    assert send(awaiting(), messages=messages, mailer=mailer)[0] is Outcome.SENT
    assert send(awaiting(), messages=messages, mailer=mailer)[0] is Outcome.ALREADY_SENT
    assert len(mailer.sent) == 1
    with pytest.raises(ReminderNotFound):
        send(None)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Reminder.parse(CASE_AGENCY_ID, 1, "someday", 1, "2026-12-10")
