"""Date arithmetic the clocks need beyond adding working days.

``Calendar`` is the port a working-day calendar fills (``shared.workingdays``); the helpers
here use only its two methods, so a fake calendar in a test needs nothing more.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol


class Calendar(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


def add_calendar_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def next_meeting(meetings: Iterable[date], after: date) -> date | None:
    """The first scheduled meeting strictly after ``after``: the day's own meeting is too late."""
    return min((m for m in meetings if m > after), default=None)


def is_working_day(calendar: Calendar, day: date) -> bool:
    return calendar.working_days_between(day - timedelta(days=1), day) == 1


def previous_working_day(calendar: Calendar, day: date) -> date:
    """The last working day strictly before ``day``."""
    before = day - timedelta(days=1)
    while not is_working_day(calendar, before):
        before -= timedelta(days=1)
    return before
