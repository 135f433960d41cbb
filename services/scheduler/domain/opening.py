"""What opening a case from a referral means: its columns, its details and its clocks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.scheduler.domain.clocks import (
    EVENTS_ON_REFERRAL,
    Calendar,
    ClockRules,
    StartedClock,
    london_date,
    start_clocks,
)
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import INITIAL_STATE, CaseState

#: answers kept in their own columns; the rest of the answers become ``details``
COLUMN_KEYS = (
    "child_name",
    "child_date_of_birth",
    "referrer_name",
    "referrer_agency",
    "referrer_email",
)


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
    child_name: str
    child_date_of_birth: date | None
    referrer_name: str
    referrer_agency: str
    referrer_email: str
    details: dict[str, Any]
    clocks: tuple[StartedClock, ...]


def parse_iso_date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def plan_case(
    *,
    referral_id: int,
    reference: str,
    kind: str,
    received_at: datetime,
    answers: Mapping[str, Any],
    rules: ClockRules,
    calendar: Calendar,
) -> NewCase:
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
        child_name=str(answers.get("child_name") or ""),
        child_date_of_birth=parse_iso_date(answers.get("child_date_of_birth")),
        referrer_name=str(answers.get("referrer_name") or ""),
        referrer_agency=str(answers.get("referrer_agency") or ""),
        referrer_email=str(answers.get("referrer_email") or ""),
        details={k: v for k, v in answers.items() if k not in COLUMN_KEYS},
        clocks=tuple(start_clocks(rules, calendar, route, EVENTS_ON_REFERRAL, day0)),
    )
