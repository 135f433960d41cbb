"""The one port every email leaves through, whichever back-end configuration picks.

A back-end (``mail.SmtpMailer``, ``notify.NotifyMailer``) is handed an ``Email`` and must say
plainly what happened, because "sent at most once" depends on it:

- it returns the back-end's id for the message once the back-end accepted it;
- ``TemporaryFailure``: the back-end did not take it (connection refused, a 4xx reply, Notify
  429 or 403): safe to try again;
- ``PermanentFailure``: it never will (the relay refused the recipient with a 5xx, Notify
  answered 400): recorded and shown, not retried;
- ``OutcomeUnknown``: the connection failed after the message was handed over: it may or may
  not have been taken.

``dispatching()`` is called just before the point of no return (SMTP ``DATA``, Notify's
``POST``). It records the hand-over and may raise ``LeaseLost``, in which case the back-end
must stop without sending. ``find(reference)`` answers, after an interrupted send, whether
the back-end has the message; an SMTP relay cannot be asked (``Lookup.cannot_tell``).

Errors carry a reason in words for ``notifier_message.last_error``: never an address, never
the message's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.notifier.statuses import Status

SMTP, NOTIFY = "smtp", "notify"
BACKENDS = (SMTP, NOTIFY)


@dataclass(frozen=True)
class Content:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    #: ``maintype/subtype``, e.g. ``application/pdf``
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Email:
    #: the idempotency key's public form (``delivery.reference_for``): Message-ID, Notify's
    #: ``reference``
    reference: str
    to: str
    mail_from: str
    content: Content
    date: datetime
    reply_to: str | None = None
    attachments: tuple[Attachment, ...] = ()


class DeliveryError(Exception):
    """A back-end's answer other than "accepted"; ``reason`` is safe to store and show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TemporaryFailure(DeliveryError):
    """Not taken; try again later (RQ retries the job with back-off)."""


class PermanentFailure(DeliveryError):
    """Not taken and never will be: recorded, shown on the case page, not retried."""


class OutcomeUnknown(DeliveryError):
    """The connection failed after the hand-over: the back-end may have taken it."""


class LeaseLost(RuntimeError):
    """Another worker took the message over: stop before sending (the job is retried)."""


@dataclass(frozen=True)
class Lookup:
    """What a back-end knows of an earlier, interrupted send."""

    #: False when the back-end cannot be asked (SMTP)
    can_tell: bool
    backend_id: str | None = None
    status: Status | None = None

    @classmethod
    def cannot_tell(cls) -> Lookup:
        return cls(False)

    @classmethod
    def not_there(cls) -> Lookup:
        return cls(True)

    @property
    def found(self) -> bool:
        return self.backend_id is not None


class Mailer(Protocol):
    #: ``smtp`` or ``notify``: stored with each message
    name: str
    #: ``find`` can tell whether an interrupted send reached the back-end
    can_look_up: bool

    def send(self, email: Email, dispatching: Callable[[], None]) -> str:
        """Hand ``email`` over; return the back-end's id. Raise a ``DeliveryError`` (or let
        ``LeaseLost`` from ``dispatching`` through) otherwise."""
        ...

    def find(self, reference: str) -> Lookup:
        """Whether the back-end holds a message sent with ``reference``."""
        ...

    def status(self, backend_id: str) -> tuple[Status, str | None] | None:
        """The back-end's latest status and its meaning, or None when it reports none."""
        ...

    def check(self) -> None:
        """Readiness: raise when the back-end cannot be reached."""
        ...
