"""Keyword-only test data written straight into the database (as the scheduler would)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from services.scheduler.tables import case, deadline

CHILD_NAME = "Amelia Hartley-O'Brien"
OUTLINE = "Admitted to hospital with unexplained injuries."
DEFAULT_DEADLINES = (
    ("inform_lead_representatives", date(2026, 11, 23)),
    ("criteria_decision", date(2026, 11, 27)),
    ("notify_panel", date(2026, 11, 27)),
    ("rapid_review_complete", date(2026, 12, 11)),
)


def insert_case(
    engine: Engine,
    *,
    reference: str = "GSCP-2026-0001",
    referral_id: int = 1,
    route: str = "serious_incident",
    received_on: date = date(2026, 11, 20),
    child_name: str = CHILD_NAME,
    deadlines: Sequence[tuple[str, date]] = DEFAULT_DEADLINES,
) -> int:
    received_at = datetime(received_on.year, received_on.month, received_on.day, 10, tzinfo=UTC)
    with engine.begin() as conn:
        case_id = conn.execute(
            insert(case)
            .values(
                reference=reference,
                referral_id=referral_id,
                route=route,
                state="referral_received",
                received_at=received_at,
                received_on=received_on,
                child_name=child_name,
                child_date_of_birth=date(2019, 3, 14),
                referrer_name="Sam Practitioner",
                referrer_agency="Riverside Primary School",
                referrer_email="sam.practitioner@school.example",
                details={"outline": OUTLINE},
                opened_at=received_at,
            )
            .returning(case.c.id)
        ).scalar_one()
        for clock, due_on in deadlines:
            conn.execute(
                insert(deadline).values(
                    case_id=case_id, clock=clock, starts_on=received_on, due_on=due_on
                )
            )
    return int(case_id)
