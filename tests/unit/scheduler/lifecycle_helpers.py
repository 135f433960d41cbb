"""Driving a case through its actions in unit tests: open it, plan, apply, read errors.

``applied`` (the domain's) stands in for the store, so these tests also pin down what the
store must do with a plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.scheduler.domain.actions import plan_action
from services.scheduler.domain.agencies import AgencyDetails, AgencyOnCase
from services.scheduler.domain.clocks import ClockRules, StartedClock
from services.scheduler.domain.lifecycle import Actor, CaseSnapshot, InputErrors, Plan, applied
from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.opening import plan_case
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState
from shared.workingdays import WorkingDayCalendar

S = CaseState
CHAIR, OPS = Actor(Role.CHAIR, 2, email="chair@example.org"), Actor(Role.OPS, 1)
LA_LEAD = Actor(Role.PARTNER_LEAD, 3, Partner.LOCAL_AUTHORITY)
#: the three lead representatives, who approve a Rapid Review's recommendation
LEADS = {
    p: Actor(Role.PARTNER_LEAD, 10 + n, p, f"lead{n}@partner.example")
    for n, p in enumerate((Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH))
}
rules, calendar = ClockRules(), WorkingDayCalendar()
#: the Learning from Practice Group's quarterly meetings
MEETINGS = [date(2026, 12, 10), date(2027, 3, 11), date(2027, 6, 10), date(2027, 9, 9)]


def opened(kind: str = "serious_incident", on: date = date(2026, 12, 23)) -> CaseSnapshot:
    new = plan_case(
        referral_id=1,
        reference="GSCP-2026-0001",
        kind=kind,
        received_at=datetime(on.year, on.month, on.day, 10, tzinfo=UTC),
        rules=rules,
        calendar=calendar,
        meetings=MEETINGS,
    )
    return CaseSnapshot(new.route, new.state, new.received_on, clocks=new.clocks)


def plan(
    key: str,
    case: CaseSnapshot,
    inputs: Mapping[str, object],
    today: date,
    actor: Actor = CHAIR,
    meetings: list[date] = MEETINGS,
) -> Plan:
    return plan_action(
        key, case, inputs, actor, today=today, rules=rules, calendar=calendar, meetings=meetings
    )


def step(
    key: str, case: CaseSnapshot, inputs: Mapping[str, object], today: date, actor: Actor = CHAIR
) -> CaseSnapshot:
    return applied(case, plan(key, case, inputs, today, actor))


def errors(
    key: str, case: CaseSnapshot, inputs: Mapping[str, object], today: date
) -> dict[str, str]:
    with pytest.raises(InputErrors) as wrong:
        plan(key, case, inputs, today)
    return wrong.value.errors


def clock(case: CaseSnapshot, key: str) -> StartedClock:
    found = case.clock(key)
    assert found is not None, key
    return found


def to_criteria_met(received: date = date(2026, 12, 23)) -> CaseSnapshot:
    case = opened(on=received)
    case = step("record_leads_informed", case, {"informed_on": received}, received)
    return step(
        "decide_criteria",
        case,
        {
            "criteria": "met",
            "rationale": "The child died; neglect suspected",
            "decided_on": received,
        },
        received,
    )


def to_approved(case: CaseSnapshot, on: date) -> CaseSnapshot:
    """A case the Panel was told of, through the Rapid Review's real steps on ``on``: one
    agency sent its request, the meeting's date set and a quorate meeting held, report
    version 1 final and approved by the three lead representatives."""
    school = AgencyOnCase(1, AgencyDetails("School", "education", "A Lead", "a@s.example"))
    case = step(
        "send_scoping_requests",
        replace(case, agencies=(school,)),
        {"sent_on": on, "summary_of_case": "S", "time_period": "T"},
        on,
        OPS,
    )
    people = tuple(Participant(n, f"P{n}", "Lead", "Agency", p) for n, p in enumerate(LEADS))
    why = "The partners could meet only then"
    case = step("set_meeting_date", case, {"meeting_on": on, "outside_window_reason": why}, on, OPS)
    held = {"held_on": on, "outside_window_reason": why}
    case = step("record_meeting_held", replace(case, participants=people), held, on, OPS)
    case = replace(case, report_version=1)
    for lead in LEADS.values():
        case = step("decide_recommendation", case, {"decision": "approve"}, on, lead)
    assert case.state is S.RECOMMENDATION_APPROVED
    return case


def to_panel_responded() -> CaseSnapshot:
    case = step(
        "record_panel_notification",
        to_criteria_met(),
        {"notified_on": "2026-12-24", "dfe_reference": "CSIN-2026-123"},
        date(2026, 12, 24),
        LA_LEAD,
    )
    case = to_approved(case, date(2027, 1, 12))
    case = step("record_report_sent", case, {"sent_on": "2027-01-14"}, date(2027, 1, 14))
    return step(
        "record_panel_response",
        case,
        {"response": "agrees", "responded_on": "2027-02-01"},
        date(2027, 2, 1),
    )


def not_met() -> CaseSnapshot:
    case = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-24"}, date(2026, 12, 24)
    )
    return step(
        "decide_criteria",
        case,
        {"criteria": "not_met", "rationale": "No harm", "decided_on": "2026-12-29"},
        date(2026, 12, 29),
    )
