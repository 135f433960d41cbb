"""What opening a case from a referral means: its route, its state and its clocks.

The referral's answers are not part of a case: they stay with intake and are read through
intake's read model whenever they are shown, so there is one copy to correct or erase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from services.scheduler.domain.clocks import (
    Calendar,
    ClockRules,
    StartedClock,
    events_on_referral,
    london_date,
    start_clocks,
)
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import INITIAL_STATE, CaseState


class ReferralNotUsable(ValueError):
    """The referral cannot become a case (unknown route); retrying will not help."""


@dataclass(frozen=True)
class NewCase:
    reference: str
    referral_id: int
    route: Route
    state: CaseState
    received_at: datetime
    received_on: date
    clocks: tuple[StartedClock, ...]


def plan_case(
    *,
    referral_id: int,
    reference: str,
    kind: str,
    received_at: datetime,
    rules: ClockRules,
    calendar: Calendar,
    meetings: Iterable[date] = (),
) -> NewCase:
    """The new case; ``meetings`` (the Learning from Practice Group's schedule) dates the
    practice-learning clock, which is left unstarted when no meeting is scheduled yet."""
    try:
        route = Route(kind)
    except ValueError:
        raise ReferralNotUsable(f"referral {referral_id} has unknown kind {kind!r}") from None
    day0 = london_date(received_at)
    return NewCase(
        reference=reference,
        referral_id=referral_id,
        route=route,
        state=INITIAL_STATE,
        received_at=received_at,
        received_on=day0,
        clocks=tuple(
            start_clocks(rules, calendar, route, events_on_referral(route), day0, meetings)
        ),
    )
