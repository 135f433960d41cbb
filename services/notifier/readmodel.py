"""What other services may read of the notifier's data: the messages sent about a case.

The scheduler's case page, its JSON API and the ops dashboard read ``notifier_message``
through this module only (never the table module, never writing). It gives each message's
template, recipient, subject, status in words and its times; never a message's text. The
console's wording page reads every email's wording, filled in with made-up example values,
through ``email_wording`` (``catalogue.py``).
Statuses and template names are declared once in ``services.notifier.statuses``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from services.notifier.catalogue import Wording, every_wording
from services.notifier.statuses import (
    IN_FLIGHT,
    NEEDS_ATTENTION,
    TEMPLATES,
    Status,
    template_label,
    words,
)
from services.notifier.tables import message as message_table

__all__ = [
    "STATUSES",
    "TEMPLATES",
    "MessageView",
    "Wording",
    "count_resends",
    "email_wording",
    "fetch_case_messages",
    "fetch_message",
    "fetch_needing_attention",
]

#: every status a message may have, as stored (for the API's schema)
STATUSES = tuple(s.value for s in Status)

#: the columns read: everything but the kept text
_COLUMNS = (
    message_table.c.id,
    message_table.c.template,
    message_table.c.case_reference,
    message_table.c.recipient,
    message_table.c.subject,
    message_table.c.status,
    message_table.c.backend,
    message_table.c.attempts,
    message_table.c.last_error,
    message_table.c.created_at,
    message_table.c.status_at,
    message_table.c.sent_at,
    message_table.c.delivered_at,
    message_table.c.resend_of,
    (message_table.c.body_text.is_not(None)).label("kept"),
)


@dataclass(frozen=True)
class MessageView:
    id: int
    template: str
    template_label: str
    case_reference: str | None
    recipient: str
    subject: str
    status: str
    status_label: str
    status_tag_class: str
    status_meaning: str
    #: ``smtp`` or ``notify``; None before a back-end took it
    backend: str | None
    attempts: int
    #: why it failed, in words (no address, no text)
    last_error: str | None
    created_at: datetime
    status_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    resend_of: int | None
    #: its text was kept, so staff may send it again
    resendable: bool

    @property
    def in_flight(self) -> bool:
        return self.status in {s.value for s in IN_FLIGHT}

    @property
    def needs_attention(self) -> bool:
        return self.status in {s.value for s in NEEDS_ATTENTION}


def _view(row: Any) -> MessageView:
    said = words(row.status)
    return MessageView(
        id=row.id,
        template=row.template,
        template_label=template_label(row.template),
        case_reference=row.case_reference,
        recipient=row.recipient,
        subject=row.subject,
        status=row.status,
        status_label=said.label,
        status_tag_class=said.tag_class,
        status_meaning=said.meaning,
        backend=row.backend,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        status_at=row.status_at,
        sent_at=row.sent_at,
        delivered_at=row.delivered_at,
        resend_of=row.resend_of,
        resendable=bool(row.kept),
    )


def fetch_case_messages(conn: Connection, reference: str) -> list[MessageView]:
    """Every message about case ``reference``, oldest first."""
    rows = conn.execute(
        select(*_COLUMNS)
        .where(message_table.c.case_reference == reference)
        .order_by(message_table.c.created_at, message_table.c.id)
    ).all()
    return [_view(r) for r in rows]


def fetch_message(conn: Connection, message_id: int) -> MessageView | None:
    row = conn.execute(select(*_COLUMNS).where(message_table.c.id == message_id)).first()
    return _view(row) if row is not None else None


def count_resends(conn: Connection, message_id: int) -> int:
    """How many times staff sent message ``message_id`` again."""
    return int(
        conn.execute(
            select(func.count()).where(message_table.c.resend_of == message_id)
        ).scalar_one()
    )


def fetch_needing_attention(conn: Connection, limit: int = 50) -> list[MessageView]:
    """Case messages refused for good or not known to have arrived, newest first, unless a
    later resend of the same message was sent or delivered."""
    resent = message_table.alias("resent")
    answered = (
        select(resent.c.id)
        .where(
            resent.c.resend_of == message_table.c.id,
            resent.c.status.in_((Status.SENT.value, Status.DELIVERED.value)),
        )
        .exists()
    )
    rows = conn.execute(
        select(*_COLUMNS)
        .where(
            message_table.c.status.in_([s.value for s in NEEDS_ATTENTION]),
            message_table.c.case_reference.is_not(None),
            ~answered,
        )
        .order_by(message_table.c.status_at.desc(), message_table.c.id.desc())
        .limit(limit)
    ).all()
    return [_view(r) for r in rows]


def email_wording() -> list[Wording]:
    """Every email the notifier sends: when, to whom, and its text with example values."""
    return every_wording()
