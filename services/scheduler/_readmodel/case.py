"""A case as other services read it: its state, clocks and the referral it was opened from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.intake.readmodel import fetch_referral
from services.scheduler.tables import case, deadline


@dataclass(frozen=True)
class DeadlineSnapshot:
    clock: str
    starts_on: date
    due_on: date
    met: bool


@dataclass(frozen=True)
class CaseSnapshot:
    reference: str
    route: str
    state: str
    received_at: datetime
    received_on: date
    #: the intake referral the case was opened from
    referral_id: int
    form_id: str
    form_version: int
    #: the referral's answers, keyed by question id, exactly as stored by intake
    answers: dict[str, Any]
    deadlines: tuple[DeadlineSnapshot, ...] = field(default=())

    @property
    def next_deadline(self) -> DeadlineSnapshot | None:
        open_ = [d for d in self.deadlines if not d.met]
        return min(open_, key=lambda d: d.due_on) if open_ else None


def fetch_case(conn: Connection, reference: str) -> CaseSnapshot | None:
    """The case and its referral; None until both are readable (a job then retries)."""
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    if row is None:
        return None
    referral = fetch_referral(conn, row.referral_id)
    if referral is None:
        return None
    clocks = conn.execute(
        select(deadline).where(deadline.c.case_id == row.id).order_by(deadline.c.due_on)
    ).all()
    return CaseSnapshot(
        reference=row.reference,
        route=row.route,
        state=row.state,
        received_at=row.received_at,
        received_on=row.received_on,
        referral_id=row.referral_id,
        form_id=referral.form_id,
        form_version=referral.form_version,
        answers=referral.answers,
        deadlines=tuple(
            DeadlineSnapshot(d.clock, d.starts_on, d.due_on, d.met_on is not None) for d in clocks
        ),
    )
