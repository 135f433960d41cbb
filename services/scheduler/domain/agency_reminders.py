"""Which reminder an agency that has not returned its scoping form is due today.

Before the return's due date: on each of the configured working days before it
(``AGENCY_REMINDER_DAYS``, "2,0": two working days before, and on the day itself).
After it: an overdue notice on the first working day after, then every
``AGENCY_OVERDUE_EVERY_DAYS`` working days (0: the first notice only). The day's
reminders go out from 9am in London.

Working days are the clocks' calendar (England bank holidays and closure days), never
calendar days: nothing is sent on a weekend, a bank holiday or a closure day, and a
reminder whose day fell on one is not sent late (the next one in the schedule follows).
Plain Python: no framework, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from shared.workingdays import WorkingDayCalendar

LONDON = ZoneInfo("Europe/London")
#: reminders go out from the start of the working day, not at midnight (the cron job runs
#: every 15 minutes, so the first run after this time sends the day's reminders)
SEND_FROM = time(9, 0)

BEFORE = "before"
DUE = "due"
OVERDUE = "overdue"


@dataclass(frozen=True)
class Schedule:
    #: working days before the due date (0: on the due date), largest first
    days_before: tuple[int, ...]
    #: working days between overdue notices after the first (0: the first only)
    overdue_every: int

    @classmethod
    def parse(cls, days_before: Iterable[str], overdue_every: str) -> Schedule:
        """From the settings' text; raises ValueError naming what is wrong."""
        days = sorted({int(d) for d in days_before}, reverse=True)
        every = int(overdue_every)
        if any(d < 0 for d in days) or every < 0:
            raise ValueError("reminder days cannot be negative")
        return cls(tuple(days), every)


@dataclass(frozen=True)
class Reminder:
    #: before, due or overdue
    kind: str
    #: working days before the due date (before), 0 (due), or after it (overdue)
    days: int

    @property
    def key(self) -> str:
        """``before-2``, ``due-0``, ``overdue-1``: part of the job id and message key."""
        return f"{self.kind}-{self.days}"


def sending_time(now: datetime) -> bool:
    """Whether it is late enough in the London day to send the day's reminders."""
    return now.astimezone(LONDON).time() >= SEND_FROM


def reminder_due(
    due_on: date, today: date, schedule: Schedule, calendar: WorkingDayCalendar
) -> Reminder | None:
    """The reminder due ``today`` for a return due on ``due_on``, or None."""
    if not calendar.is_working_day(today):
        return None
    if today == due_on:
        return Reminder(DUE, 0) if 0 in schedule.days_before else None
    if today < due_on:
        before = calendar.working_days_between(today, due_on)
        return Reminder(BEFORE, before) if before in schedule.days_before and before else None
    after = calendar.working_days_between(due_on, today)
    if after == 1 or (schedule.overdue_every and (after - 1) % schedule.overdue_every == 0):
        return Reminder(OVERDUE, after)
    return None
