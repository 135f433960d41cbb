"""A serious incident step by step: states, clocks started, met and stopped, the timeline,
and the checks that need the case (a date no earlier than the step before)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.domain.actions import actions_for
from services.scheduler.domain.clock_status import StatusKey, status_of
from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.lifecycle import ActionRefused, CaseSnapshot, applied
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Role
from tests.unit.scheduler.lifecycle_helpers import (
    LA_LEAD,
    OPS,
    S,
    calendar,
    clock,
    errors,
    opened,
    plan,
    step,
    to_approved,
    to_criteria_met,
    to_panel_responded,
)


def test_the_referral_opens_with_the_four_referral_clocks() -> None:
    case = opened()
    assert {c.key: c.due_on for c in case.clocks} == {
        "inform_lead_representatives": date(2026, 12, 24),
        "criteria_decision": date(2027, 1, 4),
        "notify_panel": date(2027, 1, 4),
        "rapid_review_complete": date(2027, 1, 18),
    }


def test_recording_that_the_leads_were_informed_meets_its_clock() -> None:
    p = plan(
        "record_leads_informed", opened(), {"informed_on": "2026-12-24"}, date(2026, 12, 29), OPS
    )
    assert (p.from_state, p.to_state, p.moves) == (S.REFERRAL_RECEIVED, S.LEADS_INFORMED, True)
    assert p.summary == "The chair informed the three lead representatives on 24 December 2026"
    assert p.actor == OPS and p.on == date(2026, 12, 24)
    assert p.reason == "" and p.values == {"informed_on": date(2026, 12, 24)}
    after = applied(opened(), p)
    assert clock(after, "inform_lead_representatives").met_on == date(2026, 12, 24)
    assert status_of(
        after.clock("inform_lead_representatives"), date(2027, 1, 5), calendar
    ).key is (StatusKey.MET_ON_TIME)
    assert after.done == {"record_leads_informed": date(2026, 12, 24)}


def test_leads_informed_late_is_met_late() -> None:
    after = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-29"}, date(2026, 12, 29)
    )
    status = status_of(after.clock("inform_lead_representatives"), date(2026, 12, 29), calendar)
    assert (status.key, status.late_by) == (StatusKey.MET_LATE, 1)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({}, {"informed_on": "Enter the date the lead representatives were informed"}),
        (
            {"informed_on": "2026-12-30"},
            {
                "informed_on": "The date the lead representatives were informed must be today "
                "or in the past"
            },
        ),
        (
            {"informed_on": "2026-12-22"},
            {
                "informed_on": "The date the lead representatives were informed must be the same "
                "as or after the date the referral was received (23 December 2026)"
            },
        ),
    ],
)
def test_leads_informed_date_errors(inputs: dict[str, object], expected: dict[str, str]) -> None:
    assert errors("record_leads_informed", opened(), inputs, date(2026, 12, 29)) == expected


def test_the_criteria_decision_met() -> None:
    case = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-24"}, date(2026, 12, 24)
    )
    p = plan(
        "decide_criteria",
        case,
        {"criteria": "met", "rationale": " Neglect suspected ", "decided_on": "2026-12-29"},
        date(2026, 12, 29),
    )
    assert p.to_state is S.CRITERIA_MET
    assert p.reason == "Neglect suspected"
    assert p.summary == "The chair decided on 29 December 2026 that the criteria are met"
    assert [m.key for m in p.change.met] == ["criteria_decision"]
    assert p.change.start == () and p.change.stopped == ()


def test_the_criteria_decision_needs_every_answer() -> None:
    case = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-24"}, date(2026, 12, 24)
    )
    assert errors("decide_criteria", case, {}, date(2026, 12, 29)) == {
        "criteria": "Select whether the criteria are met",
        "rationale": "Enter the rationale for the decision",
        "decided_on": "Enter the date of the decision",
    }
    assert errors(
        "decide_criteria",
        case,
        {"criteria": "not_met", "rationale": "x", "decided_on": "2026-12-23"},
        date(2026, 12, 29),
    ) == {
        "decided_on": "The date of the decision must be the same as or after the date the lead "
        "representatives were informed (24 December 2026)"
    }


def test_criteria_not_met_stops_the_panel_clocks_and_goes_to_the_group() -> None:
    case = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-24"}, date(2026, 12, 24)
    )
    p = plan(
        "decide_criteria",
        case,
        {"criteria": "not_met", "rationale": "No abuse or neglect", "decided_on": "2026-12-29"},
        date(2026, 12, 29),
    )
    assert p.to_state is S.CRITERIA_NOT_MET
    assert set(p.change.stopped) == {"notify_panel", "rapid_review_complete"}
    assert p.change.start == (
        StartedClock("lfp_consideration", date(2026, 12, 29), date(2027, 3, 11)),
    )
    after = applied(case, p)
    assert {c.key for c in after.clocks} == {
        "inform_lead_representatives",
        "criteria_decision",
        "lfp_consideration",
    }


def test_the_panel_notification_starts_the_rapid_review_clocks() -> None:
    p = plan(
        "record_panel_notification",
        to_criteria_met(),
        {"notified_on": "2026-12-29", "dfe_reference": " CSIN-2026-123 "},
        date(2026, 12, 30),
        LA_LEAD,
    )
    assert p.to_state is S.PANEL_NOTIFIED
    assert p.values == {"notified_on": date(2026, 12, 29), "dfe_reference": "CSIN-2026-123"}
    assert p.summary == (
        "The local authority notified the national Panel on 29 December 2026 "
        "(DfE notification reference CSIN-2026-123)"
    )
    assert [m.key for m in p.change.met] == ["notify_panel"]
    started = {c.key: (c.window_opens_on, c.due_on) for c in p.change.start}
    assert started == {
        "send_scoping_forms": (None, date(2026, 12, 31)),
        "rapid_review_meeting": (date(2027, 1, 12), date(2027, 1, 14)),
        "report_to_panel": (date(2027, 1, 15), date(2027, 1, 20)),
    }


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {},
            {
                "notified_on": "Enter the date the national Panel was notified",
                "dfe_reference": "Enter the DfE notification reference",
            },
        ),
        (
            {"notified_on": "2026-12-29", "dfe_reference": "X" * 51},
            {"dfe_reference": "The DfE notification reference must be 50 characters or fewer"},
        ),
        (
            {"notified_on": "2026-12-22", "dfe_reference": "CSIN-1"},
            {
                "notified_on": "The date the national Panel was notified must be the same as or "
                "after the date the partnership became aware (23 December 2026)"
            },
        ),
    ],
)
def test_panel_notification_errors(inputs: dict[str, object], expected: dict[str, str]) -> None:
    assert (
        errors("record_panel_notification", to_criteria_met(), inputs, date(2026, 12, 30))
        == expected
    )


def test_sending_the_report_meets_the_national_clock_and_stops_the_returns_clock() -> None:
    notified = step(
        "record_panel_notification",
        to_criteria_met(),
        {"notified_on": "2026-12-24", "dfe_reference": "CSIN-1"},
        date(2026, 12, 24),
    )
    with pytest.raises(ActionRefused, match='state "Panel notified" cannot record'):
        plan("record_report_sent", notified, {"sent_on": "2027-01-14"}, date(2027, 1, 15))
    # the agency's scoping form never came back: its clock stops when the report is sent
    approved = to_approved(notified, date(2027, 1, 12))
    p = plan("record_report_sent", approved, {"sent_on": "2027-01-14"}, date(2027, 1, 15))
    assert p.to_state is S.REPORT_SENT_TO_PANEL
    assert {m.key for m in p.change.met} == {"rapid_review_complete", "report_to_panel"}
    assert set(p.change.stopped) == {"return_scoping_forms"}
    assert p.change.start == (StartedClock("panel_response", date(2027, 1, 14), date(2027, 2, 4)),)
    after = applied(approved, p)
    today = date(2027, 1, 15)
    assert (
        status_of(after.clock("rapid_review_complete"), today, calendar).key
        is StatusKey.MET_ON_TIME
    )
    # sent on working day 12 after notification: in the window
    assert status_of(after.clock("report_to_panel"), today, calendar).key is StatusKey.MET_ON_TIME
    assert errors("record_report_sent", approved, {"sent_on": "2026-12-23"}, today) == {
        "sent_on": "The date the report was sent must be the same as or after the date the "
        "national Panel was notified (24 December 2026)"
    }


def test_the_panel_response() -> None:
    case = to_panel_responded()
    assert case.state is S.PANEL_RESPONDED
    assert clock(case, "panel_response").met_on == date(2027, 2, 1)
    sent = CaseSnapshot(
        Route.SERIOUS_INCIDENT,
        S.REPORT_SENT_TO_PANEL,
        date(2026, 12, 23),
        done={"record_report_sent": date(2027, 1, 14)},
    )
    p = plan(
        "record_panel_response",
        sent,
        {
            "response": "does_not_agree",
            "responded_on": "2027-02-01",
            "panel_comments": "A national review",
        },
        date(2027, 2, 2),
    )
    assert (
        p.summary
        == "The national Panel does not agree with the recommendation (response of 1 February 2027)"
    )
    assert p.reason == "A national review"
    # each input is checked first; dates against the case only once all are right
    only_the_date = {"responded_on": "2027-01-13"}
    assert errors("record_panel_response", sent, only_the_date, date(2027, 2, 2)) == {
        "response": "Select whether the Panel agrees with the recommendation",
    }
    assert errors(
        "record_panel_response",
        sent,
        {"response": "agrees", "responded_on": "2027-01-13"},
        date(2027, 2, 2),
    ) == {
        "responded_on": "The date of the Panel's response must be the same as or after the date "
        "the report was sent (14 January 2027)"
    }


OUTCOME_BASE = {"rationale": "Learning already acted upon", "decided_on": "2027-02-02"}


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {},
            {
                "outcome": "Select the outcome",
                "rationale": "Enter the rationale for the recommendation",
                "decided_on": "Enter the date the outcome was agreed",
            },
        ),
        (
            {"outcome": "d"},
            {
                "consideration_of": "Enter which review should be considered: DHR, SAR, MAPPA SFO "
                "or other",
                "other_options_considered": "Confirm that other review options were considered",
            },
        ),
        (
            {"outcome": "j"},
            {
                "other_outcome": "Enter the other outcome",
                "other_options_considered": "Confirm that other review options were considered",
            },
        ),
        (
            {"outcome": "c"},
            {"other_options_considered": "Confirm that other review options were considered"},
        ),
        (
            {"outcome": "h"},
            {"other_options_considered": "Confirm that other review options were considered"},
        ),
        ({"outcome": "k"}, {"outcome": "Select the outcome"}),
        ({"outcome": "a"}, {}),
        ({"outcome": "b"}, {}),
        ({"outcome": "i", "other_options_considered": "yes"}, {}),
        ({"outcome": "d", "consideration_of": "SAR", "other_options_considered": True}, {}),
        (
            {
                "outcome": "j",
                "other_outcome": "Joint review with Surrey",
                "other_options_considered": "yes",
            },
            {},
        ),
        (
            {"outcome": "b", "decided_on": "2027-01-31"},
            {
                "decided_on": "The date the outcome was agreed must be the same as or after the "
                "date of the Panel's response (1 February 2027)",
            },
        ),
    ],
)
def test_outcome_inputs(inputs: dict[str, object], expected: dict[str, str]) -> None:
    raw = {**OUTCOME_BASE, **inputs} if inputs else {}
    case = to_panel_responded()
    if expected:
        assert errors("record_outcome", case, raw, date(2027, 2, 3)) == expected
    else:
        assert plan("record_outcome", case, raw, date(2027, 2, 3)).to_state is S.OUTCOME_RECORDED


def test_outcome_d_keeps_what_was_stated_and_drops_the_unasked() -> None:
    p = plan(
        "record_outcome",
        to_panel_responded(),
        {
            **OUTCOME_BASE,
            "outcome": "d",
            "consideration_of": "Safeguarding Adults Review",
            "other_outcome": "not asked for d",
            "other_options_considered": "yes",
        },
        date(2027, 2, 3),
    )
    assert p.values == {
        "outcome": "d",
        "consideration_of": "Safeguarding Adults Review",
        "rationale": "Learning already acted upon",
        "other_options_considered": True,
        "decided_on": date(2027, 2, 2),
    }
    assert p.summary == (
        "Outcome agreed on 2 February 2027: d) Warrants consideration of DHR, SAR, MAPPA SFO or "
        "other: Safeguarding Adults Review"
    )
    assert p.change.start == ()


@pytest.mark.parametrize(
    ("decided", "due"),
    [(date(2027, 2, 2), date(2027, 8, 2)), (date(2027, 8, 31), date(2028, 2, 29))],
)
def test_a_local_review_outcome_starts_the_six_month_clock_and_keeps_the_case_open(
    decided: date, due: date
) -> None:
    case = step(
        "record_outcome",
        to_panel_responded(),
        {"outcome": "b", "rationale": "Multi-agency learning", "decided_on": decided},
        decided,
    )
    assert clock(case, "local_review_complete") == StartedClock(
        "local_review_complete", decided, due
    )
    case = step("record_agencies_informed", case, {"informed_on": decided}, decided)
    assert case.state is S.AGENCIES_INFORMED and case.outcome == "b"
    assert [a.key for a in actions_for(case.route, case.state, Role.CHAIR)] == [
        "close",
        "correct_awareness_date",
    ]
    assert [a.key for a in actions_for(case.route, case.state, Role.CHAIR, case=case)] == [
        "correct_awareness_date"
    ]
    with pytest.raises(ActionRefused, match="stays open until the review is commissioned"):
        plan("close", case, {}, decided)


def test_a_serious_incident_driven_to_closure() -> None:
    case = step(
        "record_outcome",
        to_panel_responded(),
        {**OUTCOME_BASE, "outcome": "h", "other_options_considered": "yes"},
        date(2027, 2, 2),
    )
    assert errors(
        "record_agencies_informed", case, {"informed_on": "2027-02-01"}, date(2027, 2, 3)
    ) == {
        "informed_on": "The date the agencies were informed must be the same as or after the date "
        "the outcome was agreed (2 February 2027)"
    }
    case = step(
        "record_agencies_informed", case, {"informed_on": "2027-02-03"}, date(2027, 2, 3), OPS
    )
    p = plan("close", case, {"reason": "No further action"}, date(2027, 2, 4), OPS)
    assert (p.to_state, p.summary, p.reason, p.on) == (
        S.CLOSED,
        "Case closed",
        "No further action",
        date(2027, 2, 4),
    )
    closed = applied(case, p)
    assert all(c.met for c in closed.clocks)
    assert list(closed.done) == [
        "record_leads_informed",
        "decide_criteria",
        "record_panel_notification",
        "send_scoping_requests",
        "set_meeting_date",
        "record_meeting_held",
        "decide_recommendation",
        "record_report_sent",
        "record_panel_response",
        "record_outcome",
        "record_agencies_informed",
        "close",
    ]


def test_closing_stops_any_clock_still_running() -> None:
    case = CaseSnapshot(
        Route.PRACTICE_LEARNING,
        S.LEARNING_AGREED,
        date(2026, 3, 2),
        clocks=(StartedClock("lfp_consideration", date(2026, 3, 2), date(2026, 3, 12)),),
    )
    assert plan("close", case, {}, date(2026, 3, 20)).change.stopped == ("lfp_consideration",)


@settings(max_examples=60, deadline=None)
@given(
    received=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 6, 30)),
    gaps=st.lists(st.integers(min_value=0, max_value=12), min_size=7, max_size=7),
    outcome=st.sampled_from("acdefghij"),
)
def test_any_serious_incident_can_be_driven_to_closure(
    received: date, gaps: list[int], outcome: str
) -> None:
    days = [received]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    case = opened(on=received)
    inputs: list[tuple[str, dict[str, object]]] = [
        ("record_leads_informed", {"informed_on": days[1]}),
        ("decide_criteria", {"criteria": "met", "rationale": "r", "decided_on": days[2]}),
        ("record_panel_notification", {"notified_on": days[3], "dfe_reference": "CSIN-1"}),
        ("rapid review", {}),
        ("record_report_sent", {"sent_on": days[4]}),
        ("record_panel_response", {"response": "agrees", "responded_on": days[5]}),
        (
            "record_outcome",
            {
                "outcome": outcome,
                "rationale": "r",
                "consideration_of": "SAR",
                "other_outcome": "other",
                "other_options_considered": "yes",
                "decided_on": days[6],
            },
        ),
        ("record_agencies_informed", {"informed_on": days[7]}),
    ]
    for key, raw in inputs:
        if key == "rapid review":
            case = to_approved(case, days[3])
            continue
        case = step(key, case, raw, days[-1])
    if outcome == "c":
        assert clock(case, "local_review_complete").starts_on == days[6]
        return
    case = step("close", case, {}, days[-1])
    assert case.state is S.CLOSED
    assert all(c.met for c in case.clocks), "every clock is met or stopped at closure"
