"""The audit trail: who looked at which case and downloaded which document, and sign-ins.

``detail`` holds ids and generated file names only, never what a referral says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from services.scheduler.tables import audit_event


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    action: str
    actor_id: int | None
    actor_email: str | None
    case_reference: str | None
    detail: str
    remote_addr: str | None


def record(conn: Connection, event: AuditEvent) -> None:
    conn.execute(
        insert(audit_event).values(
            at=event.at,
            action=event.action,
            actor_id=event.actor_id,
            actor_email=event.actor_email,
            case_reference=event.case_reference,
            detail=event.detail,
            remote_addr=(event.remote_addr or "")[:64] or None,
        )
    )


def recent(conn: Connection, limit: int = 100) -> list[AuditEvent]:
    rows = conn.execute(select(audit_event).order_by(audit_event.c.id.desc()).limit(limit))
    return [
        AuditEvent(
            r.at, r.action, r.actor_id, r.actor_email, r.case_reference, r.detail, r.remote_addr
        )
        for r in rows
    ]
