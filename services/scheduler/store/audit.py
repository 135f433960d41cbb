"""The audit trail: who looked at which case and downloaded which document, sign-ins,
refusals and changes; read back, newest first, by admins.

``detail`` holds ids and generated file names only, never what a referral says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
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
    #: set once stored
    id: int | None = None


@dataclass(frozen=True)
class AuditFilter:
    case_reference: str | None = None
    action: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.case_reference:
            found.append(audit_event.c.case_reference == self.case_reference)
        if self.action:
            found.append(audit_event.c.action == self.action)
        return found


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


def _event(r: Any) -> AuditEvent:
    return AuditEvent(
        r.at, r.action, r.actor_id, r.actor_email, r.case_reference, r.detail, r.remote_addr, r.id
    )


def recent(conn: Connection, limit: int = 100) -> list[AuditEvent]:
    return newest(conn, AuditFilter(), limit=limit)


def newest(
    conn: Connection,
    where: AuditFilter,
    *,
    limit: int,
    offset: int = 0,
    before_id: int | None = None,
) -> list[AuditEvent]:
    """Newest first; ``before_id`` pages through everything without an offset (exports)."""
    conditions = where.conditions()
    if before_id is not None:
        conditions.append(audit_event.c.id < before_id)
    query = select(audit_event).where(*conditions).order_by(audit_event.c.id.desc())
    return [_event(r) for r in conn.execute(query.limit(limit).offset(offset))]


def count(conn: Connection, where: AuditFilter) -> int:
    query = select(func.count()).select_from(audit_event).where(*where.conditions())
    return int(conn.execute(query).scalar_one())


def actions(conn: Connection) -> list[str]:
    return list(
        conn.execute(select(audit_event.c.action).distinct().order_by(audit_event.c.action))
        .scalars()
        .all()
    )
