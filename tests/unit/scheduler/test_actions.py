"""Staff actions: the table, who sees which, and every refusal."""

from __future__ import annotations

from datetime import date

import pytest

from services.scheduler.domain.actions import ACTIONS, Action, actions_for, plan_action
from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.lifecycle import ActionRefused, Actor, CaseSnapshot
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import TRANSITIONS, CaseState, allowed_next
from shared.workingdays import WorkingDayCalendar

S = CaseState
SI, PL = Route.SERIOUS_INCIDENT, Route.PRACTICE_LEARNING
OPS, CHAIR, LEAD, ADMIN = Role.OPS, Role.CHAIR, Role.PARTNER_LEAD, Role.ADMIN
LA, POLICE, HEALTH = Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH

#: key: (label, roles, partner-leads of, {route: from-states}, to-states)
TABLE = {
    "record_leads_informed": (
        "Record that the lead representatives were informed",
        {OPS, CHAIR},
        set(),
        {SI: {S.REFERRAL_RECEIVED}},
        {S.LEADS_INFORMED},
    ),
    "decide_criteria": (
        "Record the decision on whether the criteria are met",
        {CHAIR},
        set(),
        {SI: {S.LEADS_INFORMED}},
        {S.CRITERIA_MET, S.CRITERIA_NOT_MET},
    ),
    "record_panel_notification": (
        "Record the notification to the national Panel",
        {OPS, CHAIR, LEAD},
        {LA},
        {SI: {S.CRITERIA_MET}},
        {S.PANEL_NOTIFIED},
    ),
    "send_scoping_requests": (
        "Send scoping requests to the agencies",
        {OPS, CHAIR},
        set(),
        {SI: {S.PANEL_NOTIFIED}},
        {S.RAPID_REVIEW_SCOPING},
    ),
    "set_meeting_date": (
        "Set the date of the Rapid Review meeting",
        {OPS, CHAIR},
        set(),
        {SI: {S.PANEL_NOTIFIED, S.RAPID_REVIEW_SCOPING}},
        set(),
    ),
    "record_meeting_held": (
        "Record the Rapid Review meeting",
        {OPS, CHAIR},
        set(),
        {SI: {S.RAPID_REVIEW_SCOPING}},
        {S.RAPID_REVIEW_MEETING_HELD},
    ),
    "decide_recommendation": (
        "Approve or disagree with the recommendation",
        {LEAD},
        {LA, POLICE, HEALTH},
        {SI: {S.RAPID_REVIEW_MEETING_HELD}},
        {S.RECOMMENDATION_APPROVED, S.RECOMMENDATION_DISPUTED},
    ),
    "record_mediation": (
        "Record the independent scrutineer's mediation",
        {OPS, CHAIR},
        set(),
        {SI: {S.RECOMMENDATION_DISPUTED}},
        {S.RECOMMENDATION_APPROVED, S.RAPID_REVIEW_MEETING_HELD},
    ),
    "record_report_sent": (
        "Record that the report and letter were sent to the Panel",
        {OPS, CHAIR},
        set(),
        {SI: {S.RECOMMENDATION_APPROVED}},
        {S.REPORT_SENT_TO_PANEL},
    ),
    "record_panel_response": (
        "Record the Panel's response",
        {OPS, CHAIR},
        set(),
        {SI: {S.REPORT_SENT_TO_PANEL}},
        {S.PANEL_RESPONDED},
    ),
    "record_outcome": (
        "Record the outcome",
        {CHAIR},
        set(),
        {SI: {S.PANEL_RESPONDED}},
        {S.OUTCOME_RECORDED},
    ),
    "record_agencies_informed": (
        "Inform the agencies of the outcome",
        {OPS, CHAIR},
        set(),
        {SI: {S.OUTCOME_RECORDED}},
        {S.AGENCIES_INFORMED},
    ),
    "queue_for_lfp_meeting": (
        "Queue for the next Learning from Practice Group meeting",
        {OPS, CHAIR},
        set(),
        {SI: {S.CRITERIA_NOT_MET}, PL: {S.REFERRAL_RECEIVED}},
        {S.AWAITING_LFP_MEETING},
    ),
    "arrange_special_lfp_meeting": (
        "Arrange a special Learning from Practice Group meeting",
        {OPS, CHAIR},
        set(),
        {SI: {S.CRITERIA_NOT_MET}},
        {S.AWAITING_LFP_MEETING},
    ),
    "record_lfp_decision": (
        "Record the Learning from Practice Group's decision",
        {CHAIR},
        set(),
        {SI: {S.AWAITING_LFP_MEETING}, PL: {S.AWAITING_LFP_MEETING}},
        {S.LEARNING_AGREED},
    ),
    "close": (
        "Close the case",
        {OPS, CHAIR},
        set(),
        {
            SI: {S.AGENCIES_INFORMED, S.LEARNING_AGREED, S.REVIEW_COMPLETED, S.PUBLISHED},
            PL: {S.LEARNING_AGREED, S.REVIEW_COMPLETED, S.PUBLISHED},
        },
        {S.CLOSED},
    ),
    "correct_awareness_date": (
        "Correct the date the partnership became aware",
        {OPS, CHAIR},
        set(),
        {SI: set(S) - {S.CRITERIA_NOT_MET, S.AWAITING_LFP_MEETING, S.LEARNING_AGREED, S.CLOSED}},
        set(),
    ),
}

#: moves no action makes yet: commissioning a review and what follows it
LATER_SLICES = {
    *(
        (route, a, b)
        for route in Route
        for a, b in [
            (S.AGENCIES_INFORMED, S.REVIEW_COMMISSIONED),
            (S.LEARNING_AGREED, S.REVIEW_COMMISSIONED),
            (S.REVIEW_COMMISSIONED, S.REVIEW_COMPLETED),
            (S.REVIEW_COMPLETED, S.PUBLISHED),
        ]
        if a in TRANSITIONS[route]
    ),
}
PEOPLE = [
    Actor(OPS, 1),
    Actor(CHAIR, 2),
    Actor(LEAD, 3, LA),
    Actor(LEAD, 4, POLICE),
    Actor(LEAD, 5, HEALTH),
    Actor(ADMIN, 6),
]


def test_the_actions_table() -> None:
    found = {
        a.key: (
            a.label,
            set(a.roles),
            set(a.partners),
            {route: set(states) for route, states in a.available.items()},
            set(a.to_states),
        )
        for a in ACTIONS.values()
    }
    assert found == TABLE
    assert list(ACTIONS) == list(TABLE), "the table is in process order"


@pytest.mark.parametrize("action", ACTIONS.values(), ids=lambda a: a.key)
def test_every_move_an_action_makes_is_in_the_transition_table(action: Action) -> None:
    for route, states in action.available.items():
        for state in states:
            assert action.to_states <= allowed_next(route, state), (route, state)


def test_every_transition_is_made_by_an_action_or_left_to_a_later_slice() -> None:
    made = {
        (route, a, b)
        for action in ACTIONS.values()
        for route, states in action.available.items()
        for a in states
        for b in action.to_states
        if b in allowed_next(route, a)
    }
    edges = {
        (route, a, b)
        for route, table in TRANSITIONS.items()
        for a, nexts in table.items()
        for b in nexts
    }
    assert edges - made == LATER_SLICES
    assert not made & LATER_SLICES


@pytest.mark.parametrize("action", ACTIONS.values(), ids=lambda a: a.key)
def test_inputs_are_declared_once_and_conditions_refer_back(action: Action) -> None:
    ids = [i.id for i in action.inputs]
    assert len(ids) == len(set(ids))
    for position, spec in enumerate(action.inputs):
        assert spec.label and (spec.missing or not spec.required)
        if spec.only_when:
            assert spec.only_when[0] in ids[:position]


def expected_for(route: Route, state: CaseState, actor: Actor) -> list[str]:
    return [
        key
        for key, (_label, roles, partners, available, _to) in TABLE.items()
        if state in available.get(route, set())
        and actor.role in roles
        and (actor.role is not LEAD or not partners or actor.partner in partners)
    ]


@pytest.mark.parametrize("actor", PEOPLE, ids=lambda p: f"{p.role}-{p.partner}")
@pytest.mark.parametrize(("route", "state"), [(r, s) for r in Route for s in CaseState], ids=str)
def test_a_person_sees_only_the_actions_they_may_take(
    route: Route, state: CaseState, actor: Actor
) -> None:
    shown = [a.key for a in actions_for(route, state, actor.role, partner=actor.partner)]
    assert shown == expected_for(route, state, actor)


def test_what_each_role_sees_at_each_step() -> None:
    assert [a.key for a in actions_for(SI, S.REFERRAL_RECEIVED, CHAIR)] == [
        "record_leads_informed",
        "correct_awareness_date",
    ]
    assert [a.key for a in actions_for(SI, S.LEADS_INFORMED, OPS)] == ["correct_awareness_date"]
    assert [a.key for a in actions_for(SI, S.CRITERIA_MET, LEAD, partner=LA)] == [
        "record_panel_notification"
    ]
    assert actions_for(SI, S.CRITERIA_MET, LEAD, partner=POLICE) == []
    assert actions_for(SI, S.CRITERIA_MET, LEAD) == [], "a lead with no partner sees nothing"
    assert [a.key for a in actions_for(SI, S.CRITERIA_NOT_MET, OPS)] == [
        "queue_for_lfp_meeting",
        "arrange_special_lfp_meeting",
    ]
    assert [a.key for a in actions_for(PL, S.REFERRAL_RECEIVED, OPS)] == ["queue_for_lfp_meeting"]
    assert all(actions_for(r, s, ADMIN) == [] for r in Route for s in CaseState)
    assert all(actions_for(r, S.CLOSED, CHAIR) == [] for r in Route)


def snapshot(route: Route, state: CaseState) -> CaseSnapshot:
    return CaseSnapshot(route, state, date(2026, 3, 2))


def attempt(
    key: str, case: CaseSnapshot, actor: Actor, inputs: dict[str, object] | None = None
) -> str:
    with pytest.raises(ActionRefused) as refused:
        plan_action(
            key,
            case,
            inputs or {},
            actor,
            today=date(2026, 3, 20),
            rules=ClockRules(),
            calendar=WorkingDayCalendar(),
            meetings=[date(2026, 6, 11)],
        )
    return refused.value.reason


ROUTE_NOUNS = {SI: "serious-incident", PL: "practice-learning"}


@pytest.mark.parametrize(
    ("key", "route", "state"),
    [
        (key, route, state)
        for key, (_l, _r, _p, available, _t) in TABLE.items()
        for route in Route
        for state in CaseState
        if state not in available.get(route, set())
    ],
    ids=str,
)
def test_refused_in_every_state_it_is_not_available_in(
    key: str, route: Route, state: CaseState
) -> None:
    # someone who may take it, so the state is what refuses it
    actor = next(p for p in PEOPLE if ACTIONS[key].permits(p.role, p.partner))
    reason = attempt(key, snapshot(route, state), actor)
    phrase = ACTIONS[key].label[0].lower() + ACTIONS[key].label[1:]
    if route in ACTIONS[key].available:
        assert reason == f'A {ROUTE_NOUNS[route]} case in state "{state.label}" cannot {phrase}.'
    else:
        assert reason == f"A {ROUTE_NOUNS[route]} case cannot {phrase}."


@pytest.mark.parametrize(
    ("key", "actor"),
    [
        (key, actor)
        for key, (_l, roles, partners, _a, _t) in TABLE.items()
        for actor in PEOPLE
        if actor.role not in roles
        or (actor.role is LEAD and partners and actor.partner not in partners)
    ],
    ids=str,
)
def test_refused_to_every_role_that_may_not_take_it(key: str, actor: Actor) -> None:
    route, states = next(iter(TABLE[key][3].items()))
    reason = attempt(key, snapshot(route, next(iter(states))), actor)
    assert reason.startswith("Only ") and reason.endswith(".")


@pytest.mark.parametrize(
    ("key", "state", "actor", "reason"),
    [
        (
            "decide_criteria",
            S.LEADS_INFORMED,
            Actor(OPS, 1),
            "Only the chair can record the decision on whether the criteria are met.",
        ),
        (
            "record_panel_notification",
            S.CRITERIA_MET,
            Actor(LEAD, 4, POLICE),
            "Only the partnership operations team, the chair or the local authority's lead "
            "representative can record the notification to the national Panel.",
        ),
        (
            "close",
            S.AGENCIES_INFORMED,
            Actor(ADMIN, 6),
            "Only the partnership operations team or the chair can close the case.",
        ),
        (
            "record_outcome",
            S.CRITERIA_MET,
            Actor(CHAIR, 2),
            'A serious-incident case in state "Criteria met" cannot record the outcome.',
        ),
        (
            "decide_recommendation",
            S.RAPID_REVIEW_MEETING_HELD,
            Actor(CHAIR, 2),
            "Only a lead representative can approve or disagree with the recommendation.",
        ),
        (
            "decide_recommendation",
            S.RECOMMENDATION_DISPUTED,
            Actor(LEAD, 4, POLICE),
            'A serious-incident case in state "Recommendation disputed" cannot approve or '
            "disagree with the recommendation.",
        ),
        (
            "record_mediation",
            S.RECOMMENDATION_DISPUTED,
            Actor(LEAD, 3, LA),
            "Only the partnership operations team or the chair can record the independent "
            "scrutineer's mediation.",
        ),
        (
            "record_leads_informed",
            S.LEADS_INFORMED,
            Actor(CHAIR, 2),
            'A serious-incident case in state "Lead representatives informed" cannot record '
            "that the lead representatives were informed.",
        ),
    ],
)
def test_refusals_say_why(key: str, state: CaseState, actor: Actor, reason: str) -> None:
    assert attempt(key, snapshot(SI, state), actor) == reason


def test_a_practice_learning_case_has_no_panel_steps() -> None:
    assert attempt("decide_criteria", snapshot(PL, S.REFERRAL_RECEIVED), Actor(CHAIR, 2)) == (
        "A practice-learning case cannot record the decision on whether the criteria are met."
    )


def test_an_unknown_action_is_refused() -> None:
    assert attempt("delete_case", snapshot(SI, S.REFERRAL_RECEIVED), Actor(CHAIR, 2)) == (
        "There is no action called 'delete_case'."
    )


def test_the_role_is_checked_before_the_state() -> None:
    # so a person is never told about a step that is not theirs to take
    reason = attempt("decide_criteria", snapshot(SI, S.CLOSED), Actor(OPS, 1))
    assert reason.startswith("Only the chair")
