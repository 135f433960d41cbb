"""Working-day clocks: which deadlines start at which event, and how long each runs.

Each rule has a key, the label staff see (DOMAIN.md "Clocks" wording), a number of working
days, the event it starts at, and whether it is national (fixed by law and guidance) or local
(the partnership's own procedure). Local rules differ between partnerships, so
``ClockRules.with_overrides`` accepts a plain mapping (what a later configuration file will
hold) and refuses to change a national rule.

Two rules in DOMAIN.md are not working-day clocks and are left to later slices: the local
review's six calendar months, and "the next scheduled quarterly meeting" for practice
learning referrals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from services.scheduler.domain.routes import Route

LONDON = ZoneInfo("Europe/London")


class Event(StrEnum):
    REFERRAL_RECEIVED = "referral_received"
    #: "the partnership becomes aware": today that is the moment the referral is received
    PARTNERSHIP_AWARE = "partnership_aware"
    PANEL_NOTIFIED = "panel_notified"
    SCOPING_FORMS_SENT = "scoping_forms_sent"
    RAPID_REVIEW_MEETING = "rapid_review_meeting"
    REPORT_SENT_TO_PANEL = "report_sent_to_panel"


class Calendar(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class ClockRule:
    key: str
    label: str
    working_days: int
    starts_at: Event
    national: bool
    routes: frozenset[Route] = frozenset({Route.SERIOUS_INCIDENT})
    #: for a window ("between working days 9 and 11"), the first working day it opens
    window_opens: int | None = None

    @property
    def kind(self) -> str:
        return "national" if self.national else "local"


SI = frozenset({Route.SERIOUS_INCIDENT})
DEFAULT_RULES: tuple[ClockRule, ...] = (
    ClockRule(
        "inform_lead_representatives",
        "Chair informs the three lead representatives",
        1,
        Event.REFERRAL_RECEIVED,
        national=False,
    ),
    ClockRule(
        "criteria_decision",
        "Chair decides whether criteria are met",
        5,
        Event.REFERRAL_RECEIVED,
        national=False,
    ),
    ClockRule(
        "notify_panel", "Notify the national Panel", 5, Event.PARTNERSHIP_AWARE, national=True
    ),
    ClockRule(
        "rapid_review_complete",
        "Rapid Review complete and sent to the Panel",
        15,
        Event.PARTNERSHIP_AWARE,
        national=True,
    ),
    ClockRule(
        "send_scoping_forms",
        "Letter and scoping forms sent to all agencies; meeting date set",
        2,
        Event.PANEL_NOTIFIED,
        national=False,
    ),
    ClockRule(
        "return_scoping_forms",
        "Agencies return scoping forms",
        5,
        Event.SCOPING_FORMS_SENT,
        national=False,
    ),
    ClockRule(
        "rapid_review_meeting",
        "Rapid Review meeting",
        11,
        Event.PANEL_NOTIFIED,
        national=False,
        window_opens=9,
    ),
    ClockRule(
        "approve_recommendation",
        "Lead representatives approve the recommendation",
        2,
        Event.RAPID_REVIEW_MEETING,
        national=False,
    ),
    ClockRule(
        "report_to_panel",
        "Report and letter to the Panel",
        15,
        Event.PANEL_NOTIFIED,
        national=False,
        window_opens=12,
    ),
    ClockRule("panel_response", "Panel responds", 15, Event.REPORT_SENT_TO_PANEL, national=False),
)

#: what a referral's arrival sets going: the partnership becomes aware when it is received
EVENTS_ON_REFERRAL: tuple[Event, ...] = (Event.REFERRAL_RECEIVED, Event.PARTNERSHIP_AWARE)


class ClockConfigError(ValueError):
    """A clock override names an unknown clock or tries to change a national rule."""


_OVERRIDABLE = {"working_days", "label", "window_opens"}


class ClockRules:
    """An ordered, read-only table of clock rules."""

    def __init__(self, rules: Iterable[ClockRule] = DEFAULT_RULES) -> None:
        self._rules = {rule.key: rule for rule in rules}

    def __iter__(self) -> Iterator[ClockRule]:
        return iter(self._rules.values())

    def __getitem__(self, key: str) -> ClockRule:
        return self._rules[key]

    def __contains__(self, key: object) -> bool:
        return key in self._rules

    def label(self, key: str) -> str:
        rule = self._rules.get(key)
        return rule.label if rule else key.replace("_", " ").capitalize()

    def started_by(self, route: Route, events: Iterable[Event]) -> list[ClockRule]:
        wanted = set(events)
        return [r for r in self if route in r.routes and r.starts_at in wanted]

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> ClockRules:
        """A copy with local rules changed, e.g. ``{"criteria_decision": {"working_days": 3}}``."""
        changed = dict(self._rules)
        for key, fields in overrides.items():
            if key not in changed:
                raise ClockConfigError(f"unknown clock {key!r}")
            rule = changed[key]
            unknown = set(fields) - _OVERRIDABLE
            if unknown:
                raise ClockConfigError(f"{key}: cannot set {', '.join(sorted(unknown))}")
            if rule.national and set(fields) - {"label"}:
                raise ClockConfigError(f"{key} is a national rule and cannot be changed locally")
            days = int(fields.get("working_days", rule.working_days))
            if days < 1:
                raise ClockConfigError(f"{key}: working_days must be at least 1")
            changed[key] = replace(
                rule,
                working_days=days,
                label=str(fields.get("label", rule.label)),
                window_opens=fields.get("window_opens", rule.window_opens),
            )
        return ClockRules(changed.values())


@dataclass(frozen=True)
class StartedClock:
    key: str
    starts_on: date
    due_on: date


def start_clocks(
    rules: ClockRules, calendar: Calendar, route: Route, events: Iterable[Event], day: date
) -> list[StartedClock]:
    """The deadlines that ``events`` on ``day`` (day 0) start for a case on ``route``."""
    return [
        StartedClock(rule.key, day, calendar.add_working_days(day, rule.working_days))
        for rule in rules.started_by(route, events)
    ]


def london_date(moment: datetime) -> date:
    """Day 0 of a clock: the calendar date in England when something happened."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()
