"""Keyword-only test data for the Rapid Review's documents: a report version as the
scheduler's read model gives it, with its meeting's participants and the partners'
decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.documents.panel_letter import PanelLetterSettings
from services.scheduler.readmodel import MeetingParticipant, PartnerDecision, ReportSnapshot
from shared.forms import samples
from shared.forms.registry import get_form
from tests.unit.documents.factories import CHILD_NAME, PARTNERSHIP

REPORT_FORM = "rapid-review-report"
PARTNERS = ("local_authority", "police", "health")
#: the day the partnership was notified (a Thursday), and the meeting's day
AWARE_ON = date(2026, 4, 2)
MEETING_ON = date(2026, 4, 17)
PANEL_ADDRESS = (
    "Child Safeguarding Practice Review Panel|Sanctuary Buildings|20 Great Smith Street|"
    "London|SW1P 3BT"
)
LETTER_SETTINGS = PanelLetterSettings(
    partnership_name=PARTNERSHIP,
    panel_address=PANEL_ADDRESS,
    panel_chair_name="Dame Ada Lovelace",
    chair_name="Dr Helen Okafor",
)
PARTICIPANTS = (
    MeetingParticipant(
        "Siân Llŷr-Prydderch",
        "Head of Safeguarding",
        "Royal Borough of Greenwich",
        "local_authority",
    ),
    MeetingParticipant("Zoë Ngọc Trâm", "Detective Inspector", "Metropolitan Police", "police"),
    MeetingParticipant("Dr Oisín Ó Briain", "Designated Doctor", "South East London ICB", "health"),
    MeetingParticipant("Priya Chandrasekhar", "Headteacher", "Riverside Primary School", None),
)


def make_report_answers(**answers: Any) -> dict[str, Any]:
    """Every question of the report form answered; keyword arguments replace answers."""
    found = samples.answers(get_form(REPORT_FORM), today=MEETING_ON)
    found.update(child_name=CHILD_NAME, recommendation={"answer": "a"})
    found.update(answers)
    return found


def decisions(*partners: str, decision: str = "approved") -> tuple[PartnerDecision, ...]:
    return tuple(
        PartnerDecision(p, decision, "", datetime(2026, 4, 20, 9, tzinfo=UTC), f"{p}@lead.example")
        for p in partners
    )


def make_report(
    *,
    reference: str = "GSCP-2026-0001",
    version: int = 1,
    status: str = "final",
    recommendation: Any = None,
    answers: dict[str, Any] | None = None,
    participants: tuple[MeetingParticipant, ...] = PARTICIPANTS,
    approved_by: tuple[str, ...] = PARTNERS,
    meeting_on: date | None = MEETING_ON,
    aware_on: date = AWARE_ON,
) -> ReportSnapshot:
    found = make_report_answers() if answers is None else answers
    if recommendation is not None:
        found = {**found, "recommendation": recommendation}
    return ReportSnapshot(
        reference=reference,
        version=version,
        status=status,
        form_id=REPORT_FORM,
        form_version=get_form(REPORT_FORM).version,
        answers=found,
        finalised_at=datetime(2026, 4, 17, 16, tzinfo=UTC) if status == "final" else None,
        aware_on=aware_on,
        meeting_on=meeting_on,
        participants=participants,
        decisions=decisions(*approved_by),
    )


def without(*partners: str) -> tuple[MeetingParticipant, ...]:
    """The participants with nobody representing ``partners``."""
    return tuple(p for p in PARTICIPANTS if p.partner not in partners)
