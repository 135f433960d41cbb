"""A change to a case that is not a state action (an agency added, a participant recorded):
written to the timeline and the audit trail in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.store import audit
from services.scheduler.store import lifecycle as timeline
from services.scheduler.store.audit import AuditEvent


def note(
    conn: Connection,
    c: Container,
    row: Any,
    actor: Actor,
    action: str,
    summary: str,
    *,
    reason: str = "",
    ids: Mapping[str, int] | None = None,
    remote_addr: str | None = None,
) -> None:
    """``row`` is the case row (locked by the caller); ``ids`` name what changed (the audit
    trail gets them, never personal data)."""
    now = c.clock()
    timeline.add_event(
        conn,
        row.id,
        timeline.Event(
            at=now,
            on=london_date(now),
            action=action,
            from_state=row.state,
            to_state=row.state,
            summary=summary,
            reason=reason,
            details=dict(ids or {}),
        ),
        actor=actor,
        health_label=c.config["HEALTH_PARTNER_LABEL"],
    )
    audit.record(
        conn,
        AuditEvent(
            now,
            f"case.{action}",
            actor.id,
            actor.email or None,
            row.reference,
            "; ".join(f"{k}={v}" for k, v in (ids or {}).items()),
            remote_addr,
        ),
    )
