"""Every action staff can take on a case, declared once: its label, the routes and states it
is available in, the roles that may take it, its inputs, and what it changes.

``actions_for`` lists only the actions a person may take, so a page never offers one that
would be refused; ``plan_action`` refuses anyway, with a reason, when asked for one.
Recording a decision (criteria, outcome, the group's decision) is the chair's; recording
what happened elsewhere is also the operations team's; the local authority, which notifies
the national Panel, may record its notification. Administrators run accounts and the
meeting schedule, not cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from services.scheduler.domain import action_inputs as asks
from services.scheduler.domain import lfp_steps, steps
from services.scheduler.domain.agency_changes import not_ready_to_send
from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.dates import Calendar
from services.scheduler.domain.inputs import Input, clean_inputs
from services.scheduler.domain.lifecycle import (
    ActionRefused,
    Actor,
    CaseSnapshot,
    Change,
    Context,
    InputErrors,
    Plan,
)
from services.scheduler.domain.outcomes import commissions_review
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState as S
from services.scheduler.domain.states import allowed_next

SI, PL = Route.SERIOUS_INCIDENT, Route.PRACTICE_LEARNING
OPS_OR_CHAIR = frozenset({Role.OPS, Role.CHAIR})
CHAIR = frozenset({Role.CHAIR})
_ROUTE_NOUN = {SI: "serious-incident", PL: "practice-learning"}

_PARTNER_LEADS = {
    Partner.LOCAL_AUTHORITY: "the local authority's lead representative",
    Partner.POLICE: "the police lead representative",
    Partner.HEALTH: "the health partner's lead representative",
}


Step = Callable[[CaseSnapshot, Mapping[str, object], Context], Change]


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    available: Mapping[Route, frozenset[S]]
    to_states: frozenset[S]
    roles: frozenset[Role]
    inputs: tuple[Input, ...]
    step: Step
    #: a partner-lead may take it only for these partners
    partners: frozenset[Partner] = frozenset()
    #: a reason to refuse that depends on more than the state ("" when allowed)
    guard: Callable[[CaseSnapshot], str] | None = None

    @property
    def phrase(self) -> str:
        return self.label[0].lower() + self.label[1:]

    def permits(self, role: Role, partner: Partner | None = None) -> bool:
        if role not in self.roles:
            return False
        return role is not Role.PARTNER_LEAD or not self.partners or partner in self.partners

    def available_in(self, route: Route, state: S) -> bool:
        return state in self.available.get(route, frozenset())

    def who(self) -> str:
        names = [r.label for r in sorted(self.roles, key=list(Role).index)]
        if Role.PARTNER_LEAD in self.roles and self.partners:
            index = names.index(Role.PARTNER_LEAD.label)
            names[index] = " or ".join(_PARTNER_LEADS[p] for p in sorted(self.partners))
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

    def refusal(self, case: CaseSnapshot, actor: Actor) -> str:
        """Why ``actor`` may not take this action on ``case`` now ("" when they may)."""
        if not self.permits(actor.role, actor.partner):
            return f"Only {self.who()} can {self.phrase}."
        if case.route not in self.available:
            return f"A {_ROUTE_NOUN[case.route]} case cannot {self.phrase}."
        if not self.available_in(case.route, case.state):
            return (
                f'A {_ROUTE_NOUN[case.route]} case in state "{case.state.label}" '
                f"cannot {self.phrase}."
            )
        return self.guard(case) if self.guard else ""

    def plan(
        self, case: CaseSnapshot, raw: Mapping[str, object], actor: Actor, ctx: Context
    ) -> Plan:
        """The checked change, or ActionRefused (with a reason) or InputErrors (by input)."""
        reason = self.refusal(case, actor)
        if reason:
            raise ActionRefused(reason)
        values, errors = clean_inputs(self.inputs, raw, ctx.today)
        if errors:
            raise InputErrors(errors)
        change = self.step(case, values, ctx)
        to_state = change.to_state or case.state
        if to_state is not case.state and to_state not in allowed_next(case.route, case.state):
            raise ActionRefused(f"A case cannot move from {case.state.label} to {to_state.label}")
        recorded = {**values, **change.facts}
        return Plan(self.key, self.label, actor, case.state, to_state, recorded, change)


def _no_review_pending(case: CaseSnapshot) -> str:
    if commissions_review(case.outcome, case.lfp_decisions):
        return (
            "This case cannot be closed: the decision was a local review, so it stays open "
            "until the review is commissioned."
        )
    return ""


#: the awareness date drives only the Panel clocks, which stop once criteria are not met
_AWARENESS_STATES = frozenset(S) - {
    S.CRITERIA_NOT_MET,
    S.AWAITING_LFP_MEETING,
    S.LEARNING_AGREED,
    S.CLOSED,
}
_ACTIONS: tuple[Action, ...] = (
    Action(
        "record_leads_informed",
        "Record that the lead representatives were informed",
        {SI: frozenset({S.REFERRAL_RECEIVED})},
        frozenset({S.LEADS_INFORMED}),
        OPS_OR_CHAIR,
        asks.LEADS_INFORMED,
        steps.leads_informed,
    ),
    Action(
        "decide_criteria",
        "Record the decision on whether the criteria are met",
        {SI: frozenset({S.LEADS_INFORMED})},
        frozenset({S.CRITERIA_MET, S.CRITERIA_NOT_MET}),
        CHAIR,
        asks.CRITERIA,
        steps.decide_criteria,
    ),
    Action(
        "record_panel_notification",
        "Record the notification to the national Panel",
        {SI: frozenset({S.CRITERIA_MET})},
        frozenset({S.PANEL_NOTIFIED}),
        OPS_OR_CHAIR | {Role.PARTNER_LEAD},
        asks.PANEL_NOTIFICATION,
        steps.panel_notification,
        partners=frozenset({Partner.LOCAL_AUTHORITY}),
    ),
    Action(
        "send_scoping_requests",
        "Send scoping requests to the agencies",
        {SI: frozenset({S.PANEL_NOTIFIED})},
        frozenset({S.RAPID_REVIEW_SCOPING}),
        OPS_OR_CHAIR,
        asks.SCOPING_REQUESTS,
        steps.send_scoping_requests,
        guard=lambda case: not_ready_to_send(case.agencies),
    ),
    Action(
        "record_report_sent",
        "Record that the report and letter were sent to the Panel",
        # from PANEL_NOTIFIED and scoping until the meeting and approval steps are recorded
        # (a later slice)
        {SI: frozenset({S.PANEL_NOTIFIED, S.RAPID_REVIEW_SCOPING, S.RECOMMENDATION_APPROVED})},
        frozenset({S.REPORT_SENT_TO_PANEL}),
        OPS_OR_CHAIR,
        asks.REPORT_SENT,
        steps.report_sent,
    ),
    Action(
        "record_panel_response",
        "Record the Panel's response",
        {SI: frozenset({S.REPORT_SENT_TO_PANEL})},
        frozenset({S.PANEL_RESPONDED}),
        OPS_OR_CHAIR,
        asks.PANEL_RESPONSE,
        steps.panel_response,
    ),
    Action(
        "record_outcome",
        "Record the outcome",
        {SI: frozenset({S.PANEL_RESPONDED})},
        frozenset({S.OUTCOME_RECORDED}),
        CHAIR,
        asks.OUTCOME,
        steps.outcome,
    ),
    Action(
        "record_agencies_informed",
        "Record that the agencies were informed of the outcome",
        {SI: frozenset({S.OUTCOME_RECORDED})},
        frozenset({S.AGENCIES_INFORMED}),
        OPS_OR_CHAIR,
        asks.AGENCIES_INFORMED,
        steps.agencies_informed,
    ),
    Action(
        "queue_for_lfp_meeting",
        "Queue for the next Learning from Practice Group meeting",
        {SI: frozenset({S.CRITERIA_NOT_MET}), PL: frozenset({S.REFERRAL_RECEIVED})},
        frozenset({S.AWAITING_LFP_MEETING}),
        OPS_OR_CHAIR,
        (),
        lfp_steps.queue_for_meeting,
    ),
    Action(
        "arrange_special_lfp_meeting",
        "Arrange a special Learning from Practice Group meeting",
        {SI: frozenset({S.CRITERIA_NOT_MET})},
        frozenset({S.AWAITING_LFP_MEETING}),
        OPS_OR_CHAIR,
        asks.SPECIAL_MEETING,
        lfp_steps.special_meeting,
    ),
    Action(
        "record_lfp_decision",
        "Record the Learning from Practice Group's decision",
        {SI: frozenset({S.AWAITING_LFP_MEETING}), PL: frozenset({S.AWAITING_LFP_MEETING})},
        frozenset({S.LEARNING_AGREED}),
        CHAIR,
        asks.LFP_DECISION,
        lfp_steps.decision,
    ),
    Action(
        "close",
        "Close the case",
        {
            SI: frozenset(
                {S.AGENCIES_INFORMED, S.LEARNING_AGREED, S.REVIEW_COMPLETED, S.PUBLISHED}
            ),
            PL: frozenset({S.LEARNING_AGREED, S.REVIEW_COMPLETED, S.PUBLISHED}),
        },
        frozenset({S.CLOSED}),
        OPS_OR_CHAIR,
        asks.CLOSE,
        steps.close,
        guard=_no_review_pending,
    ),
    Action(
        "correct_awareness_date",
        "Correct the date the partnership became aware",
        {SI: _AWARENESS_STATES},
        frozenset(),
        OPS_OR_CHAIR,
        asks.AWARENESS,
        steps.correct_awareness,
    ),
)
ACTIONS: Mapping[str, Action] = {a.key: a for a in _ACTIONS}


def actions_for(
    route: Route,
    state: S,
    role: Role,
    *,
    partner: Partner | None = None,
    case: CaseSnapshot | None = None,
) -> list[Action]:
    """The actions this person may take now, in process order.

    With ``case``, actions its guard would refuse (closing before a review is commissioned)
    are left out too.
    """
    found = [a for a in _ACTIONS if a.available_in(route, state) and a.permits(role, partner)]
    if case is None:
        return found
    return [a for a in found if not (a.guard and a.guard(case))]


def plan_action(
    key: str,
    case: CaseSnapshot,
    inputs: Mapping[str, object],
    actor: Actor,
    *,
    today: date,
    rules: ClockRules,
    calendar: Calendar,
    meetings: Iterable[date] = (),
) -> Plan:
    """Check and plan action ``key``: a Plan, ActionRefused, or InputErrors by input id."""
    action = ACTIONS.get(key)
    if action is None:
        raise ActionRefused(f"There is no action called {key!r}.")
    ctx = Context(today, rules, calendar, tuple(sorted(meetings)))
    return action.plan(case, inputs, actor, ctx)
