"""Clocks: which deadlines start at which event, how long each runs, and when each is due.

Each rule has a key, the label staff see (DOMAIN.md "Clocks" wording), the event it starts
at, and whether it is national (fixed by law and guidance) or local (the partnership's own
procedure). Most run for a number of working days, some with a window ("between working days
9 and 11"); the local review runs for calendar months; a referral to the Learning from
Practice Group waits for the group's next scheduled meeting. Local rules differ between
partnerships, so ``ClockRules.with_overrides`` accepts a plain mapping (what CLOCKS_FILE
holds) and refuses to change a national rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from services.scheduler.domain.dates import Calendar, add_calendar_months, next_meeting
from services.scheduler.domain.routes import Route

LONDON = ZoneInfo("Europe/London")


class Event(StrEnum):
    REFERRAL_RECEIVED = "referral_received"
    #: "the partnership becomes aware": the referral's arrival, unless corrected to earlier
    PARTNERSHIP_AWARE = "partnership_aware"
    #: a practice-learning referral arrives, or the chair finds the criteria not met
    REFERRED_TO_LFP = "referred_to_lfp"
    PANEL_NOTIFIED = "panel_notified"
    SCOPING_FORMS_SENT = "scoping_forms_sent"
    RAPID_REVIEW_MEETING = "rapid_review_meeting"
    REPORT_SENT_TO_PANEL = "report_sent_to_panel"
    #: outcome b or c, or the group's decision to review the case
    DECISION_TO_REVIEW = "decision_to_review"


class Measure(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_MONTHS = "calendar_months"
    NEXT_MEETING = "next_meeting"


SI = frozenset({Route.SERIOUS_INCIDENT})
BOTH_ROUTES = frozenset(Route)


@dataclass(frozen=True)
class ClockRule:
    key: str
    label: str
    working_days: int
    starts_at: Event
    national: bool
    routes: frozenset[Route] = SI
    #: for a window ("between working days 9 and 11"), the first working day it opens
    window_opens: int | None = None
    measure: Measure = Measure.WORKING_DAYS
    months: int = 0

    @property
    def kind(self) -> str:
        return "national" if self.national else "local"

    @property
    def overridable(self) -> frozenset[str]:
        """The fields CLOCKS_FILE may set for this rule (none for a national one)."""
        if self.national:
            return frozenset()
        return _OVERRIDABLE[self.measure]


_OVERRIDABLE = {
    Measure.WORKING_DAYS: frozenset({"working_days", "label", "window_opens"}),
    Measure.CALENDAR_MONTHS: frozenset({"months", "label"}),
    Measure.NEXT_MEETING: frozenset({"label"}),
}
_R, _E = ClockRule, Event
DEFAULT_RULES: tuple[ClockRule, ...] = (
    _R(
        "inform_lead_representatives",
        "Chair informs the three lead representatives",
        1,
        _E.REFERRAL_RECEIVED,
        national=False,
    ),
    _R(
        "criteria_decision",
        "Chair decides whether criteria are met",
        5,
        _E.REFERRAL_RECEIVED,
        national=False,
    ),
    _R("notify_panel", "Notify the national Panel", 5, _E.PARTNERSHIP_AWARE, national=True),
    _R(
        "rapid_review_complete",
        "Rapid Review complete and sent to the Panel",
        15,
        _E.PARTNERSHIP_AWARE,
        national=True,
    ),
    _R(
        "send_scoping_forms",
        "Letter and scoping forms sent to all agencies; meeting date set",
        2,
        _E.PANEL_NOTIFIED,
        national=False,
    ),
    _R(
        "return_scoping_forms",
        "Agencies return scoping forms",
        5,
        _E.SCOPING_FORMS_SENT,
        national=False,
    ),
    _R(
        "rapid_review_meeting",
        "Rapid Review meeting",
        11,
        _E.PANEL_NOTIFIED,
        national=False,
        window_opens=9,
    ),
    _R(
        "approve_recommendation",
        "Lead representatives approve the recommendation",
        2,
        _E.RAPID_REVIEW_MEETING,
        national=False,
    ),
    _R(
        "report_to_panel",
        "Report and letter to the Panel",
        15,
        _E.PANEL_NOTIFIED,
        national=False,
        window_opens=12,
    ),
    _R("panel_response", "Panel responds", 15, _E.REPORT_SENT_TO_PANEL, national=False),
    _R(
        "local_review_complete",
        "Local child safeguarding practice review or learning review complete",
        0,
        _E.DECISION_TO_REVIEW,
        national=False,
        routes=BOTH_ROUTES,
        measure=Measure.CALENDAR_MONTHS,
        months=6,
    ),
    _R(
        "lfp_consideration",
        "Considered at the next Learning from Practice Group meeting",
        0,
        _E.REFERRED_TO_LFP,
        national=False,
        routes=BOTH_ROUTES,
        measure=Measure.NEXT_MEETING,
    ),
)

#: what a serious-incident referral's arrival sets going (kept for existing callers)
EVENTS_ON_REFERRAL: tuple[Event, ...] = (Event.REFERRAL_RECEIVED, Event.PARTNERSHIP_AWARE)


def events_on_referral(route: Route) -> tuple[Event, ...]:
    """A serious incident makes the partnership aware; practice learning goes to the group."""
    if route is Route.SERIOUS_INCIDENT:
        return EVENTS_ON_REFERRAL
    return (Event.REFERRAL_RECEIVED, Event.REFERRED_TO_LFP)


class ClockConfigError(ValueError):
    """A clock override names an unknown clock or tries to change a national rule."""


def override_problem(rule: ClockRule, field: str, value: Any, changed: Mapping[str, Any]) -> str:
    """Why ``field: value`` cannot be set on ``rule`` ("" when it can).

    ``changed`` holds the rule's other new values, to check a window against its length.
    """
    if rule.national:
        return f"{rule.key} is a national rule and cannot be changed locally"
    if field not in rule.overridable:
        allowed = ", ".join(sorted(rule.overridable))
        return f"{rule.key}: cannot set {field} (this clock can set {allowed})"
    if field == "label":
        if not isinstance(value, str) or not value.strip():
            return f"{rule.key}: label must be some text"
        return "" if len(value) <= 200 else f"{rule.key}: label must be 200 characters or fewer"
    if field == "window_opens" and value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{rule.key}: {field} must be a whole number"
    if value < 1:
        return f"{rule.key}: {field} must be at least 1"
    if field in {"working_days", "window_opens"}:
        days = changed.get("working_days", rule.working_days)
        opens = changed.get("window_opens", rule.window_opens)
        if isinstance(days, int) and isinstance(opens, int) and opens > days:
            return f"{rule.key}: window_opens ({opens}) must not be after working_days ({days})"
    return ""


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

    def get(self, key: str) -> ClockRule | None:
        return self._rules.get(key)

    def label(self, key: str) -> str:
        rule = self._rules.get(key)
        return rule.label if rule else key.replace("_", " ").capitalize()

    def started_by(self, route: Route, events: Iterable[Event]) -> list[ClockRule]:
        wanted = set(events)
        return [r for r in self if route in r.routes and r.starts_at in wanted]

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> ClockRules:
        """A copy with local rules changed, e.g. ``{"criteria_decision": {"working_days": 3}}``.

        A national rule's label may be reworded here; CLOCKS_FILE refuses national rules.
        """
        changed = dict(self._rules)
        for key, fields in overrides.items():
            if key not in changed:
                raise ClockConfigError(f"unknown clock {key!r}")
            rule = changed[key]
            if rule.national and set(fields) == {"label"}:
                changed[key] = replace(rule, label=str(fields["label"]))
                continue
            for field, value in fields.items():
                problem = override_problem(rule, field, value, fields)
                if problem:
                    raise ClockConfigError(problem)
            changed[key] = replace(rule, **dict(fields))
        return ClockRules(changed.values())


@dataclass(frozen=True)
class StartedClock:
    """A clock on a case: when it started, when it is due, and when it was met."""

    key: str
    starts_on: date
    due_on: date
    window_opens_on: date | None = None
    met_on: date | None = None

    @property
    def met(self) -> bool:
        return self.met_on is not None


def start_clock(
    rule: ClockRule, calendar: Calendar, day: date, meetings: Iterable[date] = ()
) -> StartedClock | None:
    """``rule`` started on ``day`` (day 0); None for a meeting clock with no meeting ahead."""
    if rule.measure is Measure.CALENDAR_MONTHS:
        return StartedClock(rule.key, day, add_calendar_months(day, rule.months))
    if rule.measure is Measure.NEXT_MEETING:
        meeting = next_meeting(meetings, day)
        return StartedClock(rule.key, day, meeting) if meeting else None
    opens = calendar.add_working_days(day, rule.window_opens) if rule.window_opens else None
    return StartedClock(rule.key, day, calendar.add_working_days(day, rule.working_days), opens)


def start_clocks(
    rules: ClockRules,
    calendar: Calendar,
    route: Route,
    events: Iterable[Event],
    day: date,
    meetings: Iterable[date] = (),
) -> list[StartedClock]:
    """The deadlines that ``events`` on ``day`` (day 0) start for a case on ``route``."""
    schedule = tuple(meetings)
    started = (
        start_clock(rule, calendar, day, schedule) for rule in rules.started_by(route, events)
    )
    return [clock for clock in started if clock is not None]


def london_date(moment: datetime) -> date:
    """Day 0 of a clock: the calendar date in England when something happened."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()
