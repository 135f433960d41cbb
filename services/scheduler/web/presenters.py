"""Wording and formatting for the console: the referral form's own labels, dates, sizes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from services.scheduler.domain.clocks import london_date
from services.scheduler.store.cases import CaseRow

#: labels of App. i "REFERRAL OF A SERIOUS INCIDENT FORM" (and App. vi), by answer key
ANSWER_LABELS: Mapping[str, str] = {
    "outline": "Brief outline of the child and family circumstances and the incident that "
    "triggered this referral",
    "reason": "Why you are making this referral",
    "referral_reason": "Why you are making this referral",
    "additional_information": "Any additional information that may assist decision-making",
    "child_home_address": "Home address",
    "child_gender": "Gender",
    "child_ethnic_origin": "Ethnic Origin",
    "child_faith": "Faith/Religion",
    "child_disability": "Disability",
    "looked_after": "Is the child/young person looked after?",
    "child_protection_plan": "Is the child/young person subject to a child protection plan "
    "or has been previously?",
    "open_to_social_care": "Is the child/young person open to Children's Social Care or "
    "Early Help?",
    "incident_date": "Date of Death or Serious Incident",
    "incident_type": "Death or serious incident",
    "incident_location": "Address of location of incident",
    "carer_at_incident": "Carer at time of incident",
    "criminal_investigation": "Is this case known to be the subject of a criminal investigation?",
    "coroners_inquiry": "Is this case known to be the subject of a Coroner's Inquiry?",
    "adult_safeguarding": "Are there any adult safeguarding concerns?",
    "siblings_action": "What action has been undertaken to safeguard and protect any siblings "
    "of the child who is the subject of this referral?",
    "referrer_phone": "Telephone number",
    "referrer_address": "Address",
    "dsl_name": "Designated safeguarding lead/officer: Name",
    "dsl_agency": "Designated safeguarding lead/officer: Agency Designation and Title",
    "dsl_contact": "Designated safeguarding lead/officer: Contact Details",
    "dsl_email": "Designated safeguarding lead/officer: e-mail address",
}


def govuk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = london_date(value)
    return f"{value.day} {value:%B %Y}"


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def answer_label(key: str) -> str:
    return ANSWER_LABELS.get(key, key.replace("_", " ").capitalize())


def answer_text(value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Mapping):
        return "; ".join(f"{answer_label(str(k))}: {answer_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "\n".join(answer_text(v) for v in value) or "Not given"
    return str(value)


def referral_rows(case: CaseRow) -> list[tuple[str, str]]:
    """(label, value) pairs for the referral summary list, in the form's order."""
    rows = [
        ("Date of Referral", govuk_date(case.received_on)),
        ("Name of Child", case.child_name or "Not given"),
        ("Date of Birth", govuk_date(case.child_date_of_birth) or "Not given"),
        ("Name of Person Making referral", case.referrer_name or "Not given"),
        ("Agency Designation and Title", case.referrer_agency or "Not given"),
        ("e-mail address", case.referrer_email or "Not given"),
    ]
    rows += [(answer_label(k), answer_text(v)) for k, v in case.details.items()]
    return rows


def summary_list_rows(case: CaseRow) -> list[dict[str, Any]]:
    """``govukSummaryList`` rows; line breaks in answers are kept, everything escaped."""
    return [
        {
            "key": {"text": label},
            "value": {"html": escape(value).replace("\n", Markup("<br>"))},
        }
        for label, value in referral_rows(case)
    ]
