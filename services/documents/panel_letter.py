"""The letter to the national Panel accompanying the Report of Rapid Review (App. v) as data:
keys, file names, the template's fields.

The seed's wording, with its choices made: the outcome is the report's recommendation
(a national review, a local review, or the criteria not met and what is recommended
instead, in the option's own label from the form definition), whether every safeguarding
partner was represented is read from the meeting's participants, and the addressee is the
Panel's chair and address from the settings. The letter is drafted for the chair to sign:
its .docx stays editable. Plain Python: no Flask, database or storage here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.documents.common import check_reference, long_date, one_line
from services.documents.fields import Field
from services.documents.ports import RapidReviewReport
from services.documents.rr_report import missing_partners, partners_phrase
from shared.forms.choices import Choice
from shared.forms.model import Form

KIND = "panel-letter"
#: the document's title (its properties, the PDF's metadata)
TITLE = "Letter to the Child Safeguarding Practice Review Panel"
#: the answer id of the report's Section 3 recommendation (App. iv, options a to j)
RECOMMENDATION = "recommendation"
#: the seed's three outcomes, without its "[Delete as appropriate]"
OUTCOMES = {
    "a": "meets the criteria for a national Child Safeguarding Practice Review",
    "b": "meets the criteria for a local Child Safeguarding Practice Review",
}
NOT_MET = "does not meet the criteria for a Child Safeguarding Practice Review"
ALL_PARTNERS = "This Rapid Review included a representative from each of the Safeguarding Partners"
#: the seed's "Dear Edward Timpson CBE," when no name is set
NO_PANEL_CHAIR = "Chair"

#: what the letter's template may print, besides the branding (``branding.FIELDS``)
FIELDS = {
    "reference": Field("The case reference, GSCP-2026-0001", required=True),
    "letter_date": Field("The day the letter is dated, 4 December 2026", required=True),
    "addressee": Field(
        "The Panel's chair and postal address, one line each (settings PANEL_CHAIR_NAME, "
        "PANEL_ADDRESS)",
        required=True,
    ),
    "salutation": Field(f"Dear <the Panel chair's name>, or Dear {NO_PANEL_CHAIR},"),
    "notified_on": Field("The day the partnership was notified of the incident"),
    "partners": Field(
        "Whether every safeguarding partner was represented at the Rapid Review, as a sentence"
    ),
    "outcome": Field(
        "What the case meets: the criteria for a national or a local review, or not",
        required=True,
    ),
    "recommends": Field(
        "When the case does not meet the criteria, the sentence naming what the Rapid Review "
        "recommends instead; empty otherwise",
        required=True,
    ),
    "chair_name": Field(
        "The name of the chair of the Learning from Practice Group, who signs (setting "
        "CHAIR_NAME); may be empty"
    ),
}


class ReportNotUsable(ValueError):
    """The report version's answers cannot make a letter (no recommendation, or one the
    form does not offer): a final version never changes, so retrying would not help."""


@dataclass(frozen=True)
class PanelLetterSettings:
    """Who the letter goes to and is from (settings PARTNERSHIP_NAME, PANEL_CHAIR_NAME,
    PANEL_ADDRESS, CHAIR_NAME)."""

    partnership_name: str
    #: the Panel's postal address, lines separated by "|"
    panel_address: str
    #: empty: "Dear Chair,"
    panel_chair_name: str = ""
    #: empty: the letter is signed by the role only
    chair_name: str = ""


def address_lines(panel_address: str) -> list[str]:
    return [line for line in (one_line(p, blank="") for p in panel_address.split("|")) if line]


def addressee(settings: PanelLetterSettings) -> str:
    """The address block, one line each (docxtpl prints ``\\n`` as a line break)."""
    name = one_line(settings.panel_chair_name, blank="")
    first = f"{name}, {NO_PANEL_CHAIR}" if name else NO_PANEL_CHAIR
    return "\n".join([first, *address_lines(settings.panel_address)])


def salutation(settings: PanelLetterSettings) -> str:
    return f"Dear {one_line(settings.panel_chair_name, blank=NO_PANEL_CHAIR)},"


def _recommendation(answers: Mapping[str, Any]) -> tuple[str, str]:
    """The chosen option's value and its "please state" details (d and j)."""
    found = answers.get(RECOMMENDATION)
    if isinstance(found, Mapping):
        value, details = found.get("answer"), found.get("details")
    else:
        value, details = found, None
    if not isinstance(value, str) or not value:
        raise ReportNotUsable("the report has no recommendation")
    return value, one_line(details if isinstance(details, str) else "", blank="")


def option_label(form: Form, value: str) -> str:
    """The recommendation's label as the form definition words it."""
    question = form.question(RECOMMENDATION)
    if not isinstance(question, Choice):
        raise ReportNotUsable(f"form {form.id} asks no {RECOMMENDATION} to choose")
    label = next((o.label for o in question.options if o.value == value), None)
    if label is None:
        raise ReportNotUsable(f"{value!r} is not a recommendation form {form.id} offers")
    return one_line(label)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def outcome(form: Form, answers: Mapping[str, Any]) -> tuple[str, str]:
    """What the case meets, and, when not a review, the sentence naming what is recommended
    instead: ``("does not meet …", "The Rapid Review recommends: Other: a SAR.")``."""
    value, details = _recommendation(answers)
    label = option_label(form, value)
    if value in OUTCOMES:
        return OUTCOMES[value], ""
    named = label.rstrip(" .:")
    said = f"{named}: {details}" if details else named
    return NOT_MET, _sentence(f"The Rapid Review recommends: {said}")


def partners_sentence(report: RapidReviewReport) -> str:
    if report.quorate:
        return ALL_PARTNERS
    missing = partners_phrase(missing_partners(report.participants))
    return f"This Rapid Review did not include a representative of {missing}"


def panel_letter_context(
    report: RapidReviewReport, form: Form, settings: PanelLetterSettings, today: date
) -> dict[str, Any]:
    """The fields of templates/panel_letter.docx, dated ``today``.

    Values are plain strings; ``render.render_docx`` prints them literally, so ``<``, ``&``
    or ``{{`` typed in the recommendation's details or a name in the settings appear as
    typed. Raises ``ReportNotUsable`` when the report has no usable recommendation.
    """
    met, recommends = outcome(form, report.answers)
    return {
        "partnership_name": one_line(settings.partnership_name),
        "letter_date": long_date(today),
        "addressee": addressee(settings),
        "salutation": salutation(settings),
        "reference": check_reference(report.reference),
        "notified_on": long_date(report.aware_on),
        "partners": partners_sentence(report),
        "outcome": met,
        "recommends": recommends,
        "chair_name": one_line(settings.chair_name, blank=""),
    }
