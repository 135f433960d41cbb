"""What every notifier email shares: its templates, and being sent at most once.

Each email is a pair of templates in ``templates/`` (``NAME.txt`` and ``NAME.html``) rendered
with ``StrictUndefined``, so a missing value fails the job instead of sending a gap.

``send_once`` is the delivery core every job goes through:

1. the message is recorded (``queued``) before anything is sent;
2. a lease is claimed on it (``messages.py``): a second worker, or the job run twice while
   the first still sends, finds it ``BUSY`` and raises ``MessageInFlight`` (the job is
   retried later); a settled message (sent, delivered, refused for good, not known) is
   never sent again under its key;
3. if an earlier attempt may have reached the back-end (its lease expired after the
   hand-over), the back-end is asked first: GOV.UK Notify can say (by ``reference``), so a
   message it holds is recorded and not sent again; an SMTP relay cannot, so the message is
   marked ``unknown`` for staff to check, rather than risk a duplicate;
4. the back-end's answer is recorded: ``sent``, a ``permanent_failure`` (returned: retrying
   cannot help), or a ``temporary_failure`` (raised: RQ retries the job with back-off).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.notifier.backends import (
    Attachment,
    Content,
    DeliveryError,
    Email,
    LeaseLost,
    Mailer,
    OutcomeUnknown,
    PermanentFailure,
)
from services.notifier.messages import ClaimOutcome, Kept, MessageRepository, Outgoing
from services.notifier.statuses import Status

__all__ = ["Attachment", "Content", "MessageInFlight", "Result", "render", "send_once"]

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
#: how long a worker may hold a message before others may take it over: twice the notifier
#: jobs' 60 s timeout (tests/unit/notifier/test_delivery.py checks it against shared.queue)
LEASE = timedelta(seconds=120)

# Its own environment (not Flask's): jobs render outside any request. Autoescape applies to
# the HTML part only; the plain-text part must not contain HTML entities.
_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


class Result(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good (recorded, shown on the case page)
    REFUSED = "refused for good"
    #: handed over, then the connection was lost: recorded as unknown, not sent again
    UNKNOWN = "not known if sent"


class MessageInFlight(RuntimeError):
    """Another worker holds the message's lease: the job fails and is retried later."""


def render(template: str, subject: str, context: Mapping[str, Any]) -> Content:
    return Content(
        subject=subject,
        text=_env.get_template(f"{template}.txt").render(context),
        html=_env.get_template(f"{template}.html").render(context),
    )


def reference_for(key: str) -> str:
    """The key as back-ends see it: its SHA-256, since a key may hold an address."""
    return "cspr-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def settled_result(status: str) -> Result:
    """What a job reports for a message already settled under its key."""
    if status == Status.PERMANENT_FAILURE:
        return Result.REFUSED
    if status == Status.UNKNOWN:
        return Result.UNKNOWN
    return Result.ALREADY_SENT


def send_once(
    outgoing: Outgoing,
    content: Content,
    *,
    messages: MessageRepository,
    mailer: Mailer,
    mail_from: str,
    clock: Callable[[], datetime],
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> Result:
    """Send ``content`` to ``outgoing.recipient`` at most once per idempotency key.

    Raises ``MessageInFlight`` while another worker holds the message, and the back-end's
    ``TemporaryFailure`` (recorded) so the job is retried; returns what became of it
    otherwise.
    """
    key = outgoing.idempotency_key
    reference = reference_for(key)
    # a message with an attachment is not kept: the file is the documents service's
    kept = None if attachments else Kept(content.text, content.html, reply_to)
    messages.record(outgoing, reference=reference, now=clock(), kept=kept)
    owner = uuid.uuid4().hex
    claim = messages.claim(key, owner, clock(), LEASE)
    if claim.outcome is ClaimOutcome.BUSY:
        raise MessageInFlight(f"message {reference} is being sent by another worker")
    if claim.outcome is ClaimOutcome.SETTLED:
        assert claim.record is not None
        return settled_result(claim.record.status)
    if claim.handed_over_before:
        earlier = mailer.find(reference)
        if not earlier.can_tell:
            messages.mark_failed(
                key,
                owner,
                status=Status.UNKNOWN,
                error="An earlier attempt stopped after handing the message to the relay; "
                "whether it arrived cannot be known.",
                now=clock(),
                backend=mailer.name,
                handed_over=True,
            )
            return Result.UNKNOWN
        if earlier.found:
            assert earlier.backend_id is not None
            messages.mark_sent(
                key,
                backend=mailer.name,
                backend_id=earlier.backend_id,
                now=clock(),
                status=earlier.status or Status.SENT,
            )
            return Result.ALREADY_SENT
    email = Email(
        reference=reference,
        to=outgoing.recipient,
        mail_from=mail_from,
        content=content,
        date=clock(),
        reply_to=reply_to,
        attachments=tuple(attachments),
    )
    handed_over = False

    def dispatching() -> None:
        nonlocal handed_over
        if not messages.mark_dispatched(key, owner, clock()):
            raise LeaseLost(f"message {reference}: the lease was taken over before sending")
        handed_over = True

    try:
        backend_id = mailer.send(email, dispatching)
    except LeaseLost:
        raise
    except PermanentFailure as refused:
        _failed(messages, key, owner, Status.PERMANENT_FAILURE, refused.reason, clock, mailer)
        return Result.REFUSED
    except OutcomeUnknown as lost:
        if mailer.can_look_up:
            # Notify can be asked later: keep "handed over" so the retry asks before sending
            _failed(
                messages, key, owner, Status.TEMPORARY_FAILURE, lost.reason, clock, mailer, True
            )
            raise
        _failed(messages, key, owner, Status.UNKNOWN, lost.reason, clock, mailer, True)
        return Result.UNKNOWN
    except Exception as exc:
        reason = exc.reason if isinstance(exc, DeliveryError) else type(exc).__name__
        if handed_over and not isinstance(exc, DeliveryError):
            # an error of ours after the hand-over: the relay may hold the message
            status = Status.TEMPORARY_FAILURE if mailer.can_look_up else Status.UNKNOWN
            _failed(messages, key, owner, status, reason, clock, mailer, True)
            if status is Status.UNKNOWN:
                return Result.UNKNOWN
            raise
        _failed(messages, key, owner, Status.TEMPORARY_FAILURE, reason, clock, mailer)
        raise
    messages.mark_sent(key, backend=mailer.name, backend_id=backend_id, now=clock())
    return Result.SENT


def _failed(
    messages: MessageRepository,
    key: str,
    owner: str,
    status: Status,
    reason: str,
    clock: Callable[[], datetime],
    mailer: Mailer,
    handed_over: bool = False,
) -> None:
    messages.mark_failed(
        key,
        owner,
        status=status,
        error=reason,
        now=clock(),
        backend=mailer.name,
        handed_over=handed_over,
    )
