"""How a deadline stands today: met, overdue, due today, or N working days left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol, TypeVar

from services.scheduler.domain.clocks import Calendar

Kind = Literal["met", "overdue", "due_today", "open"]


class HasDue(Protocol):
    @property
    def due_on(self) -> date: ...

    @property
    def met(self) -> bool: ...


D = TypeVar("D", bound=HasDue)


@dataclass(frozen=True)
class DeadlineStatus:
    kind: Kind
    #: working days from today to the due date (negative once overdue)
    working_days_left: int

    @property
    def text(self) -> str:
        if self.kind == "met":
            return "met"
        if self.kind == "overdue":
            return "overdue"
        if self.kind == "due_today":
            return "due today"
        n = self.working_days_left
        return f"{n} working day{'' if n == 1 else 's'} left"

    @property
    def tag_class(self) -> str:
        """GOV.UK tag colour: red overdue, orange today or tomorrow, green met."""
        if self.kind == "met":
            return "govuk-tag--green"
        if self.kind == "overdue":
            return "govuk-tag--red"
        if self.kind == "due_today" or self.working_days_left <= 1:
            return "govuk-tag--orange"
        return "govuk-tag--blue"


def deadline_status(due_on: date, today: date, calendar: Calendar, met: bool) -> DeadlineStatus:
    left = calendar.working_days_between(today, due_on)
    if met:
        return DeadlineStatus("met", left)
    if due_on < today:
        return DeadlineStatus("overdue", left)
    if due_on == today:
        return DeadlineStatus("due_today", 0)
    return DeadlineStatus("open", left)


def next_deadline(deadlines: Iterable[D]) -> D | None:
    """The first deadline: the earliest one not yet met (ties keep the given order)."""
    best: D | None = None
    for item in deadlines:
        if not item.met and (best is None or item.due_on < best.due_on):
            best = item
    return best
