"""Every email's wording as the partnership reads it in the console: when it is sent, who
gets it, and its text filled in with made-up example values.

The examples go through the same templates (``delivery.render``, ``StrictUndefined``) the
jobs use, so a template that gains a value fails ``tests/unit/notifier/test_catalogue.py``
until its example here has it too. The values are invented: an example reference, a made-up
agency and person, and links to ``example.org``; never a case's data (the templates take no
child's details anyway). Template names and labels are ``statuses.TEMPLATES``'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from services.notifier import (
    agency_reminders,
    clock_alerts,
    confirmation,
    disagreement,
    meeting_invitation,
    outcome,
    overdue_digest,
    panel_letter_ready,
    returns_in,
)
from services.notifier.delivery import Content, render
from services.notifier.statuses import TEMPLATES
from services.notifier.wording import until
from services.scheduler.readmodel import AgencyReminder, MeetingSetting, ScopingRequest
from shared.govuk_dates import weekday_date
from shared.govuk_times import clock_time

REFERENCE = "EXAMPLE-2026-0001"
PARTNERSHIP = "Example Safeguarding Children Partnership"
CONSOLE_LINK = f"https://console.example.org/cases/{REFERENCE}"
REMINDED = AgencyReminder(
    ScopingRequest(
        case_agency_id=1,
        case_reference=REFERENCE,
        case_state="rapid_review_scoping",
        referral_id=1,
        agency_name="Example Primary School",
        representative="Sam Example",
        email="dsl@school.example.org",
        link_id=1,
        serial=1,
        due_on=date(2026, 12, 8),
        expires_at=datetime(2026, 12, 14, 17, 0, tzinfo=UTC),
        revoked=False,
        replaced=False,
        removed=False,
        summary_of_case="",
        time_period="",
    ),
    requested_on=date(2026, 12, 1),
    returned=False,
    case_closed=False,
)
REMINDER = agency_reminders.Reminder(1, 1, "before", 2, date(2026, 12, 4))
MEETING = MeetingSetting(
    REFERENCE,
    1,
    date(2026, 12, 14),
    time(10, 0),
    time(12, 0),
    "Online: Microsoft Teams link sent separately",
    0,
    False,
)
CONTACT = {
    "contact_name": "the partnership's business unit",
    "contact_phone": "020 7946 0000",
    "contact_email": "partnership@example.org",
}


@dataclass(frozen=True)
class Example:
    #: when the notifier sends it, in words
    when: str
    #: who gets it, in words
    who: str
    subject: str
    context: Mapping[str, Any]


EXAMPLES: dict[str, Example] = {
    "new_referral_alert": Example(
        "When a referral is submitted.",
        "The operations team and the chair.",
        f"New serious incident referral {REFERENCE} \N{EN DASH} decision due 3 December 2026",
        {
            "route": "Serious incident",
            "received": "Monday 30 November 2026",
            "deadlines": [
                {
                    "label": "Chair to decide whether the criteria are met",
                    "due": "Thursday 3 December 2026",
                }
            ],
            "link": CONSOLE_LINK,
        },
    ),
    "referral_confirmation": Example(
        "When a referral is submitted, if the referrer gave an email address.",
        "The person who made the referral.",
        f"Referral received \N{EN DASH} {REFERENCE}",
        {
            "form_title": "Notification of a serious incident",
            "received": "Monday 30 November 2026",
            "next_steps": confirmation.NEXT_STEPS_OTHERWISE,
            "contact_email": CONTACT["contact_email"],
        },
    ),
    "resume_link": Example(
        "When someone saves a referral form to finish later.",
        "The person filling in the form.",
        "Continue your saved form: Notification of a serious incident",
        {
            "form_title": "Notification of a serious incident",
            "link": "https://referrals.example.org/resume/example-link",
            "until": "6pm on Monday 7 December 2026",
            "contact_email": CONTACT["contact_email"],
        },
    ),
    "clock_alert": Example(
        "The working day before a deadline, on the day it is due, and each day it is "
        "overdue, until the step is recorded as done. For the chair's decision, the chair "
        "is emailed first and asked to decide.",
        "The operations team; for the chair's decision, the chair and the operations team.",
        f"{REFERENCE}: Notify the national Panel is overdue",
        {
            "headline": "Notify the national Panel is overdue",
            "label": "Notify the national Panel",
            "due": "Friday 27 November 2026",
            "status": clock_alerts.STATUS[clock_alerts.OVERDUE],
            "meaning": clock_alerts.MEANING[clock_alerts.OVERDUE],
            "action": "",
            "link": CONSOLE_LINK,
        },
    ),
    "scoping_request": Example(
        "When the operations team sends an agency its scoping request.",
        "The agency's representative (the letter is attached).",
        f"Rapid Review: initial scoping request ({REFERENCE}), reply by 4 December 2026",
        {
            "representative": "Alex Example",
            "agency": "Example Community Health Trust",
            "due": "Friday 4 December 2026",
            "link": "https://referrals.example.org/scoping/example-link",
            "until": "5pm on Friday 11 December 2026",
            **CONTACT,
        },
    ),
    "approval_request": Example(
        "When the Rapid Review report's recommendation is sent for approval.",
        "Each of the three lead representatives.",
        f"Rapid Review {REFERENCE}: please approve the recommendation",
        {
            "name": "Alex Example",
            "version": 2,
            "partner": "the police",
            "decide_by": "Friday 11 December 2026",
            "link": "https://console.example.org/approve/example-link",
            "until": "5pm on Friday 11 December 2026",
            "case_link": CONSOLE_LINK,
            **CONTACT,
        },
    ),
    "disagreement_notice": Example(
        "When a lead representative disagrees with the recommendation.",
        "The lead representatives, the chair and the operations team.",
        disagreement.subject(REFERENCE),
        {"name": "Alex Example", "version": 2, "link": CONSOLE_LINK, **CONTACT},
    ),
    "outcome_to_agencies": Example(
        "When the Rapid Review is finished and its outcome recorded.",
        "Each agency on the case with an email address.",
        outcome.subject(REFERENCE),
        {
            "representative": "Alex Example",
            "agency": "Example Community Health Trust",
            # the first of the Rapid Review's outcomes, worded as the email words it
            "outcome": outcome.outcome_label("a"),
            **CONTACT,
        },
    ),
    "panel_letter_ready": Example(
        "When the letter to the national Panel has been drafted from the approved report.",
        "The chair.",
        panel_letter_ready.subject(REFERENCE),
        {"link": CONSOLE_LINK},
    ),
    "overdue_digest": Example(
        "Every working day from 7am, when any deadline is overdue.",
        "The operations team.",
        overdue_digest.subject(date(2026, 12, 1), 2),
        overdue_digest.context_for(
            date(2026, 12, 1),
            [
                overdue_digest.Overdue(
                    REFERENCE, "Notify the national Panel", date(2026, 11, 27), 2
                ),
                overdue_digest.Overdue(
                    "EXAMPLE-2026-0002",
                    "Agencies to return their scoping forms",
                    date(2026, 11, 30),
                    1,
                ),
            ],
            PARTNERSHIP,
            "https://console.example.org",
        ),
    ),
    "agency_reminder": Example(
        "To each agency on a case that has not returned its scoping form: on the working "
        "days before the due date set by AGENCY_REMINDER_DAYS, on the due date, then overdue "
        "notices every AGENCY_OVERDUE_EVERY_DAYS working days while its link works; each "
        "stops the moment the agency returns.",
        "The agency's named representative.",
        agency_reminders.subject(REMINDER, REMINDED),
        {
            "representative": "Sam Example",
            "agency": REMINDED.request.agency_name,
            "kind": REMINDER.kind,
            "due": weekday_date(REMINDED.request.due_on),
            "requested_on": weekday_date(REMINDED.requested_on),
            "until": until(REMINDED.request.expires_at),
            **CONTACT,
        },
    ),
    "meeting_invitation": Example(
        "When the Rapid Review meeting's date is set with a start time, again (updated) when it "
        "changes, and (cancelled) when it is set without one; with a calendar file (.ics).",
        "The three lead representatives, the chair, the operations team and each agency's "
        "named representative.",
        meeting_invitation.subject(MEETING),
        {
            "name": "Sam Example",
            "kind": meeting_invitation.kind_of(MEETING),
            "day": weekday_date(MEETING.on),
            "starts": clock_time(time(10, 0)),
            "ends": clock_time(time(12, 0)),
            "place": MEETING.place,
            "attached": True,
            "link": CONSOLE_LINK,
            **CONTACT,
        },
    ),
    "returns_in": Example(
        "When the last agency on a case answers its scoping request (returns still "
        "outstanding at the due date are a deadline alert).",
        "The operations team.",
        returns_in.subject(REFERENCE),
        {"link": CONSOLE_LINK},
    ),
}


@dataclass(frozen=True)
class Wording:
    template: str
    label: str
    when: str
    who: str
    #: the email filled in with the example values; None when no example is written yet
    example: Content | None


def wording(template: str) -> Wording:
    label = TEMPLATES.get(template, template)
    found = EXAMPLES.get(template)
    if found is None:
        return Wording(template, label, "", "", None)
    context = {"partnership_name": PARTNERSHIP, "reference": REFERENCE, **found.context}
    return Wording(template, label, found.when, found.who, render(template, found.subject, context))


def every_wording() -> list[Wording]:
    """Each template the notifier sends, in ``TEMPLATES``' order."""
    return [wording(name) for name in TEMPLATES]
