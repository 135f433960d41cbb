"""Every action staff can take on a case, declared once: its label, the routes and states it
is available in, the roles that may take it, its inputs, and what it changes.

``actions_for`` lists only the actions a person may take, so a page never offers one that
would be refused; ``plan_action`` refuses anyway, with a reason, when asked for one.
Recording a decision (criteria, outcome, the group's decision) is the chair's; recording
what happened elsewhere is also the operations team's; the local authority, which notifies
the national Panel, may record its notification; each lead representative approves, or
disagrees with, the Rapid Review's recommendation for their partner. Administrators run
accounts and the meeting schedule, not cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from services.scheduler.domain import action_inputs as asks
from services.scheduler.domain import lfp_steps, steps
from services.scheduler.domain.action import CHAIR, OPS_OR_CHAIR, PL, SI, Action, Step
from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.dates import Calendar
from services.scheduler.domain.lifecycle import ActionRefused, Actor, CaseSnapshot, Context, Plan
from services.scheduler.domain.outcomes import commissions_review
from services.scheduler.domain.rapid_review_actions import RAPID_REVIEW_ACTIONS
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState as S

__all__ = ["ACTIONS", "Action", "Step", "actions_for", "plan_action"]


def _no_review_pending(case: CaseSnapshot, actor: Actor) -> str:
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
    *RAPID_REVIEW_ACTIONS,
    Action(
        "record_report_sent",
        "Record that the report and letter were sent to the Panel",
        {SI: frozenset({S.RECOMMENDATION_APPROVED})},
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
        # the notifier emails every agency on the case the outcome once this is recorded
        "Inform the agencies of the outcome",
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

    With ``case``, actions its guard would refuse (closing before a review is commissioned, a
    lead representative deciding twice on one report version) are left out too.
    """
    found = [a for a in _ACTIONS if a.available_in(route, state) and a.permits(role, partner)]
    if case is None:
        return found
    actor = Actor(role, partner=partner)
    return [a for a in found if not (a.guard and a.guard(case, actor))]


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
