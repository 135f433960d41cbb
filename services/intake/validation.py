"""Checks on a serious-incident referral (App. i, first slice): plain Python, no Flask.

Messages follow the GOV.UK Design System's error-message patterns. The answers returned
use the keys of ``services.intake.readmodel.SERIOUS_INCIDENT_KEYS`` (the scheduler reads
them), with the date of birth as ISO ``yyyy-mm-dd``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from services.intake.dateparts import read_date
from services.intake.emails import looks_like_email

SERIOUS_INCIDENT = "serious_incident"

MAX_NAME = 200
MAX_AGENCY = 300
MAX_EMAIL = 254
MAX_OUTLINE = 10_000
#: nobody referred is older than this; an earlier year is a typing slip
EARLIEST_YEAR_OF_BIRTH = 1900

_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class SeriousIncidentSubmission:
    """What was typed, exactly as typed."""

    child_name: str = ""
    dob_day: str = ""
    dob_month: str = ""
    dob_year: str = ""
    referrer_name: str = ""
    referrer_agency: str = ""
    referrer_email: str = ""
    outline: str = ""


@dataclass(frozen=True)
class Checked:
    #: the answers to store, or None when there are errors
    answers: dict[str, str] | None
    #: field name -> message, in the order the fields appear on the form
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _without_controls(text: str, keep: str = "") -> str:
    # Control characters (NUL above all) are never meant, break PostgreSQL text and documents.
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) != "Cc")


def clean_line(text: str) -> str:
    """A one-line answer: no control characters, runs of whitespace made one space."""
    return _WHITESPACE_RUN.sub(" ", _without_controls(text, keep="\t\n\r")).strip()


def clean_text(text: str) -> str:
    """A multi-line answer: line breaks kept (normalised to \\n), ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _without_controls(text, keep="\n\t").strip()


def _required_line(
    value: str, *, missing: str, too_long: str, limit: int, errors: dict[str, str], name: str
) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        errors[name] = missing
    elif len(cleaned) > limit:
        errors[name] = too_long
    return cleaned


def _date_of_birth(sub: SeriousIncidentSubmission, today: date, errors: dict[str, str]) -> str:
    reading = read_date(sub.dob_day, sub.dob_month, sub.dob_year, label="Date of birth")
    if reading.empty:
        errors["child_date_of_birth"] = "Enter the child's date of birth"
    elif reading.error:
        errors["child_date_of_birth"] = reading.error
    elif reading.value is not None:
        if reading.value > today:
            # A child harmed on the day of birth can be referred that day: today is allowed.
            errors["child_date_of_birth"] = "Date of birth must be today or in the past"
        elif reading.value.year < EARLIEST_YEAR_OF_BIRTH:
            errors["child_date_of_birth"] = "Date of birth must be a real date"
        else:
            return reading.value.isoformat()
    return ""


def check_serious_incident(sub: SeriousIncidentSubmission, *, today: date) -> Checked:
    """``today`` is the partnership's calendar date (Europe/London) when the form arrives."""
    errors: dict[str, str] = {}
    child_name = _required_line(
        sub.child_name,
        name="child_name",
        errors=errors,
        limit=MAX_NAME,
        missing="Enter the child's name",
        too_long=f"Name of child must be {MAX_NAME} characters or fewer",
    )
    date_of_birth = _date_of_birth(sub, today, errors)
    referrer_name = _required_line(
        sub.referrer_name,
        name="referrer_name",
        errors=errors,
        limit=MAX_NAME,
        missing="Enter the name of the person making the referral",
        too_long=f"Name of person making referral must be {MAX_NAME} characters or fewer",
    )
    referrer_agency = _required_line(
        sub.referrer_agency,
        name="referrer_agency",
        errors=errors,
        limit=MAX_AGENCY,
        missing="Enter your agency designation and title",
        too_long=f"Agency designation and title must be {MAX_AGENCY} characters or fewer",
    )
    referrer_email = _required_line(
        sub.referrer_email,
        name="referrer_email",
        errors=errors,
        limit=MAX_EMAIL,
        missing="Enter an email address",
        too_long=f"Email address must be {MAX_EMAIL} characters or fewer",
    )
    if "referrer_email" not in errors and not looks_like_email(referrer_email):
        errors["referrer_email"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
    outline = clean_text(sub.outline)
    if not outline:
        errors["outline"] = (
            "Enter a brief outline of the child and family circumstances and the incident"
        )
    elif len(outline) > MAX_OUTLINE:
        errors["outline"] = f"Outline must be {MAX_OUTLINE:,} characters or fewer"
    if errors:
        return Checked(answers=None, errors=errors)
    return Checked(
        answers={
            "child_name": child_name,
            "child_date_of_birth": date_of_birth,
            "referrer_name": referrer_name,
            "referrer_agency": referrer_agency,
            "referrer_email": referrer_email,
            "outline": outline,
        }
    )
