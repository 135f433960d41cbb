"""Who may write and finalise the Report of Rapid Review, and when."""

from __future__ import annotations

import pytest

from services.scheduler.domain.report import ReportChange, report_refusal
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Role
from services.scheduler.domain.states import CaseState as S

SI, PL = Route.SERIOUS_INCIDENT, Route.PRACTICE_LEARNING
EDIT, FINALISE = ReportChange.EDIT, ReportChange.FINALISE


@pytest.mark.parametrize(
    ("role", "state", "change", "pending", "allowed"),
    [
        (Role.OPS, S.PANEL_NOTIFIED, EDIT, False, True),
        (Role.CHAIR, S.RAPID_REVIEW_SCOPING, EDIT, False, True),
        (Role.OPS, S.RAPID_REVIEW_MEETING_HELD, EDIT, False, True),
        (Role.OPS, S.RAPID_REVIEW_MEETING_HELD, FINALISE, False, True),
        (Role.OPS, S.RAPID_REVIEW_SCOPING, FINALISE, False, False),
        (Role.OPS, S.RAPID_REVIEW_MEETING_HELD, EDIT, True, False),
        (Role.OPS, S.RECOMMENDATION_APPROVED, EDIT, False, False),
        (Role.OPS, S.CRITERIA_MET, EDIT, False, False),
        (Role.PARTNER_LEAD, S.RAPID_REVIEW_MEETING_HELD, EDIT, False, False),
        (Role.ADMIN, S.RAPID_REVIEW_MEETING_HELD, FINALISE, False, False),
    ],
)
def test_who_writes_the_report_and_when(
    role: Role, state: S, change: ReportChange, pending: bool, allowed: bool
) -> None:
    reason = report_refusal(SI, state, role, change, final_pending=pending)
    assert (reason == "") is allowed, reason


def test_the_reasons_say_what_to_do() -> None:
    assert report_refusal(SI, S.RAPID_REVIEW_SCOPING, Role.OPS, FINALISE, final_pending=False) == (
        "The report is finalised after the Rapid Review meeting is recorded as held."
    )
    assert "with the lead representatives" in report_refusal(
        SI, S.RAPID_REVIEW_MEETING_HELD, Role.OPS, EDIT, final_pending=True
    )
    assert report_refusal(PL, S.REFERRAL_RECEIVED, Role.OPS, EDIT, final_pending=False) == (
        "Only a serious-incident case has a Rapid Review report."
    )
    assert report_refusal(SI, S.PANEL_NOTIFIED, Role.PARTNER_LEAD, EDIT, final_pending=False) == (
        "Only the partnership operations team or the chair can write the report."
    )
