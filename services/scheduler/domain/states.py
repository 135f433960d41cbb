"""Case states and the transitions allowed between them, per route.

The whole process is modelled here even though the first slice only opens cases in
``REFERRAL_RECEIVED``: later slices add the actions that move a case along, and they must
not be able to skip a statutory step (criteria decision, Panel notification, approval).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from services.scheduler.domain.routes import Route


class CaseState(StrEnum):
    REFERRAL_RECEIVED = "referral_received"
    # serious incident route
    CRITERIA_MET = "criteria_met"
    CRITERIA_NOT_MET = "criteria_not_met"
    PANEL_NOTIFIED = "panel_notified"
    RAPID_REVIEW_SCOPING = "rapid_review_scoping"
    RAPID_REVIEW_MEETING_HELD = "rapid_review_meeting_held"
    RECOMMENDATION_DISPUTED = "recommendation_disputed"
    RECOMMENDATION_APPROVED = "recommendation_approved"
    REPORT_SENT_TO_PANEL = "report_sent_to_panel"
    PANEL_RESPONDED = "panel_responded"
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
    CaseState.CRITERIA_MET: "Criteria met",
    CaseState.CRITERIA_NOT_MET: "Criteria not met",
    CaseState.PANEL_NOTIFIED: "Panel notified",
    CaseState.RAPID_REVIEW_SCOPING: "Rapid Review: scoping",
    CaseState.RAPID_REVIEW_MEETING_HELD: "Rapid Review meeting held",
    CaseState.RECOMMENDATION_DISPUTED: "Recommendation disputed",
    CaseState.RECOMMENDATION_APPROVED: "Recommendation approved",
    CaseState.REPORT_SENT_TO_PANEL: "Report sent to the Panel",
    CaseState.PANEL_RESPONDED: "Panel responded",
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
        S.REFERRAL_RECEIVED: frozenset({S.CRITERIA_MET, S.CRITERIA_NOT_MET}),
        # not a serious incident: it may still be worth learning from, or simply closed
        S.CRITERIA_NOT_MET: frozenset({S.AWAITING_LFP_MEETING, S.CLOSED}),
        # the local authority notifies the Panel (DfE notification system)
        S.CRITERIA_MET: frozenset({S.PANEL_NOTIFIED}),
        S.PANEL_NOTIFIED: frozenset({S.RAPID_REVIEW_SCOPING}),
        S.RAPID_REVIEW_SCOPING: frozenset({S.RAPID_REVIEW_MEETING_HELD}),
        S.RAPID_REVIEW_MEETING_HELD: frozenset(
            {S.RECOMMENDATION_APPROVED, S.RECOMMENDATION_DISPUTED}
        ),
        # the independent scrutineer mediates, then the partners approve
        S.RECOMMENDATION_DISPUTED: frozenset({S.RECOMMENDATION_APPROVED}),
        S.RECOMMENDATION_APPROVED: frozenset({S.REPORT_SENT_TO_PANEL}),
        S.REPORT_SENT_TO_PANEL: frozenset({S.PANEL_RESPONDED}),
        # outcomes a to j: a local review is commissioned, or nothing further happens locally
        S.PANEL_RESPONDED: frozenset({S.REVIEW_COMMISSIONED, S.CLOSED}),
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


def state_label(value: str) -> str:
    try:
        return CaseState(value).label
    except ValueError:
        return value
