"""A case's messages as staff see them, and sending one again.

The messages are the notifier's: they are read through ``services.notifier.readmodel`` only,
and a resend is the notifier's ``resend_message`` job (the scheduler never writes
``notifier_message``). The job's ``serial`` is the number of resends the message has plus
one, so a double click or two people at once make one resend (one job id, one idempotency
key), and each resend is audited as ``message.resent``.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.notifier.readmodel import (
    MessageView,
    count_resends,
    fetch_case_messages,
    fetch_message,
    fetch_needing_attention,
)
from services.scheduler.bootstrap import Container
from services.scheduler.casework import audit_event
from services.scheduler.store.cases import case_by_reference

RESEND_MESSAGE = "services.notifier.jobs.resend_message"

NOT_KEPT = (
    "This message holds a personal link, which is never stored, so it cannot be sent again "
    "as it was. Send a new link from its own step instead."
)
IN_FLIGHT = "This message is being sent now. Wait for its status before sending it again."


class MessageNotFound(LookupError):
    """The case has no such message."""


class ResendRefused(RuntimeError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Resend:
    message_id: int
    serial: int


def case_exists(c: Container, reference: str) -> bool:
    with c.engine.connect() as conn:
        return case_by_reference(conn, reference) is not None


def case_messages(c: Container, reference: str) -> list[MessageView]:
    with c.engine.connect() as conn:
        return fetch_case_messages(conn, reference)


def needing_attention(c: Container) -> list[MessageView]:
    """Messages refused for good or not known to have arrived (the ops dashboard)."""
    with c.engine.connect() as conn:
        return fetch_needing_attention(conn)


def refusal(message: MessageView) -> str | None:
    """Why this message cannot be resent now, in the console's words; None when it can."""
    if not message.resendable:
        return NOT_KEPT
    if message.in_flight:
        return IN_FLIGHT
    return None


def resend(
    c: Container,
    reference: str,
    message_id: int,
    *,
    actor_id: int | None,
    actor_email: str | None,
    remote_addr: str | None,
) -> Resend:
    """Ask the notifier to send message ``message_id`` of case ``reference`` again."""
    with c.engine.connect() as conn:
        message = fetch_message(conn, message_id)
        if message is None or message.case_reference != reference:
            raise MessageNotFound(f"case {reference} has no message {message_id}")
        serial = count_resends(conn, message_id) + 1
    reason = refusal(message)
    if reason is not None:
        raise ResendRefused(reason)
    c.queue.enqueue(RESEND_MESSAGE, message_id=message_id, serial=serial)
    audit_event(
        c,
        "message.resent",
        actor_id=actor_id,
        actor_email=actor_email,
        case_reference=reference,
        detail=f"message_id={message_id}; serial={serial}; template={message.template}",
        remote_addr=remote_addr,
    )
    return Resend(message_id, serial)
