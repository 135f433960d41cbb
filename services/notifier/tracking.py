"""After the hand-over: what the back-end reports, and messages whose worker stopped.

- **Status reports.** GOV.UK Notify posts each message's outcome to ``/notify/callback``
  (``callbacks.py``) when ``NOTIFY_CALLBACK_TOKEN`` is set; ``check_messages`` (every five
  minutes) also asks Notify about every message it took and has not reported on: all of
  them when callbacks are off, those older than an hour when they are on (a lost callback).
  An SMTP relay reports nothing after accepting a message: those stay ``sent``.
- **Expired leases.** A worker that stopped while it held a message leaves ``sending`` with
  a lease that expires. If it stopped before the hand-over, nothing was sent: the message
  becomes a temporary failure (its job's retry sends it). If it stopped after, Notify is
  asked whether it has the message; an SMTP relay cannot be, so the message becomes
  ``unknown`` for staff to check, never a silent second copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.notifier.backends import DeliveryError, Mailer
from services.notifier.messages import MessageStore
from services.notifier.statuses import Status

log = logging.getLogger(__name__)

#: with callbacks on, a message Notify has said nothing about for this long is asked about
CALLBACK_GRACE = timedelta(hours=1)

STOPPED_BEFORE = "The worker stopped before sending it; its job's retry sends it."
STOPPED_AFTER = (
    "The worker stopped after handing it to the SMTP relay; whether it arrived cannot be known."
)


@dataclass(frozen=True)
class CheckReport:
    expired: int = 0
    polled: int = 0
    updated: int = 0


def settle_expired(messages: MessageStore, mailer: Mailer, now: datetime) -> tuple[int, int]:
    """Settle every message whose lease expired; (found, settled)."""
    found = messages.expired_leases(now)
    settled = 0
    for record in found:
        if record.dispatched_at is None:
            status, error = Status.TEMPORARY_FAILURE, STOPPED_BEFORE
        elif not mailer.can_look_up:
            status, error = Status.UNKNOWN, STOPPED_AFTER
        else:
            try:
                earlier = mailer.find(record.reference or "")
            except DeliveryError as failed:
                log.warning("message %s: %s", record.id, failed.reason)
                continue
            if earlier.found:
                assert earlier.backend_id is not None
                settled += messages.report(
                    mailer.name,
                    earlier.backend_id,
                    earlier.status or Status.SENT,
                    now=now,
                    error=None,
                    reference=record.reference,
                )
                continue
            # Notify never got it: a retry of its job may send it
            status, error = Status.TEMPORARY_FAILURE, STOPPED_BEFORE
        settled += messages.mark_expired(record, status, error, now)
    return len(found), settled


def poll_statuses(
    messages: MessageStore, mailer: Mailer, now: datetime, callbacks_on: bool
) -> tuple[int, int]:
    """Ask the back-end about the messages it took and has not reported on; (asked, changed)."""
    if not mailer.can_look_up:
        return 0, 0
    before = now - CALLBACK_GRACE if callbacks_on else now
    waiting = messages.awaiting_report(mailer.name, before)
    changed = 0
    for record in waiting:
        assert record.backend_id is not None
        answer = mailer.status(record.backend_id)
        if answer is None or answer[0] is Status.SENT:
            continue
        status, meaning = answer
        changed += messages.report(mailer.name, record.backend_id, status, now=now, error=meaning)
    return len(waiting), changed


def check_messages(
    messages: MessageStore,
    mailer: Mailer,
    clock: Callable[[], datetime],
    *,
    callbacks_on: bool,
) -> CheckReport:
    expired, settled = settle_expired(messages, mailer, clock())
    polled, changed = poll_statuses(messages, mailer, clock(), callbacks_on)
    report = CheckReport(expired, polled, settled + changed)
    log.info(
        "messages checked: %s expired lease(s), %s polled, %s updated",
        report.expired,
        report.polled,
        report.updated,
    )
    return report
