"""Who may write the Report of Rapid Review (App. iv), and when.

Section 1 is written before the meeting and section 2 during it, so ops and the chair may
draft the report from the Panel's notification; a version is finalised once the meeting is
recorded, and the lead representatives decide on that version. A final version is never
changed: changing the report makes the next version, while the recommendation has not been
approved (after mediation asks for it to be revised, for instance).
"""

from __future__ import annotations

from enum import StrEnum

from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Role
from services.scheduler.domain.states import CaseState

REPORT_WRITERS = frozenset({Role.OPS, Role.CHAIR})
DRAFTING_STATES = frozenset(
    {
        CaseState.PANEL_NOTIFIED,
        CaseState.RAPID_REVIEW_SCOPING,
        CaseState.RAPID_REVIEW_MEETING_HELD,
    }
)
FINALISING_STATES = frozenset({CaseState.RAPID_REVIEW_MEETING_HELD})


class ReportChange(StrEnum):
    EDIT = "edit"
    FINALISE = "finalise"


def report_refusal(
    route: Route, state: CaseState, role: Role, change: ReportChange, *, final_pending: bool
) -> str:
    """Why this person may not make ``change`` to the report now ("" when they may).

    ``final_pending``: the newest version is final and still awaits the partners' decision.
    """
    if role not in REPORT_WRITERS:
        return "Only the partnership operations team or the chair can write the report."
    if route is not Route.SERIOUS_INCIDENT:
        return "Only a serious-incident case has a Rapid Review report."
    if state not in DRAFTING_STATES:
        return (
            f'The report of a case in state "{state.label}" cannot be changed: it is written '
            "from the Panel's notification until the lead representatives approve it."
        )
    if change is ReportChange.FINALISE and state not in FINALISING_STATES:
        return "The report is finalised after the Rapid Review meeting is recorded as held."
    if final_pending and change is ReportChange.EDIT:
        return (
            "The final report is with the lead representatives. It can be revised if they "
            "disagree and the independent scrutineer's mediation asks for it."
        )
    return ""
