"""Made-up cases, letters and reports to fill a template with before it is accepted: an
administrator's own template is test-rendered with these (``template_checks``), and the
unit tests hold each document's declared fields to what its context function gives for
them. The answers come from the form definitions (``shared.forms.samples``), so a new
question is covered without editing this file. Made-up data only; plain Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.documents.panel_letter import PanelLetterSettings, panel_letter_context
from services.documents.referral import referral_context
from services.documents.rr_report import report_context
from services.documents.scoping_letter import LetterSettings, letter_date, scoping_letter_context
from shared.forms import samples
from shared.forms.registry import get_form

REFERENCE = "GSCP-2026-0001"
REFERRAL_FORM = "serious-incident"
REPORT_FORM = "rapid-review-report"
#: a recommendation that is not a review, so that every field of the Panel letter has words
PANEL_RECOMMENDATION = {"answer": "d", "details": "A Safeguarding Adults Review"}
PANEL_ADDRESS = "Child Safeguarding Practice Review Panel|Sanctuary Buildings|London|SW1P 3BT"


@dataclass(frozen=True)
class SampleCase:
    reference: str
    received_on: date
    form_id: str
    form_version: int
    answers: dict[str, Any]


@dataclass(frozen=True)
class SampleRequest:
    case_agency_id: int
    case_reference: str
    agency_name: str
    representative: str
    serial: int
    due_on: date

    def usable(self, now: datetime) -> bool:
        return True


@dataclass(frozen=True)
class SampleParticipant:
    name: str
    job_role: str
    agency: str
    partner: str | None


@dataclass(frozen=True)
class SampleReport:
    reference: str
    version: int
    status: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    aware_on: date
    meeting_on: date | None
    participants: Sequence[SampleParticipant] = field(default_factory=tuple)
    quorate: bool = True
    approved_by_all: bool = True


PARTICIPANTS = (
    SampleParticipant(
        "Alex Example", "Head of Safeguarding", "Example Borough Council", "local_authority"
    ),
    SampleParticipant("Sam Sample", "Detective Inspector", "Example Police", "police"),
    SampleParticipant("Jo Placeholder", "Designated Nurse", "Example ICB", "health"),
)


def referral(partnership_name: str, today: date) -> dict[str, Any]:
    form = get_form(REFERRAL_FORM)
    case = SampleCase(
        REFERENCE, today, form.id, form.version, samples.answers(form, today=today, items=2)
    )
    return referral_context(case, partnership_name)


def scoping_letter(partnership_name: str, today: date) -> dict[str, Any]:
    request = SampleRequest(1, REFERENCE, "Example Primary School", "Pat Example", 1, today)
    settings = LetterSettings(
        partnership_name=partnership_name,
        contact_name="the Partnership Operations Team",
        contact_phone="020 7946 0000",
        chair_name="Dr Chris Example",
    )
    return scoping_letter_context(request, settings, today)


def _report(today: date, **answers: Any) -> SampleReport:
    form = get_form(REPORT_FORM)
    found = {**samples.answers(form, today=today, items=2), **answers}
    return SampleReport(
        REFERENCE, 1, "final", form.id, form.version, found, today, today, PARTICIPANTS
    )


def rapid_review_report(partnership_name: str, today: date) -> dict[str, Any]:
    return report_context(_report(today), get_form(REPORT_FORM), partnership_name)


def panel_letter(partnership_name: str, today: date) -> dict[str, Any]:
    settings = PanelLetterSettings(
        partnership_name=partnership_name,
        panel_address=PANEL_ADDRESS,
        panel_chair_name="Dr Robin Example",
        chair_name="Dr Chris Example",
    )
    report = _report(today, recommendation=PANEL_RECOMMENDATION)
    return panel_letter_context(report, get_form(REPORT_FORM), settings, today)


def sample_day(now: datetime) -> date:
    """The day a test render is dated: today in London, like a real letter."""
    return letter_date(now)
