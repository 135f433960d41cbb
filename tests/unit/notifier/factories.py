"""Keyword-only test data for the notifier's unit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.notifier.alerts import AlertSettings, Recipient
from services.scheduler.readmodel import CaseSnapshot, DeadlineSnapshot

CHILD_NAME = "Amelia Hartley-O'Brien"
CHILD_DOB = date(2019, 3, 14)
OUTLINE = "Admitted to hospital with unexplained injuries; siblings placed with grandparents."


def make_deadline(
    *, clock: str, due_on: date, starts_on: date = date(2026, 11, 20), met: bool = False
) -> DeadlineSnapshot:
    return DeadlineSnapshot(clock=clock, starts_on=starts_on, due_on=due_on, met=met)


SERIOUS_INCIDENT_DEADLINES = (
    make_deadline(clock="inform_lead_representatives", due_on=date(2026, 11, 23)),
    make_deadline(clock="criteria_decision", due_on=date(2026, 11, 27)),
    make_deadline(clock="notify_panel", due_on=date(2026, 11, 27)),
    make_deadline(clock="rapid_review_complete", due_on=date(2026, 12, 11)),
)


def make_case(
    *,
    reference: str = "GSCP-2026-0001",
    route: str = "serious_incident",
    state: str = "referral_received",
    received_on: date = date(2026, 11, 20),
    child_name: str = CHILD_NAME,
    child_date_of_birth: date | None = CHILD_DOB,
    deadlines: tuple[DeadlineSnapshot, ...] = SERIOUS_INCIDENT_DEADLINES,
    details: dict[str, Any] | None = None,
) -> CaseSnapshot:
    """A case whose referral answers hold the child's details (which alerts must not use);
    ``details`` are further answers (the outline by default)."""
    answers: dict[str, Any] = {
        "child_name": child_name,
        "child_date_of_birth": child_date_of_birth.isoformat() if child_date_of_birth else None,
        "referrer_name": "Sam Practitioner",
        "referrer_agency": "Riverside Primary School",
        "referrer_email": "sam.practitioner@school.example",
        **(details if details is not None else {"outline": OUTLINE}),
    }
    return CaseSnapshot(
        reference=reference,
        route=route,
        state=state,
        received_at=datetime.combine(received_on, datetime.min.time(), UTC).replace(hour=10),
        received_on=received_on,
        referral_id=1,
        form_id=route.replace("_", "-"),
        form_version=1,
        answers={k: v for k, v in answers.items() if v is not None},
        deadlines=deadlines,
    )


def make_settings(
    *,
    partnership_name: str = "Greenwich Safeguarding Children Partnership",
    console_url: str = "https://console.partnership.example",
    mail_from: str = "cspr@partnership.example",
    ops: str = "ops-team@partnership.example",
    chair: str = "lfp-chair@partnership.example",
) -> AlertSettings:
    return AlertSettings(
        partnership_name=partnership_name,
        console_url=console_url,
        mail_from=mail_from,
        recipients=(Recipient("ops", ops), Recipient("chair", chair)),
    )
