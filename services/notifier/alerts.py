"""The new-referral alert: what it says, and sending it once to each recipient.

Email is not a secure channel: messages cross relays we do not control, sit in mailboxes that
are forwarded, shared and synced to phones, and cannot be recalled. Everything about a child
is special-category personal data (UK GDPR, Data Protection Act 2018, Caldicott principles),
so an alert carries only the case reference, the route, the date received and the deadlines
— enough to act on — and sends staff to the case management console, where access is
controlled and audited, for the referral itself. Nothing here can reach the child's name,
date of birth or the outline: ``AlertCase`` does not have them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notifier import wording
from services.notifier.backends import Mailer
from services.notifier.cases import AlertCase, CaseReader
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from shared.govuk_dates import long_date, weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "new_referral_alert"


class CaseNotFound(LookupError):
    """The case is not (yet) readable: raised so the job is retried."""


class AlertNotSent(RuntimeError):
    """The relay did not take the alert for some recipient: the job fails and is retried."""


@dataclass(frozen=True)
class Recipient:
    #: who this is, for logs (never the address)
    role: str
    address: str


@dataclass(frozen=True)
class AlertSettings:
    partnership_name: str
    console_url: str
    mail_from: str
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class SendReport:
    sent: tuple[str, ...]
    skipped: tuple[str, ...]


def case_link(console_url: str, reference: str) -> str:
    return f"{console_url.rstrip('/')}/cases/{reference}"


def compose(case: AlertCase, settings: AlertSettings) -> Content:
    open_deadlines = sorted((d for d in case.deadlines if not d.met), key=lambda d: d.due_on)
    decision = next((d for d in open_deadlines if d.clock == wording.DECISION_CLOCK), None)
    route = wording.route_label(case.route)
    subject = f"New {route.lower()} referral {case.reference}"
    if decision is not None:
        subject += f" \N{EN DASH} decision due {long_date(decision.due_on)}"
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": case.reference,
        "route": route,
        "received": weekday_date(case.received_on),
        "deadlines": [
            {"label": wording.clock_label(d.clock), "due": weekday_date(d.due_on)}
            for d in open_deadlines
        ],
        "link": case_link(settings.console_url, case.reference),
    }
    return render(TEMPLATE, subject, context)


def idempotency_key(reference: str, recipient: str) -> str:
    return f"new-referral-alert:{reference}:{recipient}"


def send_new_referral_alert(
    reference: str,
    *,
    cases: CaseReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: AlertSettings,
    clock: Callable[[], datetime],
) -> SendReport:
    """Email each recipient once. Raises when the case is missing or any send failed, after
    trying every recipient, so a retry sends only what is still unsent."""
    case = cases.fetch(reference)
    if case is None:
        raise CaseNotFound(f"case {reference} not found")
    content = compose(case, settings)
    sent: list[str] = []
    skipped: list[str] = []
    failures: list[tuple[str, Exception]] = []
    for recipient in _unique(settings.recipients):
        key = idempotency_key(reference, recipient.address)
        outgoing = Outgoing(key, TEMPLATE, reference, recipient.address, content.subject)
        try:
            result = send_once(
                outgoing,
                content,
                messages=messages,
                mailer=mailer,
                mail_from=settings.mail_from,
                clock=clock,
            )
        except Exception as exc:
            log.warning(
                "new-referral alert for %s to %s failed: %s",
                reference,
                recipient.role,
                type(exc).__name__,
            )
            failures.append((recipient.role, exc))
            continue
        if result is not Result.SENT:
            log.info("new-referral alert for %s to %s: %s", reference, recipient.role, result)
            skipped.append(recipient.role)
            continue
        sent.append(recipient.role)
        log.info("new-referral alert for %s sent to %s", reference, recipient.role)
    if failures:
        roles = ", ".join(role for role, _ in failures)
        raise AlertNotSent(f"alert for {reference} not sent to {roles}") from failures[0][1]
    return SendReport(tuple(sent), tuple(skipped))


def _unique(recipients: Sequence[Recipient]) -> list[Recipient]:
    # One mailbox configured for two roles gets one message (the key is per address).
    seen: set[str] = set()
    unique = []
    for recipient in recipients:
        if recipient.address.lower() not in seen:
            seen.add(recipient.address.lower())
            unique.append(recipient)
    return unique
