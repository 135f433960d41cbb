"""How emails name routes, clocks and dates.

The keys are the scheduler's stored values (``scheduler_case.route``,
``scheduler_deadline.clock``); the wording is the email's own ("Chair to inform ... by
Monday 23 November 2026"). An unknown key is still shown, made readable, so a clock added
later in the scheduler is never silently dropped from an alert.
"""

from __future__ import annotations

from datetime import date

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


def _readable(key: str) -> str:
    return key.replace("_", " ").strip().capitalize() or key


def route_label(route: str) -> str:
    return ROUTES.get(route, _readable(route))


def clock_label(clock: str) -> str:
    return CLOCKS.get(clock, _readable(clock))


def long_date(day: date) -> str:
    """``Monday 23 November 2026`` (GOV.UK style: no leading zero, no ordinal)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """``27 November 2026``."""
    return f"{day.day} {day:%B %Y}"
