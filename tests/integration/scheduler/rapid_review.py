"""A serious-incident case taken from "Panel notified" to "Recommendation approved" through
the scheduler's application layer, as the console's and the API's views call it: each
agency the referral named given a representative, the scoping requests sent, the meeting's
date set, the three partners at it, the report drafted from the form's sample answers and
finalised, and the three lead representatives approving."""

from __future__ import annotations

from datetime import date

from services.scheduler import agencies, lifecycle, report
from services.scheduler import rapid_review_meeting as meeting
from services.scheduler.bootstrap import Container
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Partner, Role
from shared.forms import samples
from shared.forms.registry import get_form

OPS = Actor(Role.OPS, id=1, email="ops@partnership.example")
LEADS = tuple(
    Actor(Role.PARTNER_LEAD, id=20 + n, partner=p, email=f"lead{n}@partner.example")
    for n, p in enumerate((Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH))
)
WHY = "The partners could meet only then"


def through_rapid_review(c: Container, reference: str, on: date) -> None:
    """Every step on ``on`` (the container's clock must say that day)."""
    for n, one in enumerate(agencies.case_agencies(c, reference).agencies):
        d = one.agency.details
        details = {"name": d.name, "kind": d.kind or "other", "representative": f"Rep {n}"}
        agencies.edit_agency(
            c, reference, one.id, {**details, "email": f"rep{n}@agency.example"}, OPS
        )
    take = lifecycle.take_action
    scoping = {"sent_on": on, "summary_of_case": "A serious incident.", "time_period": "A year"}
    take(c, reference, "send_scoping_requests", scoping, OPS)
    take(c, reference, "set_meeting_date", {"meeting_on": on, "outside_window_reason": WHY}, OPS)
    for lead in LEADS:
        assert lead.partner is not None
        person = {"name": f"{lead.partner.value} lead", "job_role": "Head of service",
                  "agency": lead.partner.value, "partner": lead.partner.value}  # fmt: skip
        meeting.add_participant(c, reference, person, OPS)
    take(c, reference, "record_meeting_held", {"held_on": on, "outside_window_reason": WHY}, OPS)
    report.start(c, reference, OPS)
    answers = samples.answers(get_form(report.FORM.id), today=on)
    _, wrong = report.save_answers(c, reference, answers, OPS)
    assert not wrong, wrong
    assert report.finalise(c, reference, OPS).ok
    for lead in LEADS:
        take(c, reference, "decide_recommendation", {"decision": "approve"}, lead)


#: what ``through_rapid_review`` puts on the timeline of a case with one agency, in order
RAPID_REVIEW_STEPS = (
    "agency_changed",
    "send_scoping_requests",
    "set_meeting_date",
    *("participant_added",) * 3,
    "record_meeting_held",
    "report_started",
    "report_finalised",
    *("decide_recommendation",) * 3,
)
#: of those, the case actions (each audited as ``case.changed``)
RAPID_REVIEW_ACTIONS = tuple(s for s in RAPID_REVIEW_STEPS if s in ACTIONS)
