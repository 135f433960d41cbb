"""Keyword-only builders of test data for intake."""

from __future__ import annotations

from services.intake.validation import SeriousIncidentSubmission


def submission(
    *,
    child_name: str = "Amelia Hartley-O'Brien",
    dob: tuple[str, str, str] = ("14", "3", "2019"),
    referrer_name: str = "Sam Practitioner",
    referrer_agency: str = "Designated Safeguarding Lead, Riverside Primary School",
    referrer_email: str = "sam.practitioner@school.example",
    outline: str = "Admitted to hospital with unexplained injuries.",
) -> SeriousIncidentSubmission:
    return SeriousIncidentSubmission(
        child_name=child_name,
        dob_day=dob[0],
        dob_month=dob[1],
        dob_year=dob[2],
        referrer_name=referrer_name,
        referrer_agency=referrer_agency,
        referrer_email=referrer_email,
        outline=outline,
    )


def form_data(
    *,
    child_name: str = "Amelia Hartley-O'Brien",
    dob: tuple[str, str, str] = ("14", "3", "2019"),
    referrer_name: str = "Sam Practitioner",
    referrer_agency: str = "Designated Safeguarding Lead, Riverside Primary School",
    referrer_email: str = "sam.practitioner@school.example",
    outline: str = "Admitted to hospital with unexplained injuries.\r\nSiblings with grandparents.",
) -> dict[str, str | list[str]]:
    """What a browser posts for the serious-incident form (without the CSRF token)."""
    return {
        "child_name": child_name,
        "child_date_of_birth": list(dob),
        "referrer_name": referrer_name,
        "referrer_agency": referrer_agency,
        "referrer_email": referrer_email,
        "outline": outline,
    }
