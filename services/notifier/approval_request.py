"""The approval request: a lead representative is asked, once, to approve the Rapid Review's
recommendation, or say why they disagree, through a link of their own.

The email carries the case reference, the partner the person speaks for, the link and its
expiry: nothing about the child or family, nor the report itself, which is read in the
console. Whoever holds the link can decide for the partner, so the token is never logged or
stored here: it lives in the job's arguments and the email only. A request is sent only
while its link works: not once it was withdrawn, used or it expired. Those runs return
quietly, since a retry could not change the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.alerts import case_link
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.rapid_review import ApprovalAddressee, ApprovalRequestReader, ReviewSettings
from shared.govuk_dates import weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "approval_request"


class ApprovalNotFound(LookupError):
    """The approval link is not (yet) readable: raised so the job is retried."""


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good, or lost it mid-hand-over (``delivery.Result``)
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    REVOKED = "link withdrawn"
    USED = "link already used"
    EXPIRED = "expired"
    NO_ADDRESS = "no email address for the lead representative"


def approval_url(console_url: str, token: str) -> str:
    return f"{console_url.rstrip('/')}/approvals/{token}"


def idempotency_key(link_id: int) -> str:
    return f"approval-request:{link_id}"


def why_not_send(request: ApprovalAddressee, now: datetime) -> Outcome | None:
    """The reason the request must not be sent, or None while its link works."""
    if request.usable(now):
        return None if request.staff_email.strip() else Outcome.NO_ADDRESS
    if request.revoked:
        return Outcome.REVOKED
    if request.used:
        return Outcome.USED
    return Outcome.EXPIRED


def subject(request: ApprovalAddressee) -> str:
    return f"Rapid Review {request.case_reference}: please approve the recommendation"


def compose(request: ApprovalAddressee, *, token: str, settings: ReviewSettings) -> Content:
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": request.case_reference,
        "name": wording.greeting_name(request.staff_name),
        "partner": wording.partner_label(request.partner),
        "version": request.report_version,
        # the case's approval clock, as the scheduler set it (its rules may be local)
        "decide_by": weekday_date(request.decide_by) if request.decide_by else "",
        "link": approval_url(settings.console_url, token),
        "until": wording.until(request.expires_at),
        "case_link": case_link(settings.console_url, request.case_reference),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(request), context)


def send_approval_request(
    link_id: int,
    token: str,
    *,
    requests: ApprovalRequestReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReviewSettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Email approval link ``link_id`` to its lead representative once, while it works.
    Raises when the link is not readable yet or the relay refused, so RQ retries."""
    request = requests.fetch(link_id)
    if request is None:
        raise ApprovalNotFound(f"approval link {link_id} not found")
    reason = why_not_send(request, clock())
    if reason is not None:
        log.info("approval request %s not sent: %s", link_id, reason)
        return reason
    content = compose(request, token=token, settings=settings)
    key = idempotency_key(link_id)
    try:
        result = send_once(
            Outgoing(
                key,
                TEMPLATE,
                request.case_reference,
                request.staff_email,
                content.subject,
                secret=True,
            ),
            content,
            messages=messages,
            mailer=mailer,
            mail_from=settings.mail_from,
            clock=clock,
            # a reply, quoting the reference, reaches the partnership rather than a robot
            reply_to=settings.contact_email,
        )
    except Exception as exc:
        log.warning("approval request %s failed: %s", link_id, type(exc).__name__)
        raise
    outcome = Outcome(result.value)
    log.info(
        "approval request %s on %s to %s %s",
        link_id,
        request.case_reference,
        request.partner,
        outcome,
    )
    return outcome
