"""The Learning from Practice Group: queueing for a meeting, a special meeting, the group's
decision, for practice-learning referrals and serious incidents whose criteria are not met."""

from __future__ import annotations

from datetime import date

import pytest

from services.scheduler.domain.actions import actions_for, plan_action
from services.scheduler.domain.clock_status import StatusKey, status_of
from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.lifecycle import ActionRefused, applied
from services.scheduler.domain.staff import Role
from tests.unit.scheduler.lifecycle_helpers import (
    MEETINGS,
    OPS,
    S,
    calendar,
    clock,
    errors,
    not_met,
    opened,
    plan,
    rules,
    step,
)


def test_a_practice_learning_referral_from_arrival_to_closure() -> None:
    case = opened("practice_learning", date(2026, 12, 23))
    assert case.clocks == (
        StartedClock("lfp_consideration", date(2026, 12, 23), date(2027, 3, 11)),
    )
    p = plan("queue_for_lfp_meeting", case, {}, date(2026, 12, 29), OPS)
    assert (p.to_state, p.values, p.change.start) == (
        S.AWAITING_LFP_MEETING,
        {"meeting_on": date(2027, 3, 11)},
        (),
    )
    assert p.summary == "Queued for the Learning from Practice Group meeting on 11 March 2027"
    case = applied(case, p)
    p = plan(
        "record_lfp_decision",
        case,
        {"meeting_on": "2027-03-11", "decisions": ["training", "triborough"]},
        date(2027, 3, 12),
    )
    assert p.summary == (
        "The Learning from Practice Group decided on 11 March 2027: anonymise for use in training; "
        "take to the TriBorough Learning from Practice Group"
    )
    case = applied(case, p)
    assert (
        status_of(case.clock("lfp_consideration"), date(2027, 3, 12), calendar).key
        is StatusKey.MET_ON_TIME
    )
    assert case.lfp_decisions == {"training", "triborough"}
    case = step("close", case, {}, date(2027, 3, 12), OPS)
    assert case.state is S.CLOSED


def test_queueing_with_no_meeting_scheduled_is_refused() -> None:
    case = opened("practice_learning", date(2027, 9, 10))
    assert case.clocks == ()
    with pytest.raises(
        ActionRefused, match="no Learning from Practice Group meeting in the schedule after 13"
    ):
        plan("queue_for_lfp_meeting", case, {}, date(2027, 9, 13))
    # once the schedule has a meeting, queueing starts the clock
    later = [*MEETINGS, date(2027, 12, 9)]
    p = plan_action(
        "queue_for_lfp_meeting",
        case,
        {},
        OPS,
        today=date(2027, 9, 13),
        rules=rules,
        calendar=calendar,
        meetings=later,
    )
    assert p.change.start == (
        StartedClock("lfp_consideration", date(2027, 9, 10), date(2027, 12, 9)),
    )


def test_a_meeting_on_the_day_of_queueing_is_too_late_for_it() -> None:
    case = opened("practice_learning", date(2027, 3, 1))
    assert plan("queue_for_lfp_meeting", case, {}, date(2027, 3, 11)).values == {
        "meeting_on": date(2027, 6, 10)
    }


def test_criteria_not_met_then_a_special_meeting() -> None:
    case = not_met()
    p = plan(
        "arrange_special_lfp_meeting",
        case,
        {"meeting_on": "2027-01-14", "reason": "The lead representatives asked for one"},
        date(2026, 12, 30),
    )
    assert p.to_state is S.AWAITING_LFP_MEETING
    assert p.change.moved == (
        StartedClock("lfp_consideration", date(2026, 12, 29), date(2027, 1, 14)),
    )
    assert (
        p.summary
        == "A special Learning from Practice Group meeting was arranged for 14 January 2027"
    )
    case = applied(case, p)
    assert errors(
        "record_lfp_decision",
        case,
        {"meeting_on": "2026-12-28", "decisions": "thematic_review"},
        date(2027, 1, 14),
    ) == {
        "meeting_on": "The date of the meeting must be the same as or after the date the case was "
        "referred to the group (29 December 2026)"
    }
    case = step(
        "record_lfp_decision",
        case,
        {"meeting_on": "2027-01-14", "decisions": ["no_further_action"]},
        date(2027, 1, 14),
    )
    assert clock(case, "lfp_consideration").met_on == date(2027, 1, 14)
    assert step("close", case, {}, date(2027, 1, 15)).state is S.CLOSED


def test_a_special_meeting_date_must_follow_the_decision() -> None:
    assert errors(
        "arrange_special_lfp_meeting",
        not_met(),
        {"meeting_on": "2026-12-28", "reason": "x"},
        date(2026, 12, 30),
    ) == {
        "meeting_on": "The date of the special meeting must be the same as or after the date of "
        "the chair's decision (29 December 2026)"
    }


def test_criteria_not_met_then_the_next_scheduled_meeting() -> None:
    case = step("queue_for_lfp_meeting", not_met(), {}, date(2026, 12, 30))
    assert case.state is S.AWAITING_LFP_MEETING
    assert clock(case, "lfp_consideration").due_on == date(2027, 3, 11)


def test_a_group_decision_to_review_the_case_starts_the_six_months_and_keeps_it_open() -> None:
    case = step("queue_for_lfp_meeting", opened("practice_learning"), {}, date(2026, 12, 29))
    case = step(
        "record_lfp_decision",
        case,
        {"meeting_on": "2027-03-11", "decisions": ["review_of_case", "training"]},
        date(2027, 3, 11),
    )
    assert clock(case, "local_review_complete").due_on == date(2027, 9, 11)
    assert actions_for(case.route, case.state, Role.CHAIR, case=case) == []
    with pytest.raises(ActionRefused):
        plan("close", case, {}, date(2027, 3, 12))


def test_no_further_action_stands_alone() -> None:
    case = step("queue_for_lfp_meeting", opened("practice_learning"), {}, date(2026, 12, 29))
    assert errors(
        "record_lfp_decision",
        case,
        {"meeting_on": "2027-03-11", "decisions": ["no_further_action", "training"]},
        date(2027, 3, 11),
    ) == {"decisions": 'Select what the group decided, or select "No further action"'}
