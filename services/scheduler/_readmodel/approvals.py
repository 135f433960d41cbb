"""A lead representative's emailed approval link: for its email, and for the page behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.domain.approval_steps import APPROVAL_CLOCK
from services.scheduler.tables import approval_link, case, deadline, staff_user


@dataclass(frozen=True)
class ApprovalRequest:
    """A lead representative's emailed link to approve (or disagree with) a final report."""

    link_id: int
    case_reference: str
    report_version: int
    partner: str
    staff_name: str
    staff_email: str
    expires_at: datetime
    revoked: bool
    used: bool
    #: the day the lead representatives' decision is due (the case's approval clock)
    decide_by: date | None = None

    def usable(self, now: datetime) -> bool:
        return not (self.revoked or self.used) and now < self.expires_at


def _approval_request(conn: Connection, row: Any) -> ApprovalRequest | None:
    found = conn.execute(
        select(case.c.reference, staff_user.c.name, staff_user.c.email)
        .select_from(case.join(staff_user, staff_user.c.id == row.staff_id))
        .where(case.c.id == row.case_id)
    ).first()
    if found is None:
        return None
    due = conn.execute(
        select(deadline.c.due_on).where(
            deadline.c.case_id == row.case_id, deadline.c.clock == APPROVAL_CLOCK
        )
    ).scalar()
    return ApprovalRequest(
        link_id=row.id,
        case_reference=found.reference,
        report_version=row.report_version,
        partner=row.partner,
        staff_name=found.name,
        staff_email=found.email,
        expires_at=row.expires_at,
        revoked=row.revoked_at is not None,
        used=row.used_at is not None,
        decide_by=due,
    )


def fetch_approval_request(conn: Connection, link_id: int) -> ApprovalRequest | None:
    row = conn.execute(select(approval_link).where(approval_link.c.id == link_id)).first()
    return _approval_request(conn, row) if row is not None else None


def fetch_approval_link(conn: Connection, token_hash: str) -> ApprovalRequest | None:
    row = conn.execute(
        select(approval_link).where(approval_link.c.token_hash == token_hash)
    ).first()
    return _approval_request(conn, row) if row is not None else None
