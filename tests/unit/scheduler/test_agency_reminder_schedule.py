"""Which reminder an agency that has not returned is due on a day: working days only, across
the Christmas and Easter 2026 bank holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.scheduler.domain.agency_reminders import (
    Reminder,
    Schedule,
    reminder_due,
    sending_time,
)
from shared.workingdays import WorkingDayCalendar

CALENDAR = WorkingDayCalendar()
#: AGENCY_REMINDER_DAYS="2,0", AGENCY_OVERDUE_EVERY_DAYS="2" (the defaults)
SCHEDULE = Schedule.parse(["2", "0"], "2")


def schedule_between(due_on: date, first: date, last: date, schedule: Schedule = SCHEDULE):
    day, found = first, {}
    while day <= last:
        reminder = reminder_due(due_on, day, schedule, CALENDAR)
        if reminder is not None:
            found[day] = reminder.key
        day += timedelta(days=1)
    return found


def test_christmas_2026_week_skips_the_bank_holidays_and_the_weekend() -> None:
    # due Wednesday 30 December 2026: two working days before is Tuesday 29th, since
    # Friday 25 (Christmas) and Monday 28 (Boxing Day substitute) are bank holidays
    found = schedule_between(date(2026, 12, 30), date(2026, 12, 20), date(2027, 1, 12))
    assert found == {
        date(2026, 12, 24): "before-2",
        date(2026, 12, 30): "due-0",
        date(2026, 12, 31): "overdue-1",
        # Friday 1 January is New Year's Day
        date(2027, 1, 5): "overdue-3",
        date(2027, 1, 7): "overdue-5",
        date(2027, 1, 11): "overdue-7",
    }


def test_easter_2026_skips_good_friday_and_easter_monday() -> None:
    # due Tuesday 7 April 2026: Thursday 2 April is one working day before (Good Friday
    # 3 April and Easter Monday 6 April are bank holidays), so two is Wednesday 1 April
    found = schedule_between(date(2026, 4, 7), date(2026, 3, 30), date(2026, 4, 13))
    assert found == {
        date(2026, 4, 1): "before-2",
        date(2026, 4, 7): "due-0",
        date(2026, 4, 8): "overdue-1",
        date(2026, 4, 10): "overdue-3",
    }


def test_due_after_easter_overdue_notice_waits_for_the_first_working_day() -> None:
    found = schedule_between(date(2026, 4, 2), date(2026, 3, 25), date(2026, 4, 9))
    assert found == {
        date(2026, 3, 31): "before-2",
        date(2026, 4, 2): "due-0",
        # Friday 3 April and Monday 6 April are bank holidays
        date(2026, 4, 7): "overdue-1",
        date(2026, 4, 9): "overdue-3",
    }


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 28)],
)
def test_nothing_on_a_bank_holiday_or_weekend(day: date) -> None:
    assert reminder_due(date(2026, 12, 24), day, SCHEDULE, CALENDAR) is None
    assert reminder_due(date(2026, 12, 30), day, SCHEDULE, CALENDAR) is None


def test_a_closure_day_is_not_a_working_day() -> None:
    closed = WorkingDayCalendar([date(2026, 11, 27)])
    # due Tuesday 1 December: two working days before skips the closure on Friday 27th
    assert reminder_due(date(2026, 12, 1), date(2026, 11, 26), SCHEDULE, closed) == Reminder(
        "before", 2
    )
    assert reminder_due(date(2026, 12, 1), date(2026, 11, 27), SCHEDULE, closed) is None


def test_overdue_every_zero_sends_the_first_notice_only() -> None:
    once = Schedule.parse(["0"], "0")
    found = schedule_between(date(2026, 11, 30), date(2026, 11, 23), date(2026, 12, 11), once)
    assert found == {date(2026, 11, 30): "due-0", date(2026, 12, 1): "overdue-1"}


def test_without_zero_no_reminder_on_the_due_day() -> None:
    schedule = Schedule.parse(["3", "1"], "5")
    found = schedule_between(date(2026, 11, 30), date(2026, 11, 23), date(2026, 12, 1), schedule)
    assert found == {
        date(2026, 11, 25): "before-3",
        date(2026, 11, 27): "before-1",
        date(2026, 12, 1): "overdue-1",
    }


@pytest.mark.parametrize(("days", "every"), [(["-1"], "2"), (["2"], "-1"), (["two"], "2")])
def test_a_wrong_setting_is_refused(days: list[str], every: str) -> None:
    with pytest.raises(ValueError):
        Schedule.parse(days, every)


def test_reminders_wait_for_9am_in_london() -> None:
    # 8:59am and 9am GMT in winter; 8am UTC is 9am BST in summer
    assert not sending_time(datetime(2026, 12, 10, 8, 59, tzinfo=UTC))
    assert sending_time(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    assert sending_time(datetime(2026, 6, 10, 8, 0, tzinfo=UTC))
    assert not sending_time(datetime(2026, 6, 10, 7, 59, tzinfo=UTC))
