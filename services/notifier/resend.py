"""A member of staff sends a message again: the same content, as a new message.

The console (scheduler) enqueues ``resend_message(message_id, serial)``; ``serial`` counts the
resends of that message, so a double click, or two people at once, make one resend (one job
id, one idempotency key ``<original key>:resend:<serial>``). The new message is recorded and
sent through the same delivery core, with its own status.

Only what was kept can be resent: a message holding a personal link (a resume, scoping or
approval link) keeps no text, because the link's token is never stored; its own step sends a
new link instead. The console offers no resend for those.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from services.notifier.backends import Content, Mailer
from services.notifier.delivery import send_once
from services.notifier.messages import MessageRecord, MessageRepository, Outgoing

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    NO_SUCH_MESSAGE = "no such message"
    NOT_KEPT = "its text was not kept (it holds a personal link, or a file)"


def resend_key(original_key: str, serial: int) -> str:
    return f"{original_key}:resend:{serial}"


def resendable(record: MessageRecord) -> bool:
    return record.kept is not None


def resend_message(
    message_id: int,
    serial: int,
    *,
    messages: MessageRepository,
    mailer: Mailer,
    mail_from: str,
    clock: Callable[[], datetime],
) -> Outcome:
    """Send message ``message_id``'s kept content again, once per ``serial``. Raises as
    ``send_once`` does (a temporary failure, a message in flight) so RQ retries."""
    original = messages.by_id(message_id)
    if original is None:
        log.info("resend %s of message %s: %s", serial, message_id, Outcome.NO_SUCH_MESSAGE)
        return Outcome.NO_SUCH_MESSAGE
    if original.kept is None:
        log.info("resend %s of message %s: %s", serial, message_id, Outcome.NOT_KEPT)
        return Outcome.NOT_KEPT
    kept = original.kept
    outgoing = Outgoing(
        resend_key(original.idempotency_key, serial),
        original.template,
        original.case_reference,
        original.recipient,
        original.subject,
        resend_of=original.id,
    )
    result = send_once(
        outgoing,
        Content(original.subject, kept.text, kept.html),
        messages=messages,
        mailer=mailer,
        mail_from=mail_from,
        clock=clock,
        reply_to=kept.reply_to,
    )
    log.info("resend %s of message %s: %s", serial, message_id, result)
    return Outcome(result.value)
