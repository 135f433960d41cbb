"""Which clocks the daily digest lists: every clock of an open case past its due date and
not met, with how many working days overdue it is (issue 9). Framework-free."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from services.scheduler.domain.clocks import LONDON, Calendar, StartedClock

#: the digest is sent from this London time each day (the cron job runs every 15 minutes)
SEND_FROM = time(7, 0)


@dataclass(frozen=True)
class OverdueClock:
    reference: str
    label: str
    due_on: date
    #: working days after the due date, up to today (1 on the first working day after)
    working_days_overdue: int

    def as_job(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "label": self.label,
            "due_on": self.due_on.isoformat(),
            "working_days_overdue": self.working_days_overdue,
        }


def due_now(moment: datetime) -> bool:
    """Has today's digest's time come (London time)?"""
    return moment.astimezone(LONDON).time() >= SEND_FROM


def overdue_clocks(
    open_cases: Mapping[str, Iterable[StartedClock]],
    today: date,
    calendar: Calendar,
    label: Callable[[str], str],
) -> list[OverdueClock]:
    """Most overdue first, then by reference and label."""
    found = [
        OverdueClock(
            reference,
            label(clock.key),
            clock.due_on,
            calendar.working_days_between(clock.due_on, today),
        )
        for reference, clocks in open_cases.items()
        for clock in clocks
        if not clock.met and clock.due_on < today
    ]
    return sorted(found, key=lambda o: (-o.working_days_overdue, o.reference, o.label))
