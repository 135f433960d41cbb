"""The Rapid Review meeting in the domain: the quorum, a date inside or outside working days
9 to 11, the send-and-set clock met by the second of its two steps, the participants' checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.scheduler.domain.agencies import AgencyDetails, AgencyOnCase
from services.scheduler.domain.lifecycle import ActionRefused, CaseSnapshot, InputErrors
from services.scheduler.domain.meeting import (
    Participant,
    ParticipantErrors,
    check_participant,
    missing_partners,
    outside_window,
    participants_refusal,
    quorate,
    quorum_text,
)
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState
from tests.unit.scheduler.lifecycle_helpers import OPS, opened, plan, step

LA, POLICE, HEALTH = Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH
#: received Monday 2 November 2026; the Panel notified the same day
RECEIVED = date(2026, 11, 2)


def person(partner: Partner | None, n: int = 1) -> Participant:
    return Participant(n, f"Person {n}", "Manager", "Agency", partner)


ALL_THREE = "the local authority, the police or the health partner"


@pytest.mark.parametrize(
    ("partners", "missing", "text"),
    [
        (
            (LA, POLICE, HEALTH),
            (),
            "Quorate: the local authority, the police and the health partner were represented",
        ),
        ((LA, HEALTH, None), (POLICE,), "Not quorate: nobody from the police"),
        ((None,), (LA, POLICE, HEALTH), f"Not quorate: nobody from {ALL_THREE}"),
        ((POLICE, POLICE, LA), (HEALTH,), "Not quorate: nobody from the health partner"),
        ((), (LA, POLICE, HEALTH), f"Not quorate: nobody from {ALL_THREE}"),
    ],
)
def test_the_quorum_needs_each_safeguarding_partner(
    partners: tuple[Partner | None, ...], missing: tuple[Partner, ...], text: str
) -> None:
    people = [person(p, n) for n, p in enumerate(partners)]
    assert missing_partners(people) == missing
    assert quorate(people) is (not missing)
    assert quorum_text(people) == text


@pytest.mark.parametrize(
    ("on", "outside"),
    [(date(2026, 11, 12), True), (date(2026, 11, 13), False), (date(2026, 11, 17), False),
     (date(2026, 11, 18), True)],
)  # fmt: skip
def test_the_window_is_inclusive(on: date, outside: bool) -> None:
    assert outside_window(on, (date(2026, 11, 13), date(2026, 11, 17))) is outside
    assert outside_window(on, None) is False


def test_a_participant_is_checked_with_govuk_messages() -> None:
    with pytest.raises(ParticipantErrors) as problem:
        check_participant({"name": " ", "job_role": "x" * 201, "agency": "", "partner": "x"},
                          RECEIVED)  # fmt: skip
    assert problem.value.errors == {
        "name": "Enter the participant's name",
        "job_role": "The job role or title must be 200 characters or fewer",
        "agency": "Enter the participant's agency or organisation",
        "partner": "Select which safeguarding partner they represent, or that they do not "
        "represent one",
    }
    made = check_participant(
        {"name": "Dee", "job_role": "DI", "agency": "Met", "partner": "none"}, RECEIVED
    )
    assert made.partner is None
    assert (
        check_participant(
            {"name": "Dee", "job_role": "DI", "agency": "Met", "partner": "police"}, RECEIVED
        ).partner
        is POLICE
    )


@pytest.mark.parametrize(
    ("role", "state", "route", "allowed"),
    [
        (Role.OPS, CaseState.PANEL_NOTIFIED, Route.SERIOUS_INCIDENT, True),
        (Role.CHAIR, CaseState.RAPID_REVIEW_SCOPING, Route.SERIOUS_INCIDENT, True),
        (Role.PARTNER_LEAD, CaseState.RAPID_REVIEW_SCOPING, Route.SERIOUS_INCIDENT, False),
        (Role.ADMIN, CaseState.RAPID_REVIEW_SCOPING, Route.SERIOUS_INCIDENT, False),
        (Role.OPS, CaseState.RAPID_REVIEW_MEETING_HELD, Route.SERIOUS_INCIDENT, False),
        (Role.OPS, CaseState.CRITERIA_MET, Route.SERIOUS_INCIDENT, False),
        (Role.OPS, CaseState.REFERRAL_RECEIVED, Route.PRACTICE_LEARNING, False),
    ],
)
def test_who_may_change_the_participants_and_when(
    role: Role, state: CaseState, route: Route, allowed: bool
) -> None:
    assert (participants_refusal(route, state, role) == "") is allowed


def notified() -> CaseSnapshot:
    case = opened(on=RECEIVED)
    case = step("record_leads_informed", case, {"informed_on": RECEIVED}, RECEIVED)
    case = step("decide_criteria", case, {"criteria": "met", "decided_on": RECEIVED,
                                          "rationale": "Harm"}, RECEIVED)  # fmt: skip
    notice = {"notified_on": RECEIVED, "dfe_reference": "SIN-1"}
    case = step("record_panel_notification", case, notice, RECEIVED)
    school = AgencyOnCase(1, AgencyDetails("School", "education", "A Lead", "a@s.example"))
    return replace(case, agencies=(school,))


def test_the_send_and_set_clock_is_met_by_the_second_of_its_steps() -> None:
    case = notified()
    sent = step("send_scoping_requests", case, {"sent_on": RECEIVED, "summary_of_case": "S",
                                                "time_period": "T"}, RECEIVED, OPS)  # fmt: skip
    assert sent.clock("send_scoping_forms").met_on is None  # type: ignore[union-attr]
    assert sent.clock("return_scoping_forms").due_on == date(2026, 11, 9)  # type: ignore[union-attr]
    dated = step(
        "set_meeting_date", sent, {"meeting_on": date(2026, 11, 13)}, date(2026, 11, 3), OPS
    )
    assert dated.clock("send_scoping_forms").met_on == date(2026, 11, 3)  # type: ignore[union-attr]
    assert dated.done["set_meeting_date"] == date(2026, 11, 13)
    # the other way round: the date first, the requests a day later
    first = step("set_meeting_date", case, {"meeting_on": date(2026, 11, 16)}, RECEIVED, OPS)
    both = step("send_scoping_requests", first, {"sent_on": date(2026, 11, 3),
                "summary_of_case": "S", "time_period": "T"}, date(2026, 11, 3), OPS)  # fmt: skip
    assert both.clock("send_scoping_forms").met_on == date(2026, 11, 3)  # type: ignore[union-attr]


def test_a_meeting_outside_the_window_needs_a_reason_and_one_inside_does_not() -> None:
    case = notified()
    with pytest.raises(InputErrors) as problem:
        step("set_meeting_date", case, {"meeting_on": date(2026, 11, 12)}, RECEIVED, OPS)
    assert problem.value.errors == {
        "outside_window_reason": "Enter why the meeting is outside working days 9 to 11 after "
        "the Panel was notified (13 November 2026 to 17 November 2026)"
    }
    early = step("set_meeting_date", case, {"meeting_on": date(2026, 11, 12),
                 "outside_window_reason": "Court"}, RECEIVED, OPS)  # fmt: skip
    assert early.state is CaseState.PANEL_NOTIFIED
    with pytest.raises(InputErrors):
        step("set_meeting_date", case, {"meeting_on": date(2026, 10, 30)}, RECEIVED, OPS)


def test_the_meeting_is_held_with_its_quorum_recorded() -> None:
    case = step("send_scoping_requests", notified(), {"sent_on": RECEIVED,
                "summary_of_case": "S", "time_period": "T"}, RECEIVED, OPS)  # fmt: skip
    with pytest.raises(ActionRefused, match="Record who took part"):
        step("record_meeting_held", case, {"held_on": date(2026, 11, 16)}, date(2026, 11, 16), OPS)
    people = replace(case, participants=(person(LA, 1), person(HEALTH, 2)))
    planned = plan("record_meeting_held", people, {"held_on": date(2026, 11, 16)},
                   date(2026, 11, 16), OPS)  # fmt: skip
    assert planned.to_state is CaseState.RAPID_REVIEW_MEETING_HELD
    assert planned.values["quorate"] is False
    assert planned.values["missing_partners"] == ["police"]
    assert "Not quorate: nobody from the police" in planned.summary
    held = step("record_meeting_held", people, {"held_on": date(2026, 11, 16)},
                date(2026, 11, 16), OPS)  # fmt: skip
    assert held.clock("rapid_review_meeting").met_on == date(2026, 11, 16)  # type: ignore[union-attr]
    # lead representatives approve within 2 working days of the meeting
    assert held.clock("approve_recommendation").due_on == date(2026, 11, 18)  # type: ignore[union-attr]
