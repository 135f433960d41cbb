"""How emails name routes, clocks and dates.

The keys are the scheduler's stored values (``scheduler_case.route``,
``scheduler_deadline.clock``); the wording is the email's own ("Chair to inform ... by
Monday 23 November 2026"). An unknown key is still shown, made readable, so a clock added
later in the scheduler is never silently dropped from an alert.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.govuk_dates import weekday_date

#: the partnership's clock: every date and time in an email is London's
LONDON = ZoneInfo("Europe/London")

ROUTES = {
    "serious_incident": "Serious incident",
    "practice_learning": "Practice learning",
}

CLOCKS = {
    "inform_lead_representatives": "Chair to inform the three lead representatives",
    "criteria_decision": "Chair to decide whether the criteria are met",
    "notify_panel": "Local authority to notify the national Panel",
    "rapid_review_complete": "Rapid Review to be completed and sent to the Panel",
    "send_scoping_forms": "Letter and scoping forms to be sent to all agencies; meeting date set",
    "return_scoping_forms": "Agencies to return their scoping forms",
    "rapid_review_meeting": "Rapid Review meeting to be held",
    "approve_recommendation": "Lead representatives to approve the recommendation",
    "report_to_panel": "Report and letter to be sent to the Panel",
    "panel_response": "Panel to respond",
}

#: the clock whose due date the subject line carries
DECISION_CLOCK = "criteria_decision"

#: the three safeguarding partners (``scheduler_staff_user.partner``), as a sentence names them
PARTNERS = {
    "local_authority": "the local authority",
    "police": "the police",
    "health": "the health partner",
}


def _readable(key: str) -> str:
    return key.replace("_", " ").strip().capitalize() or key


def route_label(route: str) -> str:
    return ROUTES.get(route, _readable(route))


def clock_label(clock: str) -> str:
    return CLOCKS.get(clock, _readable(clock))


def partner_label(partner: str) -> str:
    return PARTNERS.get(partner, _readable(partner).lower())


def greeting_name(name: str) -> str:
    """Who "Dear ..." names: the person, or "colleague" when no name was given."""
    return " ".join(name.split()) or "colleague"


def london_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def time_of_day(moment: datetime) -> str:
    """``6:30pm``, ``10am``, ``midday`` (GOV.UK style: 12-hour clock, no ``:00``)."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def until(moment: datetime) -> str:
    """``6:30pm on Friday 18 December 2026``, in London time, for "works until ...".

    Rounded down to the minute. "Midnight on Friday" could mean either end of the day, so
    midnight is said as 11:59pm of the day before, as GOV.UK advises for deadlines.
    """
    local = moment.astimezone(LONDON).replace(second=0, microsecond=0)
    if (local.hour, local.minute) == (0, 0):
        local -= timedelta(minutes=1)
    return f"{time_of_day(local)} on {weekday_date(local.date())}"
