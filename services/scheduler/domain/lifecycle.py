"""What an action is planned against, and what a plan says should change.

A ``CaseSnapshot`` is what the store reads back for a case: its route, state, clocks, the
date each recorded step happened (from the timeline), and the lead representatives'
decisions on the newest final report. A ``Plan`` is everything the store must write for one
action, in one transaction: the new state, the clocks to start, meet, move or stop, the
timeline entry (who, what, why; the store adds when) and a lead representative's decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field, replace
from datetime import date

from services.scheduler.domain.agencies import AgencyOnCase
from services.scheduler.domain.approval import VIA_CONSOLE, Decision
from services.scheduler.domain.clocks import ClockRules, StartedClock
from services.scheduler.domain.dates import Calendar
from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState


@dataclass(frozen=True)
class Actor:
    role: Role
    id: int | None = None
    #: the partner a partner-lead belongs to
    partner: Partner | None = None
    email: str = ""
    #: how they reached us: console, api, or link (a lead representative's emailed link)
    via: str = VIA_CONSOLE


@dataclass(frozen=True)
class CaseSnapshot:
    route: Route
    state: CaseState
    received_on: date
    #: the date the partnership became aware when corrected to earlier; else None
    aware_on: date | None = None
    clocks: tuple[StartedClock, ...] = ()
    #: the date each recorded step happened, by action key (the latest of each)
    done: Mapping[str, date] = field(default_factory=dict)
    #: the recorded outcome's letter (App. iv section 3)
    outcome: str | None = None
    lfp_decisions: frozenset[str] = frozenset()
    #: the agencies involved in the case (not those removed), each with its current link
    agencies: tuple[AgencyOnCase, ...] = ()
    #: who took part in the Rapid Review meeting
    participants: tuple[Participant, ...] = ()
    #: the newest final version of the Report of Rapid Review (None: none is final yet)
    report_version: int | None = None
    #: the lead representatives' decisions on that version: approved or disagreed, by partner
    decisions: Mapping[Partner, str] = field(default_factory=dict)

    @property
    def awareness(self) -> date:
        return self.aware_on or self.received_on

    def clock(self, key: str) -> StartedClock | None:
        return next((c for c in self.clocks if c.key == key), None)


@dataclass(frozen=True)
class Context:
    """What a plan needs beyond the case: the day, the clock rules and the calendars."""

    today: date
    rules: ClockRules
    calendar: Calendar
    #: the Learning from Practice Group's scheduled meetings (admins edit them)
    meetings: tuple[date, ...] = ()
    #: who is taking the action (``Action.plan`` sets it for the step)
    actor: Actor | None = None


@dataclass(frozen=True)
class ClockMet:
    key: str
    on: date


@dataclass(frozen=True)
class Change:
    """What one action does to a case; ``to_state`` None means the state stays."""

    on: date
    summary: str
    to_state: CaseState | None = None
    _: KW_ONLY
    reason: str = ""
    start: tuple[StartedClock, ...] = ()
    met: tuple[ClockMet, ...] = ()
    #: clocks whose dates change (a corrected awareness date, a special meeting)
    moved: tuple[StartedClock, ...] = ()
    #: clock keys that no longer apply (e.g. the Panel clocks once criteria are not met)
    stopped: tuple[str, ...] = ()
    #: the corrected date the partnership became aware, for the case row
    aware_on: date | None = None
    #: values the action worked out rather than was given (the meeting a case waits for)
    facts: Mapping[str, object] = field(default_factory=dict)
    #: a lead representative's decision on the recommendation, for ``scheduler_approval``
    decision: Decision | None = None


@dataclass(frozen=True)
class Plan:
    """A checked action: the store applies all of it or none."""

    action: str
    label: str
    actor: Actor
    from_state: CaseState
    to_state: CaseState
    values: Mapping[str, object]
    change: Change

    @property
    def moves(self) -> bool:
        return self.to_state is not self.from_state

    @property
    def on(self) -> date:
        """When the recorded thing happened (the store keeps it as ``done[action]``)."""
        return self.change.on

    @property
    def summary(self) -> str:
        return self.change.summary

    @property
    def reason(self) -> str:
        return self.change.reason


def applied(case: CaseSnapshot, plan: Plan) -> CaseSnapshot:
    """``case`` after ``plan``: what the store must end up holding (stopped clocks go)."""
    change = plan.change
    clocks = {c.key: c for c in case.clocks}
    for clock in (*change.start, *change.moved):
        clocks[clock.key] = clock
    for met in change.met:
        if met.key in clocks:
            clocks[met.key] = replace(clocks[met.key], met_on=met.on)
    for key in change.stopped:
        clocks.pop(key, None)
    decisions = plan.values.get("decisions")
    outcome = plan.values.get("outcome", case.outcome)
    approvals = dict(case.decisions)
    if change.decision is not None and change.decision.version == case.report_version:
        approvals[change.decision.partner] = change.decision.decision
    return replace(
        case,
        state=plan.to_state,
        aware_on=change.aware_on or case.aware_on,
        clocks=tuple(clocks.values()),
        done={**case.done, plan.action: change.on},
        outcome=str(outcome) if outcome else None,
        lfp_decisions=decisions if isinstance(decisions, frozenset) else case.lfp_decisions,
        decisions=approvals,
    )


class ActionError(ValueError):
    """An action cannot be taken as asked."""


class ActionRefused(ActionError):
    """Not in this state, not for this role, or not yet: the reason is shown to the person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InputErrors(ActionError):
    """Some inputs are wrong: GOV.UK error messages keyed by input id."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)
