"""The periodic re-evaluation of open cases' clocks: which reminders are new today.

Each event is keyed by (case, clock, kind, day) and the caller passes the keys it has
already emitted, so running the job twice on a day, or on every worker at once, emits
nothing twice (the store should also hold the keys under a unique constraint). Met clocks
and clocks not started emit nothing.

When each kind is emitted, including after days the scheduler was down (catch-up):

- ``due_soon`` once per clock, for the day its status first becomes "due within 1 working
  day": the last working day before the due date (or the day the clock started, if later).
  Missed, it is still emitted while the due date is ahead; once the due date is reached it
  is skipped, as "due today" or "overdue" says more.
- ``due_today`` once per clock, for its due date. Missed, it is still emitted once, marked
  ``catch_up``, so every deadline that passed is reported even if nobody was told that day.
- ``overdue`` once per working day while unmet, for today only: missed days are not
  back-filled (today's event says the same thing), and none is emitted on a weekend or bank
  holiday, when nobody is at work to act on it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.dates import Calendar, is_working_day, previous_working_day


class EventKind(StrEnum):
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


#: (case reference, clock key, event kind, day): an event is emitted once per key
EventKey = tuple[str, str, str, date]


@dataclass(frozen=True, order=True)
class ClockEvent:
    case: str
    clock: str
    kind: EventKind
    day: date
    due_on: date
    #: emitted after its day, because the scheduler was not running then
    catch_up: bool = False

    @property
    def key(self) -> EventKey:
        return (self.case, self.clock, self.kind.value, self.day)


def due_soon_day(clock: StartedClock, calendar: Calendar) -> date:
    return max(previous_working_day(calendar, clock.due_on), clock.starts_on)


def _candidates(
    case: str, clock: StartedClock, today: date, calendar: Calendar
) -> Iterable[ClockEvent]:
    if clock.met:
        return
    due = clock.due_on
    if today < due:
        soon = due_soon_day(clock, calendar)
        if soon <= today:
            yield ClockEvent(case, clock.key, EventKind.DUE_SOON, soon, due, soon < today)
        return
    yield ClockEvent(case, clock.key, EventKind.DUE_TODAY, due, due, due < today)
    if today > due and is_working_day(calendar, today):
        yield ClockEvent(case, clock.key, EventKind.OVERDUE, today, due)


def reevaluate(
    open_cases: Mapping[str, Iterable[StartedClock]],
    today: date,
    calendar: Calendar,
    emitted: Collection[EventKey],
) -> list[ClockEvent]:
    """The events not yet emitted for the clocks of open cases (case reference → clocks).

    The result is sorted (case, clock, kind, day), each key at most once.
    """
    done = set(emitted)
    new: list[ClockEvent] = []
    for case, clocks in open_cases.items():
        for clock in clocks:
            for event in _candidates(case, clock, today, calendar):
                if event.key not in done:
                    done.add(event.key)
                    new.append(event)
    return sorted(new)
