"""How a clock stands on a given day: the seven statuses staff see, each with a machine key.

"Due within 1 working day" means the due date is the next working day: on a Friday for a
Monday deadline, and over the weekend too. A clock met on or before its due date was met on
time, even before its window opened (a report sent on working day 10 is early, not late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.dates import Calendar


class StatusKey(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DUE_TODAY = "due_today"
    DUE_WITHIN_1_WORKING_DAY = "due_within_1_working_day"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"


_TEXT = {
    StatusKey.NOT_STARTED: "Not started",
    StatusKey.ON_TRACK: "On track",
    StatusKey.DUE_TODAY: "Due today",
    StatusKey.DUE_WITHIN_1_WORKING_DAY: "Due within 1 working day",
    StatusKey.OVERDUE: "Overdue",
    StatusKey.MET_ON_TIME: "Met on time",
    StatusKey.MET_LATE: "Met late",
}
#: GOV.UK tag colours: red overdue, orange due today or next, green met on time
_TAG = {
    StatusKey.NOT_STARTED: "govuk-tag--grey",
    StatusKey.ON_TRACK: "govuk-tag--blue",
    StatusKey.DUE_TODAY: "govuk-tag--orange",
    StatusKey.DUE_WITHIN_1_WORKING_DAY: "govuk-tag--orange",
    StatusKey.OVERDUE: "govuk-tag--red",
    StatusKey.MET_ON_TIME: "govuk-tag--green",
    StatusKey.MET_LATE: "govuk-tag--pink",
}


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ClockStatus:
    key: StatusKey
    #: working days from today to the due date (negative once overdue); None when met or
    #: not started; for a met clock, ``late_by`` says how late it was instead
    working_days_left: int | None = None
    late_by: int = 0

    @property
    def text(self) -> str:
        return _TEXT[self.key]

    @property
    def tag_class(self) -> str:
        return _TAG[self.key]

    @property
    def detail(self) -> str:
        """A second line for people: how long is left, or how late."""
        left = self.working_days_left
        if self.key is StatusKey.ON_TRACK and left is not None:
            return f"{_days(left)} left"
        if self.key is StatusKey.OVERDUE and left is not None:
            return f"{_days(-left)} overdue" if left else "overdue"
        if self.key is StatusKey.MET_LATE:
            return f"{_days(self.late_by)} late" if self.late_by else "late"
        return ""


def clock_status(
    due_on: date | None, met_on: date | None, today: date, calendar: Calendar
) -> ClockStatus:
    """The status of a clock due on ``due_on`` (None: its starting event has not happened)."""
    if due_on is None:
        return ClockStatus(StatusKey.NOT_STARTED)
    if met_on is not None:
        if met_on <= due_on:
            return ClockStatus(StatusKey.MET_ON_TIME)
        return ClockStatus(
            StatusKey.MET_LATE, late_by=calendar.working_days_between(due_on, met_on)
        )
    left = calendar.working_days_between(today, due_on)
    if today > due_on:
        return ClockStatus(StatusKey.OVERDUE, left)
    if today == due_on:
        return ClockStatus(StatusKey.DUE_TODAY, 0)
    if left <= 1:
        return ClockStatus(StatusKey.DUE_WITHIN_1_WORKING_DAY, left)
    return ClockStatus(StatusKey.ON_TRACK, left)


def status_of(clock: StartedClock | None, today: date, calendar: Calendar) -> ClockStatus:
    """The status of a case's clock; None (never started) is "not started"."""
    if clock is None:
        return ClockStatus(StatusKey.NOT_STARTED)
    return clock_status(clock.due_on, clock.met_on, today, calendar)


def window_is_open(clock: StartedClock, today: date) -> bool | None:
    """For a clock with a window: whether ``today`` falls in it; None when it has none."""
    if clock.window_opens_on is None:
        return None
    return clock.window_opens_on <= today <= clock.due_on
