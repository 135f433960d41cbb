"""What a back-end reports after the hand-over, and the sweep of expired leases, on
``notifier_message`` (``tracking.py`` uses them; ``messages.py`` the rest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Engine

from services.notifier.message_records import MessageRecord, as_record
from services.notifier.statuses import Status
from services.notifier.tables import message as message_table


class SqlMessageReports:
    engine: Engine

    def expired_leases(self, now: datetime, limit: int = 200) -> Sequence[MessageRecord]:
        t = message_table
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t)
                .where(t.c.status == Status.SENDING.value, t.c.lease_expires_at < now)
                .order_by(t.c.id)
                .limit(limit)
            ).all()
        return [as_record(r) for r in rows]

    def awaiting_report(
        self, backend: str, sent_before: datetime, limit: int = 200
    ) -> Sequence[MessageRecord]:
        """Messages the back-end accepted and has not reported on yet, oldest first."""
        t = message_table
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t)
                .where(
                    t.c.backend == backend,
                    t.c.status == Status.SENT.value,
                    t.c.backend_id.is_not(None),
                    t.c.sent_at <= sent_before,
                )
                .order_by(t.c.sent_at)
                .limit(limit)
            ).all()
        return [as_record(r) for r in rows]

    def report(
        self,
        backend: str,
        backend_id: str,
        status: Status,
        *,
        now: datetime,
        error: str | None,
        reference: str | None = None,
    ) -> bool:
        """The back-end's news of a message it took (a callback or a poll): True when a
        message was found. A message whose id was never recorded (its worker stopped before
        ``mark_sent``) is found by its ``reference`` and gets the id."""
        t = message_table
        values: dict[str, object] = {
            "status": status.value,
            "status_at": now,
            "backend": backend,
            "backend_id": backend_id,
            "last_error": error,
            "lease_owner": None,
            "lease_expires_at": None,
        }
        if status is Status.DELIVERED:
            values["delivered_at"] = now
        matches = t.c.backend_id == backend_id
        if reference:
            matches = or_(matches, and_(t.c.reference == reference, t.c.backend_id.is_(None)))
        with self.engine.begin() as conn:
            result = conn.execute(
                update(t).where(matches, t.c.status != Status.QUEUED.value).values(**values)
            )
        return result.rowcount > 0

    def mark_expired(
        self, record: MessageRecord, status: Status, error: str, now: datetime
    ) -> bool:
        """Settle a message whose lease expired (compare-and-set on that same lease)."""
        t = message_table
        values: dict[str, object] = {
            "status": status.value,
            "status_at": now,
            "last_error": error,
            "lease_owner": None,
            "lease_expires_at": None,
        }
        with self.engine.begin() as conn:
            result = conn.execute(
                update(t)
                .where(
                    t.c.id == record.id,
                    t.c.status == Status.SENDING.value,
                    t.c.lease_owner == record.lease_owner,
                    t.c.lease_expires_at < now,
                )
                .values(**values)
            )
        return result.rowcount == 1
