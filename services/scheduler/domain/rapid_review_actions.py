"""The Rapid Review's own actions, between the Panel's notification and the report: the
scoping requests to the agencies, the meeting's date, the meeting itself, the lead
representatives' decisions on its recommendation and, when one disagrees, the independent
scrutineer's mediation."""

from __future__ import annotations

from services.scheduler.domain import action_inputs as asks
from services.scheduler.domain import approval_steps, meeting_steps, steps
from services.scheduler.domain.action import OPS_OR_CHAIR, SI, Action
from services.scheduler.domain.agency_changes import not_ready_to_send
from services.scheduler.domain.approval import DECIDING_PARTNERS
from services.scheduler.domain.meeting import MEETING_CLOCK
from services.scheduler.domain.staff import Role
from services.scheduler.domain.states import CaseState as S

RAPID_REVIEW_ACTIONS: tuple[Action, ...] = (
    Action(
        "send_scoping_requests",
        "Send scoping requests to the agencies",
        {SI: frozenset({S.PANEL_NOTIFIED})},
        frozenset({S.RAPID_REVIEW_SCOPING}),
        OPS_OR_CHAIR,
        asks.SCOPING_REQUESTS,
        steps.send_scoping_requests,
        guard=lambda case, _actor: not_ready_to_send(case.agencies),
        shows_clock="send_scoping_forms",
    ),
    Action(
        "set_meeting_date",
        "Set the date of the Rapid Review meeting",
        {SI: frozenset({S.PANEL_NOTIFIED, S.RAPID_REVIEW_SCOPING})},
        frozenset(),
        OPS_OR_CHAIR,
        asks.MEETING_DATE,
        meeting_steps.set_meeting_date,
        shows_clock=MEETING_CLOCK,
    ),
    Action(
        "record_meeting_held",
        "Record the Rapid Review meeting",
        {SI: frozenset({S.RAPID_REVIEW_SCOPING})},
        frozenset({S.RAPID_REVIEW_MEETING_HELD}),
        OPS_OR_CHAIR,
        asks.MEETING_HELD,
        meeting_steps.meeting_held,
        guard=meeting_steps.no_participants,
        shows_clock=MEETING_CLOCK,
    ),
    Action(
        "decide_recommendation",
        "Approve or disagree with the recommendation",
        # once disputed, the independent scrutineer's mediation decides what happens next
        {SI: frozenset({S.RAPID_REVIEW_MEETING_HELD})},
        frozenset({S.RECOMMENDATION_APPROVED, S.RECOMMENDATION_DISPUTED}),
        frozenset({Role.PARTNER_LEAD}),
        asks.RECOMMENDATION_DECISION,
        approval_steps.decide_recommendation,
        partners=frozenset(DECIDING_PARTNERS),
        guard=approval_steps.decision_guard,
        shows_clock=approval_steps.APPROVAL_CLOCK,
    ),
    Action(
        "record_mediation",
        "Record the independent scrutineer's mediation",
        {SI: frozenset({S.RECOMMENDATION_DISPUTED})},
        frozenset({S.RECOMMENDATION_APPROVED, S.RAPID_REVIEW_MEETING_HELD}),
        OPS_OR_CHAIR,
        asks.MEDIATION,
        approval_steps.mediation,
    ),
)
