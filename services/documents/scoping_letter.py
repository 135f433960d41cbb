"""The letter to accompany the scoping form (App. ii) as data: keys, file names, fields.

One letter per agency and link: a new link for the same agency (serial 2) is a new letter,
so keys and file names carry the case agency's id and the link's serial. The letter names
the agency and its representative, the case reference and the return date; it says nothing
about the child. Plain Python: no Flask, database or storage here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.documents.common import check_reference, long_date, one_line
from services.documents.fields import Field
from services.documents.ports import ScopingRequest
from shared.govuk_dates import weekday_date

KIND = "scoping-letter"
#: the document's title (its properties, the PDF's metadata)
TITLE = "Letter to accompany the scoping form"
LONDON = ZoneInfo("Europe/London")
#: the seed's "no later than Day, Date Month Year at 5.00 pm"; the scheduler's link due
#: dates are 5 pm (London) days
RETURN_TIME = "5.00 pm"
#: when a request reaches us without a representative's name
NO_REPRESENTATIVE = "colleague"

#: what the letter's template may print, besides the branding (``branding.FIELDS``)
FIELDS = {
    "reference": Field("The case reference, GSCP-2026-0001", required=True),
    "letter_date": Field("The day the letter is dated, 20 November 2026", required=True),
    "representative": Field(
        f'The agency\'s named representative ("{NO_REPRESENTATIVE}" when none is named)'
    ),
    "agency_name": Field("The agency's name", required=True),
    "return_by": Field(
        "When the scoping form is due, 5.00 pm on Monday 30 November 2026", required=True
    ),
    "contact_name": Field(
        "Whom agencies contact about the Rapid Review (setting PARTNERSHIP_CONTACT_NAME)"
    ),
    "contact_phone": Field("Their telephone number (setting PARTNERSHIP_CONTACT_PHONE)"),
    "chair_name": Field(
        "The name of the chair of the Learning from Practice Group (setting CHAIR_NAME); "
        "may be empty"
    ),
}


@dataclass(frozen=True)
class LetterSettings:
    """Who the letter is from (settings PARTNERSHIP_NAME, PARTNERSHIP_CONTACT_NAME,
    PARTNERSHIP_CONTACT_PHONE, CHAIR_NAME)."""

    partnership_name: str
    contact_name: str
    contact_phone: str
    #: empty: the letter is signed by the role only
    chair_name: str = ""


def letter_date(now: datetime) -> date:
    """The day a letter made at ``now`` is dated: the partnership's day, in London."""
    return now.astimezone(LONDON).date()


def return_by(due_on: date) -> str:
    """``5.00 pm on Monday 14 December 2026``."""
    return f"{RETURN_TIME} on {weekday_date(due_on)}"


def scoping_letter_context(
    request: ScopingRequest, settings: LetterSettings, today: date
) -> dict[str, Any]:
    """The fields of templates/scoping_letter.docx, dated ``today``.

    Values are plain strings; ``render.render_docx`` prints them literally, so ``<``, ``&``
    or ``{{`` typed in an agency's name appear as typed.
    """
    return {
        "partnership_name": one_line(settings.partnership_name),
        "letter_date": long_date(today),
        "reference": check_reference(request.case_reference),
        "representative": one_line(request.representative, blank=NO_REPRESENTATIVE),
        "agency_name": one_line(request.agency_name),
        "return_by": return_by(request.due_on),
        "contact_name": one_line(settings.contact_name),
        "contact_phone": one_line(settings.contact_phone),
        "chair_name": one_line(settings.chair_name, blank=""),
    }
