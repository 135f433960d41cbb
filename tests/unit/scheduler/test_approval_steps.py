"""The lead representatives' decisions on the recommendation, and the independent
scrutineer's mediation, in the domain: every combination of approvals and a disagreement,
each refusal, the reasons asked only on a disagreement, and both outcomes of mediation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from itertools import permutations

import pytest

from services.scheduler.domain.actions import actions_for
from services.scheduler.domain.agencies import AgencyDetails, AgencyOnCase
from services.scheduler.domain.approval import Decision
from services.scheduler.domain.lifecycle import ActionRefused, Actor, CaseSnapshot, InputErrors
from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState
from tests.unit.scheduler.lifecycle_helpers import CHAIR, OPS, opened, plan, step

S = CaseState
LA, POLICE, HEALTH = Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH
LEADS = {
    LA: Actor(Role.PARTNER_LEAD, 3, LA, "la@council.example"),
    POLICE: Actor(Role.PARTNER_LEAD, 4, POLICE, "lead@police.example"),
    HEALTH: Actor(Role.PARTNER_LEAD, 5, HEALTH, "lead@icb.example"),
}
#: the Panel notified Monday 2 November 2026, the meeting held Monday 16 November: the
#: lead representatives approve by Wednesday 18 November
RECEIVED, HELD, TODAY = date(2026, 11, 2), date(2026, 11, 16), date(2026, 11, 17)
APPROVE = {"decision": "approve"}
REASONS = "The police have not finished reviewing the 999 calls."
DISAGREE = {"decision": "disagree", "reasons": REASONS}
WORDS = {LA: "the local authority", POLICE: "the police", HEALTH: "the health partner"}


def meeting_held(*, version: int | None = 1) -> CaseSnapshot:
    """A case through its real steps to the meeting, with report ``version`` final."""
    case = opened(on=RECEIVED)
    case = step("record_leads_informed", case, {"informed_on": RECEIVED}, RECEIVED)
    case = step(
        "decide_criteria",
        case,
        {"criteria": "met", "decided_on": RECEIVED, "rationale": "Harm"},
        RECEIVED,
    )
    notice = {"notified_on": RECEIVED, "dfe_reference": "SIN-1"}
    case = step("record_panel_notification", case, notice, RECEIVED)
    school = AgencyOnCase(1, AgencyDetails("School", "education", "A Lead", "a@s.example"))
    case = step(
        "send_scoping_requests",
        replace(case, agencies=(school,)),
        {"sent_on": RECEIVED, "summary_of_case": "S", "time_period": "T"},
        RECEIVED,
        OPS,
    )
    people = tuple(Participant(n, f"P{n}", "Lead", "Agency", p) for n, p in enumerate(LEADS))
    case = step(
        "record_meeting_held", replace(case, participants=people), {"held_on": HELD}, HELD, OPS
    )
    assert case.state is S.RAPID_REVIEW_MEETING_HELD
    return replace(case, report_version=version)


def approval_clock(case: CaseSnapshot) -> date | None:
    found = case.clock("approve_recommendation")
    assert found is not None and found.due_on == date(2026, 11, 18)
    return found.met_on


def refused(key: str, case: CaseSnapshot, inputs: Mapping[str, object], actor: Actor) -> str:
    with pytest.raises(ActionRefused) as refusal:
        plan(key, case, inputs, TODAY, actor)
    return refusal.value.reason


def test_a_first_approval_is_recorded_and_the_state_stays() -> None:
    planned = plan("decide_recommendation", meeting_held(), APPROVE, TODAY, LEADS[LA])
    assert planned.to_state is S.RAPID_REVIEW_MEETING_HELD
    assert planned.change.decision == Decision(1, LA, "approved", "")
    assert planned.summary == (
        "The local authority's lead representative approved the recommendation (report "
        "version 1); waiting for the police and the health partner"
    )
    assert (planned.values["version"], planned.values["partner"]) == (1, "local_authority")
    assert planned.values["decision"] == "approved"
    assert planned.on == TODAY


def test_a_second_approval_waits_for_the_third() -> None:
    case = step("decide_recommendation", meeting_held(), APPROVE, TODAY, LEADS[HEALTH])
    planned = plan("decide_recommendation", case, APPROVE, TODAY, LEADS[POLICE])
    assert planned.to_state is S.RAPID_REVIEW_MEETING_HELD
    assert planned.summary.endswith("; waiting for the local authority")
    after = step("decide_recommendation", case, APPROVE, TODAY, LEADS[POLICE])
    assert after.decisions == {HEALTH: "approved", POLICE: "approved"}
    assert approval_clock(after) is None


@pytest.mark.parametrize("order", list(permutations(LEADS)), ids=str)
def test_the_third_approval_approves_the_recommendation_and_meets_the_clock(
    order: tuple[Partner, ...],
) -> None:
    case = meeting_held()
    for partner in order[:2]:
        case = step("decide_recommendation", case, APPROVE, TODAY, LEADS[partner])
        assert case.state is S.RAPID_REVIEW_MEETING_HELD
    planned = plan("decide_recommendation", case, APPROVE, TODAY, LEADS[order[2]])
    assert planned.to_state is S.RECOMMENDATION_APPROVED
    assert planned.summary.endswith(": the three safeguarding partners have approved it")
    after = step("decide_recommendation", case, APPROVE, TODAY, LEADS[order[2]])
    assert approval_clock(after) == TODAY
    assert after.decisions == {LA: "approved", POLICE: "approved", HEALTH: "approved"}


@pytest.mark.parametrize("approved_first", [(), (LA,), (LA, HEALTH)], ids=str)
def test_a_disagreement_disputes_the_recommendation_at_once(
    approved_first: tuple[Partner, ...],
) -> None:
    case = meeting_held()
    for partner in approved_first:
        case = step("decide_recommendation", case, APPROVE, TODAY, LEADS[partner])
    planned = plan("decide_recommendation", case, DISAGREE, TODAY, LEADS[POLICE])
    assert planned.to_state is S.RECOMMENDATION_DISPUTED
    assert planned.summary == (
        "The police lead representative disagreed with the recommendation (report version 1)"
    )
    assert planned.reason == REASONS
    assert planned.change.decision == Decision(1, POLICE, "disagreed", REASONS)
    after = step("decide_recommendation", case, DISAGREE, TODAY, LEADS[POLICE])
    assert approval_clock(after) is None
    # once disputed, mediation decides: nobody else may approve or disagree
    others = [p for p in LEADS if p not in (*approved_first, POLICE)]
    for partner in others:
        assert refused("decide_recommendation", after, APPROVE, LEADS[partner]).startswith(
            'A serious-incident case in state "Recommendation disputed" cannot'
        )


@pytest.mark.parametrize("partner", list(LEADS), ids=str)
def test_a_partner_decides_once_on_a_version(partner: Partner) -> None:
    case = step("decide_recommendation", meeting_held(version=2), APPROVE, TODAY, LEADS[partner])
    subject = WORDS[partner][0].upper() + WORDS[partner][1:]
    verb = "have" if partner is POLICE else "has"
    assert refused("decide_recommendation", case, APPROVE, LEADS[partner]) == (
        f"{subject} {verb} already approved version 2 of the report."
    )
    # another lead representative of the same partner is refused the same way
    colleague = replace(LEADS[partner], id=99, email="colleague@partner.example")
    assert "already approved version 2" in refused("decide_recommendation", case, {}, colleague)
    # and the console does not offer it to them
    offered = actions_for(
        Route.SERIOUS_INCIDENT, case.state, Role.PARTNER_LEAD, partner=partner, case=case
    )
    assert "decide_recommendation" not in [a.key for a in offered]


def test_nothing_is_decided_before_a_version_is_final() -> None:
    case = meeting_held(version=None)
    for lead in LEADS.values():
        assert refused("decide_recommendation", case, APPROVE, lead) == (
            "The report of the Rapid Review has not been finalised yet."
        )
    offered = actions_for(
        Route.SERIOUS_INCIDENT, case.state, Role.PARTNER_LEAD, partner=LA, case=case
    )
    assert offered == []


def test_only_a_lead_representative_with_a_partner_decides() -> None:
    case = meeting_held()
    expected = "Only a lead representative can approve or disagree with the recommendation."
    assert refused("decide_recommendation", case, APPROVE, OPS) == expected
    assert refused("decide_recommendation", case, APPROVE, CHAIR) == expected
    assert refused("decide_recommendation", case, APPROVE, Actor(Role.PARTNER_LEAD, 7)) == (
        expected
    )


def test_reasons_are_asked_only_when_disagreeing() -> None:
    case = meeting_held()
    with pytest.raises(InputErrors) as missing:
        plan("decide_recommendation", case, {"decision": "disagree"}, TODAY, LEADS[LA])
    assert missing.value.errors == {"reasons": "Enter why you disagree with the recommendation"}
    with pytest.raises(InputErrors) as none:
        plan("decide_recommendation", case, {"reasons": "x"}, TODAY, LEADS[LA])
    assert none.value.errors == {
        "decision": "Select whether you approve or disagree with the recommendation"
    }
    # reasons sent with an approval are not asked for, so not kept
    planned = plan("decide_recommendation", case, {**APPROVE, "reasons": "x"}, TODAY, LEADS[LA])
    assert "reasons" not in planned.values and planned.change.decision is not None
    assert planned.change.decision.reasons == ""


def disputed() -> CaseSnapshot:
    case = step("decide_recommendation", meeting_held(), APPROVE, TODAY, LEADS[LA])
    return step("decide_recommendation", case, DISAGREE, TODAY, LEADS[POLICE])


MEDIATION = {
    "scrutineer": "Dr Ruth Ellis",
    "mediated_on": date(2026, 11, 19),
    "result": "The partners met with the scrutineer; the 999 calls were reviewed together.",
}


def test_mediation_that_settles_it_approves_the_recommendation() -> None:
    inputs = {**MEDIATION, "mediation_outcome": "agreed"}
    planned = plan("record_mediation", disputed(), inputs, date(2026, 11, 19), OPS)
    assert planned.to_state is S.RECOMMENDATION_APPROVED
    assert planned.summary == (
        "Dr Ruth Ellis, the independent scrutineer, mediated on 19 November 2026 (report "
        "version 1): the partners agree the recommendation"
    )
    assert planned.reason == MEDIATION["result"] and planned.values["version"] == 1
    after = step("record_mediation", disputed(), inputs, date(2026, 11, 19), CHAIR)
    assert approval_clock(after) == date(2026, 11, 19)


def test_mediation_that_asks_for_a_revision_goes_back_for_a_new_version() -> None:
    inputs = {**MEDIATION, "mediation_outcome": "revise"}
    back = step("record_mediation", disputed(), inputs, date(2026, 11, 19), OPS)
    assert back.state is S.RAPID_REVIEW_MEETING_HELD
    assert approval_clock(back) is None
    # version 1 is being revised: nobody decides on it again
    assert refused("decide_recommendation", back, APPROVE, LEADS[HEALTH]) == (
        "Version 1 of the report is being revised after mediation: a new final version will "
        "be sent for approval."
    )
    # the new final version is decided on afresh, by all three
    revised = replace(back, report_version=2, decisions={})
    for partner in (POLICE, LA, HEALTH):
        revised = step("decide_recommendation", revised, APPROVE, TODAY, LEADS[partner])
    assert revised.state is S.RECOMMENDATION_APPROVED


def test_mediation_checks_its_inputs() -> None:
    with pytest.raises(InputErrors) as missing:
        plan("record_mediation", disputed(), {}, date(2026, 11, 19), OPS)
    assert missing.value.errors == {
        "scrutineer": "Enter the name of the independent scrutineer",
        "mediated_on": "Enter the date of the mediation",
        "result": "Enter the result of the mediation",
        "mediation_outcome": "Select what happens next",
    }
    early = {**MEDIATION, "mediated_on": date(2026, 11, 16), "mediation_outcome": "agreed"}
    with pytest.raises(InputErrors) as before:
        plan("record_mediation", disputed(), early, date(2026, 11, 19), OPS)
    assert before.value.errors == {
        "mediated_on": "The date of the mediation must be the same as or after the date the "
        "disagreement was recorded (17 November 2026)"
    }
    assert refused("record_mediation", disputed(), MEDIATION, LEADS[LA]).startswith(
        "Only the partnership operations team or the chair"
    )
    assert refused("record_mediation", meeting_held(), MEDIATION, OPS).startswith(
        'A serious-incident case in state "Rapid Review meeting held" cannot'
    )
