"""What other services may read of the scheduler's data: one case, read-only.

Documents (to fill templates) and the notifier (to word alerts) read cases through this
module only; they never write scheduler tables or import anything else from the scheduler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

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
    child_name: str
    child_date_of_birth: date | None
    referrer_name: str
    referrer_agency: str
    referrer_email: str
    details: dict[str, Any]
    deadlines: tuple[DeadlineSnapshot, ...] = field(default=())

    @property
    def next_deadline(self) -> DeadlineSnapshot | None:
        open_ = [d for d in self.deadlines if not d.met]
        return min(open_, key=lambda d: d.due_on) if open_ else None


def fetch_case(conn: Connection, reference: str) -> CaseSnapshot | None:
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    if row is None:
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
        child_name=row.child_name,
        child_date_of_birth=row.child_date_of_birth,
        referrer_name=row.referrer_name,
        referrer_agency=row.referrer_agency,
        referrer_email=row.referrer_email,
        details=dict(row.details),
        deadlines=tuple(
            DeadlineSnapshot(d.clock, d.starts_on, d.due_on, d.met_at is not None) for d in clocks
        ),
    )
