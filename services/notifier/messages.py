"""The record of every message: the "already sent" check that makes alert jobs idempotent.

A message is ``sending`` while the relay has it, ``sent`` once the relay accepted it and
``failed`` when it did not (a later run tries again). Only ``sent`` stops a resend: a run that
died between the relay's answer and ``mark_sent`` sends again, with the same Message-ID, so
mail clients can fold the duplicate. A duplicate alert is better than a lost one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.notifier.tables import message as message_table

SENDING, SENT, FAILED = "sending", "sent", "failed"


@dataclass(frozen=True)
class Outgoing:
    idempotency_key: str
    template: str
    case_reference: str | None
    recipient: str
    subject: str


@dataclass(frozen=True)
class MessageRecord:
    idempotency_key: str
    recipient: str
    status: str
    smtp_message_id: str | None
    sent_at: datetime | None


class MessageRepository(Protocol):
    def claim(self, outgoing: Outgoing, now: datetime) -> bool:
        """Record ``outgoing`` as ``sending``; False when it was already sent."""
        ...

    def mark_sent(self, idempotency_key: str, smtp_message_id: str, sent_at: datetime) -> None: ...

    def mark_failed(self, idempotency_key: str) -> None: ...

    def get(self, idempotency_key: str) -> MessageRecord | None: ...


class SqlMessageRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, outgoing: Outgoing, now: datetime) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(message_table).values(
                        idempotency_key=outgoing.idempotency_key,
                        template=outgoing.template,
                        case_reference=outgoing.case_reference,
                        recipient=outgoing.recipient,
                        subject=outgoing.subject,
                        status=SENDING,
                        created_at=now,
                    )
                )
            return True
        except IntegrityError:
            pass  # a row exists: take it over unless it was sent (the unique key decides)
        with self.engine.begin() as conn:
            result = conn.execute(
                update(message_table)
                .where(message_table.c.idempotency_key == outgoing.idempotency_key)
                .where(message_table.c.status != SENT)
                .values(status=SENDING, subject=outgoing.subject)
            )
            return result.rowcount == 1

    def mark_sent(self, idempotency_key: str, smtp_message_id: str, sent_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(message_table)
                .where(message_table.c.idempotency_key == idempotency_key)
                .values(status=SENT, smtp_message_id=smtp_message_id, sent_at=sent_at)
            )

    def mark_failed(self, idempotency_key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(message_table)
                .where(message_table.c.idempotency_key == idempotency_key)
                .where(message_table.c.status != SENT)
                .values(status=FAILED)
            )

    def get(self, idempotency_key: str) -> MessageRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(message_table).where(message_table.c.idempotency_key == idempotency_key)
            ).first()
        if row is None:
            return None
        return MessageRecord(
            row.idempotency_key, row.recipient, row.status, row.smtp_message_id, row.sent_at
        )
