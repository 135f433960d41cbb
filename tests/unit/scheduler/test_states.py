"""Case states: the transition table for both routes."""

from __future__ import annotations

from collections import deque

import pytest

from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import (
    FINAL_STATE,
    INITIAL_STATE,
    TRANSITIONS,
    CaseState,
    InvalidTransition,
    allowed_next,
    is_open,
    state_label,
    transition,
)

S = CaseState


def reachable(route: Route) -> set[CaseState]:
    seen, todo = {INITIAL_STATE}, deque([INITIAL_STATE])
    while todo:
        for nxt in allowed_next(route, todo.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_a_new_case_starts_at_referral_received() -> None:
    assert INITIAL_STATE is S.REFERRAL_RECEIVED


RAPID_REVIEW = [
    S.PANEL_NOTIFIED,
    S.RAPID_REVIEW_SCOPING,
    S.RAPID_REVIEW_MEETING_HELD,
]
OUTCOME = [S.REPORT_SENT_TO_PANEL, S.PANEL_RESPONDED, S.OUTCOME_RECORDED, S.AGENCIES_INFORMED]


@pytest.mark.parametrize(
    "path",
    [
        [
            S.REFERRAL_RECEIVED,
            S.LEADS_INFORMED,
            S.CRITERIA_MET,
            *RAPID_REVIEW,
            S.RECOMMENDATION_APPROVED,
            *OUTCOME,
            S.REVIEW_COMMISSIONED,
            S.REVIEW_COMPLETED,
            S.PUBLISHED,
            S.CLOSED,
        ],
        [
            S.REFERRAL_RECEIVED,
            S.LEADS_INFORMED,
            S.CRITERIA_MET,
            *RAPID_REVIEW,
            S.RECOMMENDATION_DISPUTED,
            S.RECOMMENDATION_APPROVED,
            *OUTCOME,
            S.CLOSED,
        ],
        # mediation sends the report back: a new final version is approved by all three
        [
            S.REFERRAL_RECEIVED,
            S.LEADS_INFORMED,
            S.CRITERIA_MET,
            *RAPID_REVIEW,
            S.RECOMMENDATION_DISPUTED,
            S.RAPID_REVIEW_MEETING_HELD,
            S.RECOMMENDATION_APPROVED,
            *OUTCOME,
            S.CLOSED,
        ],
        [
            S.REFERRAL_RECEIVED,
            S.LEADS_INFORMED,
            S.CRITERIA_NOT_MET,
            S.AWAITING_LFP_MEETING,
            S.LEARNING_AGREED,
            S.CLOSED,
        ],
    ],
    ids=[
        "local-review-published",
        "disputed-then-no-review",
        "disputed-revised-then-approved",
        "not-met-goes-to-the-learning-from-practice-group",
    ],
)
def test_serious_incident_paths(path: list[CaseState]) -> None:
    state = path[0]
    for target in path[1:]:
        state = transition(Route.SERIOUS_INCIDENT, state, target)
    assert state is S.CLOSED


def test_practice_learning_path() -> None:
    state = INITIAL_STATE
    for target in (
        S.AWAITING_LFP_MEETING,
        S.LEARNING_AGREED,
        S.REVIEW_COMMISSIONED,
        S.REVIEW_COMPLETED,
        S.CLOSED,
    ):
        state = transition(Route.PRACTICE_LEARNING, state, target)
    assert state is S.CLOSED


@pytest.mark.parametrize(
    ("current", "target"),
    [
        # the chair informs the lead representatives before deciding
        (S.REFERRAL_RECEIVED, S.CRITERIA_MET),
        (S.REFERRAL_RECEIVED, S.CRITERIA_NOT_MET),
        # the Panel is notified only once the chair has found the criteria met
        (S.REFERRAL_RECEIVED, S.PANEL_NOTIFIED),
        (S.LEADS_INFORMED, S.PANEL_NOTIFIED),
        (S.CRITERIA_NOT_MET, S.PANEL_NOTIFIED),
        # no report to the Panel before the partners approve the recommendation
        (S.PANEL_NOTIFIED, S.REPORT_SENT_TO_PANEL),
        (S.RAPID_REVIEW_SCOPING, S.REPORT_SENT_TO_PANEL),
        (S.RAPID_REVIEW_MEETING_HELD, S.REPORT_SENT_TO_PANEL),
        (S.RECOMMENDATION_DISPUTED, S.REPORT_SENT_TO_PANEL),
        # a disputed recommendation is mediated: it cannot go back to scoping or close
        (S.RECOMMENDATION_DISPUTED, S.RAPID_REVIEW_SCOPING),
        (S.RECOMMENDATION_DISPUTED, S.CLOSED),
        (S.REFERRAL_RECEIVED, S.CLOSED),
        # not met: the seed sends it to the Learning from Practice Group, not straight to closed
        (S.CRITERIA_NOT_MET, S.CLOSED),
        # the outcome is recorded and the agencies told before the case closes
        (S.PANEL_RESPONDED, S.CLOSED),
        (S.OUTCOME_RECORDED, S.CLOSED),
        (S.PANEL_RESPONDED, S.REVIEW_COMMISSIONED),
        (S.CLOSED, S.REFERRAL_RECEIVED),
        (S.PANEL_NOTIFIED, S.PANEL_NOTIFIED),
    ],
)
def test_statutory_steps_cannot_be_skipped(current: CaseState, target: CaseState) -> None:
    with pytest.raises(InvalidTransition, match=f"from {current.value} to {target.value}"):
        transition(Route.SERIOUS_INCIDENT, current, target)


def test_practice_learning_cases_never_enter_the_rapid_review() -> None:
    states = reachable(Route.PRACTICE_LEARNING)
    assert S.PANEL_NOTIFIED not in states
    assert S.RAPID_REVIEW_SCOPING not in states
    with pytest.raises(InvalidTransition):
        transition(Route.PRACTICE_LEARNING, S.REFERRAL_RECEIVED, S.CRITERIA_MET)


@pytest.mark.parametrize("route", list(Route))
def test_every_state_of_a_route_is_reachable_and_can_reach_closed(route: Route) -> None:
    table = TRANSITIONS[route]
    assert reachable(route) == set(table)
    for state in table:
        seen, todo = {state}, deque([state])
        while todo:
            for nxt in allowed_next(route, todo.popleft()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert S.CLOSED in seen, f"{state} cannot reach closed"


@pytest.mark.parametrize("route", list(Route))
def test_closed_is_final(route: Route) -> None:
    assert allowed_next(route, S.CLOSED) == frozenset()


def test_every_state_has_a_label() -> None:
    assert all(state.label for state in CaseState)
    assert state_label("referral_received") == "Referral received"
    assert state_label("something_new") == "something_new"


EDGES = [
    (route, a, b)
    for route, table in TRANSITIONS.items()
    for a, nexts in table.items()
    for b in nexts
]
NON_EDGES = [
    (route, a, b)
    for route in Route
    for a in CaseState
    for b in CaseState
    if (route, a, b) not in set(EDGES)
]


@pytest.mark.parametrize(("route", "current", "target"), EDGES, ids=str)
def test_every_legal_transition_is_allowed(
    route: Route, current: CaseState, target: CaseState
) -> None:
    assert transition(route, current, target) is target


@pytest.mark.parametrize(("route", "current", "target"), NON_EDGES, ids=str)
def test_every_other_transition_is_refused(
    route: Route, current: CaseState, target: CaseState
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        transition(route, current, target)
    assert (refused.value.route, refused.value.current, refused.value.target) == (
        route,
        current,
        target,
    )


def test_a_state_never_moves_to_itself() -> None:
    assert all(a is not b for _route, a, b in EDGES)


def test_existing_stored_values_still_read() -> None:
    # cases in the database hold these values
    for value in ("referral_received", "criteria_met", "panel_notified", "closed"):
        assert CaseState(value).value == value


def test_only_closed_cases_are_not_open() -> None:
    assert FINAL_STATE is S.CLOSED
    assert not is_open(S.CLOSED)
    assert not is_open("closed")
    assert all(is_open(s) for s in CaseState if s is not S.CLOSED)
