"""A message as ``notifier_message`` holds it, and the answers of a claim on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Outgoing:
    idempotency_key: str
    template: str
    case_reference: str | None
    recipient: str
    subject: str
    #: the message holds a credential (a resume, scoping or approval link): its text is
    #: never stored, so it cannot be resent from the console
    secret: bool = False
    #: the message a member of staff sent again
    resend_of: int | None = None


@dataclass(frozen=True)
class Kept:
    """What is stored so that staff can send the same message again."""

    text: str
    html: str
    reply_to: str | None


@dataclass(frozen=True)
class MessageRecord:
    id: int
    idempotency_key: str
    template: str
    case_reference: str | None
    recipient: str
    subject: str
    status: str
    backend: str | None
    backend_id: str | None
    reference: str | None
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    dispatched_at: datetime | None
    lease_owner: str | None
    lease_expires_at: datetime | None
    kept: Kept | None


class ClaimOutcome(StrEnum):
    CLAIMED = "claimed"
    #: another worker holds an unexpired lease
    BUSY = "busy"
    #: sent, delivered, refused for good or not known: nothing more under this key
    SETTLED = "settled"


@dataclass(frozen=True)
class Claim:
    outcome: ClaimOutcome
    record: MessageRecord | None = None

    @property
    def handed_over_before(self) -> bool:
        """An earlier attempt may have reached the back-end: ask it before sending."""
        return self.record is not None and self.record.dispatched_at is not None


def as_record(row: Any) -> MessageRecord:
    kept = (
        Kept(row.body_text, row.body_html or "", row.reply_to)
        if row.body_text is not None
        else None
    )
    return MessageRecord(
        id=row.id,
        idempotency_key=row.idempotency_key,
        template=row.template,
        case_reference=row.case_reference,
        recipient=row.recipient,
        subject=row.subject,
        status=row.status,
        backend=row.backend,
        backend_id=row.backend_id,
        reference=row.reference,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
        dispatched_at=row.dispatched_at,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        kept=kept,
    )
