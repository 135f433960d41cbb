"""Case states and the transitions allowed between them, per route.

The table is the whole process; ``actions.py`` declares which staff action makes each move.
Two kinds of step are recorded without being states: a correction of the date the
partnership became aware, and a special Learning from Practice meeting being arranged.
Informing the three lead representatives is a state (``LEADS_INFORMED``): the seed makes it
the chair's first duty, within one working day and before the criteria decision, and as a
state the actions a person may take follow from the state alone.

Until the Rapid Review's own steps are recorded (a later slice), a notified case may go
straight to "report sent to the Panel"; the scoping, meeting and approval states stay in the
table for that slice, which should then remove the shortcut.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from services.scheduler.domain.routes import Route


class CaseState(StrEnum):
    REFERRAL_RECEIVED = "referral_received"
    # serious incident route
    LEADS_INFORMED = "leads_informed"
    CRITERIA_MET = "criteria_met"
    CRITERIA_NOT_MET = "criteria_not_met"
    PANEL_NOTIFIED = "panel_notified"
    RAPID_REVIEW_SCOPING = "rapid_review_scoping"
    RAPID_REVIEW_MEETING_HELD = "rapid_review_meeting_held"
    RECOMMENDATION_DISPUTED = "recommendation_disputed"
    RECOMMENDATION_APPROVED = "recommendation_approved"
    REPORT_SENT_TO_PANEL = "report_sent_to_panel"
    PANEL_RESPONDED = "panel_responded"
    OUTCOME_RECORDED = "outcome_recorded"
    AGENCIES_INFORMED = "agencies_informed"
    REVIEW_COMMISSIONED = "review_commissioned"
    REVIEW_COMPLETED = "review_completed"
    PUBLISHED = "published"
    # practice learning route
    AWAITING_LFP_MEETING = "awaiting_lfp_meeting"
    LEARNING_AGREED = "learning_agreed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS: Mapping[CaseState, str] = {
    CaseState.REFERRAL_RECEIVED: "Referral received",
    CaseState.LEADS_INFORMED: "Lead representatives informed",
    CaseState.CRITERIA_MET: "Criteria met",
    CaseState.CRITERIA_NOT_MET: "Criteria not met",
    CaseState.PANEL_NOTIFIED: "Panel notified",
    CaseState.RAPID_REVIEW_SCOPING: "Rapid Review: scoping",
    CaseState.RAPID_REVIEW_MEETING_HELD: "Rapid Review meeting held",
    CaseState.RECOMMENDATION_DISPUTED: "Recommendation disputed",
    CaseState.RECOMMENDATION_APPROVED: "Recommendation approved",
    CaseState.REPORT_SENT_TO_PANEL: "Report sent to the Panel",
    CaseState.PANEL_RESPONDED: "Panel responded",
    CaseState.OUTCOME_RECORDED: "Outcome recorded",
    CaseState.AGENCIES_INFORMED: "Agencies informed of the outcome",
    CaseState.REVIEW_COMMISSIONED: "Review commissioned",
    CaseState.REVIEW_COMPLETED: "Review completed",
    CaseState.PUBLISHED: "Published",
    CaseState.AWAITING_LFP_MEETING: "Awaiting Learning from Practice meeting",
    CaseState.LEARNING_AGREED: "Learning agreed",
    CaseState.CLOSED: "Closed",
}

S = CaseState
TRANSITIONS: Mapping[Route, Mapping[CaseState, frozenset[CaseState]]] = {
    Route.SERIOUS_INCIDENT: {
        # the chair informs the three lead representatives, then decides on the criteria
        S.REFERRAL_RECEIVED: frozenset({S.LEADS_INFORMED}),
        S.LEADS_INFORMED: frozenset({S.CRITERIA_MET, S.CRITERIA_NOT_MET}),
        # not a serious incident: the next Learning from Practice meeting or a special one
        S.CRITERIA_NOT_MET: frozenset({S.AWAITING_LFP_MEETING}),
        # the local authority notifies the Panel (DfE notification system)
        S.CRITERIA_MET: frozenset({S.PANEL_NOTIFIED}),
        S.PANEL_NOTIFIED: frozenset({S.RAPID_REVIEW_SCOPING}),
        S.RAPID_REVIEW_SCOPING: frozenset({S.RAPID_REVIEW_MEETING_HELD}),
        # the three lead representatives approve the final report, or one disagrees
        S.RAPID_REVIEW_MEETING_HELD: frozenset(
            {S.RECOMMENDATION_APPROVED, S.RECOMMENDATION_DISPUTED}
        ),
        # the independent scrutineer mediates: the partners agree the recommendation, or the
        # report goes back to be revised, so a new final version is made and approved again
        S.RECOMMENDATION_DISPUTED: frozenset(
            {S.RECOMMENDATION_APPROVED, S.RAPID_REVIEW_MEETING_HELD}
        ),
        S.RECOMMENDATION_APPROVED: frozenset({S.REPORT_SENT_TO_PANEL}),
        S.REPORT_SENT_TO_PANEL: frozenset({S.PANEL_RESPONDED}),
        # outcomes a to j (App. iv section 3), then the agencies are told
        S.PANEL_RESPONDED: frozenset({S.OUTCOME_RECORDED}),
        S.OUTCOME_RECORDED: frozenset({S.AGENCIES_INFORMED}),
        S.AGENCIES_INFORMED: frozenset({S.REVIEW_COMMISSIONED, S.CLOSED}),
        S.REVIEW_COMMISSIONED: frozenset({S.REVIEW_COMPLETED}),
        S.REVIEW_COMPLETED: frozenset({S.PUBLISHED, S.CLOSED}),
        S.PUBLISHED: frozenset({S.CLOSED}),
        S.AWAITING_LFP_MEETING: frozenset({S.LEARNING_AGREED}),
        S.LEARNING_AGREED: frozenset({S.REVIEW_COMMISSIONED, S.CLOSED}),
        S.CLOSED: frozenset(),
    },
    Route.PRACTICE_LEARNING: {
        S.REFERRAL_RECEIVED: frozenset({S.AWAITING_LFP_MEETING}),
        S.AWAITING_LFP_MEETING: frozenset({S.LEARNING_AGREED}),
        # review of the case, thematic review, audit, training use or TriBorough referral
        S.LEARNING_AGREED: frozenset({S.REVIEW_COMMISSIONED, S.CLOSED}),
        S.REVIEW_COMMISSIONED: frozenset({S.REVIEW_COMPLETED}),
        S.REVIEW_COMPLETED: frozenset({S.PUBLISHED, S.CLOSED}),
        S.PUBLISHED: frozenset({S.CLOSED}),
        S.CLOSED: frozenset(),
    },
}

INITIAL_STATE = CaseState.REFERRAL_RECEIVED
FINAL_STATE = CaseState.CLOSED


class InvalidTransition(ValueError):
    def __init__(self, route: Route, current: CaseState, target: CaseState) -> None:
        super().__init__(f"a {route.value} case cannot move from {current.value} to {target.value}")
        self.route, self.current, self.target = route, current, target


def allowed_next(route: Route, current: CaseState) -> frozenset[CaseState]:
    return TRANSITIONS[route].get(current, frozenset())


def transition(route: Route, current: CaseState, target: CaseState) -> CaseState:
    """``target`` when the route allows moving there from ``current``; else InvalidTransition."""
    if target not in allowed_next(route, current):
        raise InvalidTransition(route, current, target)
    return target


def is_open(state: CaseState | str) -> bool:
    """Open cases are the ones whose clocks are re-evaluated."""
    return state != FINAL_STATE


def state_label(value: str) -> str:
    try:
        return CaseState(value).label
    except ValueError:
        return value
