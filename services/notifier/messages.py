"""The record of every message, and the lease that lets exactly one worker send it.

``record`` writes the message as ``queued`` before anything is sent (once per idempotency
key: the unique key decides). ``claim`` is a compare-and-set in SQL: it moves the row to
``sending`` with this worker as ``lease_owner`` until ``lease_expires_at``, and only from a
status where nothing reached the back-end (``queued``, ``temporary_failure``) or from a
lease that has expired. A second worker, or the same job run twice, finds the lease held and
gets ``BUSY``; it sends nothing, and its job is retried later. ``mark_dispatched`` is a
compare-and-set on the lease too: a worker whose lease was taken over cannot start ``DATA``.

What the lease does not settle is what happened when a worker stopped after handing the
message over: the row says so (``dispatched_at`` set), and the next claimant asks the
back-end (``delivery.send_once``) instead of sending again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.notifier.message_records import (
    Claim,
    ClaimOutcome,
    Kept,
    MessageRecord,
    Outgoing,
    as_record,
)
from services.notifier.message_reports import SqlMessageReports
from services.notifier.statuses import CLAIMABLE, Status
from services.notifier.tables import message as message_table

__all__ = [
    "Claim",
    "ClaimOutcome",
    "Kept",
    "MessageRecord",
    "MessageRepository",
    "MessageStore",
    "Outgoing",
    "SqlMessageRepository",
]

#: the statuses a claim may start from, as stored
_CLAIMABLE = tuple(s.value for s in CLAIMABLE)


class MessageRepository(Protocol):
    def record(
        self, outgoing: Outgoing, *, reference: str, now: datetime, kept: Kept | None
    ) -> None:
        """Write ``outgoing`` as ``queued`` unless its key is recorded already."""
        ...

    def claim(self, key: str, owner: str, now: datetime, lease: timedelta) -> Claim: ...

    def mark_dispatched(self, key: str, owner: str, now: datetime) -> bool:
        """True while ``owner`` still holds the lease (then the hand-over is recorded)."""
        ...

    def mark_sent(
        self,
        key: str,
        *,
        backend: str,
        backend_id: str,
        now: datetime,
        status: Status = Status.SENT,
        error: str | None = None,
    ) -> None: ...

    def mark_failed(
        self,
        key: str,
        owner: str,
        *,
        status: Status,
        error: str,
        now: datetime,
        backend: str,
        handed_over: bool,
    ) -> None:
        """Record a failure (temporary, permanent or unknown) while ``owner`` holds the
        lease; ``handed_over`` False clears ``dispatched_at`` (the back-end said no)."""
        ...

    def get(self, key: str) -> MessageRecord | None: ...

    def by_id(self, message_id: int) -> MessageRecord | None: ...


class MessageStore(MessageRepository, Protocol):
    """The repository with what the status reports and the sweep need (``tracking.py``)."""

    def expired_leases(self, now: datetime, limit: int = 200) -> Sequence[MessageRecord]: ...

    def awaiting_report(
        self, backend: str, sent_before: datetime, limit: int = 200
    ) -> Sequence[MessageRecord]: ...

    def report(
        self,
        backend: str,
        backend_id: str,
        status: Status,
        *,
        now: datetime,
        error: str | None,
        reference: str | None = None,
    ) -> bool: ...

    def mark_expired(
        self, record: MessageRecord, status: Status, error: str, now: datetime
    ) -> bool: ...


class SqlMessageRepository(SqlMessageReports):
    """The messages in ``notifier_message``; the status reports and the sweep are
    ``SqlMessageReports``'s."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self, outgoing: Outgoing, *, reference: str, now: datetime, kept: Kept | None
    ) -> None:
        values = {
            "idempotency_key": outgoing.idempotency_key,
            "template": outgoing.template,
            "case_reference": outgoing.case_reference,
            "recipient": outgoing.recipient,
            "subject": outgoing.subject,
            "status": Status.QUEUED.value,
            "created_at": now,
            "status_at": now,
            "reference": reference,
            "resend_of": outgoing.resend_of,
        }
        if kept is not None and not outgoing.secret:
            values |= {"body_text": kept.text, "body_html": kept.html, "reply_to": kept.reply_to}
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(message_table).values(**values))
        except IntegrityError:
            pass  # recorded by an earlier run: the unique key keeps one row per message

    def claim(self, key: str, owner: str, now: datetime, lease: timedelta) -> Claim:
        t = message_table
        free = or_(
            t.c.status.in_(_CLAIMABLE),
            and_(t.c.status == Status.SENDING.value, t.c.lease_expires_at < now),
        )
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(t)
                .where(t.c.idempotency_key == key, free)
                .values(
                    status=Status.SENDING.value,
                    status_at=now,
                    lease_owner=owner,
                    lease_expires_at=now + lease,
                    attempts=t.c.attempts + 1,
                )
                .returning(*t.c)
            ).first()
            if taken is not None:
                return Claim(ClaimOutcome.CLAIMED, as_record(taken))
            row = conn.execute(select(t).where(t.c.idempotency_key == key)).first()
        if row is None:
            raise LookupError(f"message {key!r} was not recorded before its claim")
        busy = row.status == Status.SENDING.value
        return Claim(ClaimOutcome.BUSY if busy else ClaimOutcome.SETTLED, as_record(row))

    def mark_dispatched(self, key: str, owner: str, now: datetime) -> bool:
        t = message_table
        with self.engine.begin() as conn:
            result = conn.execute(
                update(t)
                .where(
                    t.c.idempotency_key == key,
                    t.c.lease_owner == owner,
                    t.c.status == Status.SENDING.value,
                    t.c.lease_expires_at > now,
                )
                .values(dispatched_at=now)
            )
        return result.rowcount == 1

    def mark_sent(
        self,
        key: str,
        *,
        backend: str,
        backend_id: str,
        now: datetime,
        status: Status = Status.SENT,
        error: str | None = None,
    ) -> None:
        # The back-end's word wins over whatever a worker wrote meanwhile (a takeover after
        # the lease expired may have marked it unknown): it did take the message.
        t = message_table
        values: dict[str, object] = {
            "status": status.value,
            "status_at": now,
            "backend": backend,
            "backend_id": backend_id,
            "sent_at": now,
            "lease_owner": None,
            "lease_expires_at": None,
            "last_error": error,
        }
        if status is Status.DELIVERED:
            values["delivered_at"] = now
        with self.engine.begin() as conn:
            conn.execute(
                update(t)
                .where(
                    t.c.idempotency_key == key,
                    t.c.status.in_(
                        (
                            Status.SENDING.value,
                            Status.UNKNOWN.value,
                            Status.TEMPORARY_FAILURE.value,
                            Status.QUEUED.value,
                        )
                    ),
                )
                .values(**values)
            )

    def mark_failed(
        self,
        key: str,
        owner: str,
        *,
        status: Status,
        error: str,
        now: datetime,
        backend: str,
        handed_over: bool,
    ) -> None:
        t = message_table
        values: dict[str, object] = {
            "status": status.value,
            "status_at": now,
            "backend": backend,
            "last_error": error[:500],
            "lease_owner": None,
            "lease_expires_at": None,
        }
        if not handed_over:
            values["dispatched_at"] = None
        with self.engine.begin() as conn:
            conn.execute(
                update(t)
                .where(t.c.idempotency_key == key, t.c.lease_owner == owner)
                .values(**values)
            )

    def get(self, key: str) -> MessageRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(message_table).where(message_table.c.idempotency_key == key)
            ).first()
        return as_record(row) if row is not None else None

    def by_id(self, message_id: int) -> MessageRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(message_table).where(message_table.c.id == message_id)
            ).first()
        return as_record(row) if row is not None else None
