"""The ops dashboard: what is due this working week, and everything overdue above it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.scheduler.bootstrap import Container
from services.scheduler.domain.dates import is_working_day
from services.scheduler.queries import DeadlineView, deadline_views, today
from services.scheduler.store.case_list import unmet_clocks_due_by

FRIDAY = 4


@dataclass(frozen=True)
class DueClock:
    reference: str
    deadline: DeadlineView


@dataclass(frozen=True)
class DueDay:
    day: date
    clocks: list[DueClock]


@dataclass(frozen=True)
class Dashboard:
    today: date
    #: the Friday of this week (of the coming week at a weekend)
    week_ends_on: date
    overdue: list[DueClock]
    days: list[DueDay]


def end_of_week(day: date) -> date:
    return day + timedelta(days=(FRIDAY - day.weekday()) % 7)


def due_this_week(c: Container) -> Dashboard:
    on = today(c)
    last = end_of_week(on)
    with c.engine.connect() as conn:
        pending = unmet_clocks_due_by(conn, last)
    views = deadline_views(c, [p.deadline for p in pending], on)
    clocks = [DueClock(p.reference, v) for p, v in zip(pending, views, strict=True)]
    by_day: dict[date, list[DueClock]] = {}
    for clock in clocks:
        if clock.deadline.due_on >= on:
            by_day.setdefault(clock.deadline.due_on, []).append(clock)
    # every working day is shown, an empty one too; a clock on another day keeps its own
    days = [
        DueDay(d, by_day.get(d, []))
        for d in (on + timedelta(days=n) for n in range((last - on).days + 1))
        if d in by_day or is_working_day(c.calendar, d)
    ]
    overdue = [x for x in clocks if x.deadline.due_on < on]
    return Dashboard(on, last, overdue, days)
