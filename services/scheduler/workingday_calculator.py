"""The working-day calculator: the N-th working day after a date, and the days it skipped.

The same ``WorkingDayCalendar`` as the clocks (England bank holidays and the partnership's
closure days), so staff can check a deadline by hand and get the console's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from shared.workingdays import WorkingDayCalendar

MAX_DAYS = 400
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


@dataclass(frozen=True)
class Skipped:
    day: date
    #: "weekend", "bank holiday" or "closure day"
    why: str


@dataclass(frozen=True)
class Counted:
    start: date
    days: int
    result: date
    #: the non-working days between the start and the result
    skipped: tuple[Skipped, ...]


def why_not_working(calendar: WorkingDayCalendar, day: date) -> str:
    if day.weekday() >= 5:
        return "weekend"
    if calendar.is_bank_holiday(day):
        return "bank holiday"
    return "closure day"


def count_working_days(calendar: WorkingDayCalendar, start: date, days: int) -> Counted:
    """``days`` working days after ``start`` (day 0); 0 gives ``start`` itself."""
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_DAYS}")
    result = calendar.add_working_days(start, days) if days else start
    skipped = []
    day = start + timedelta(days=1)
    while day < result:
        if not calendar.is_working_day(day):
            skipped.append(Skipped(day, why_not_working(calendar, day)))
        day += timedelta(days=1)
    return Counted(start, days, result, tuple(skipped))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{_SUFFIXES.get(n % 10, 'th')}"
