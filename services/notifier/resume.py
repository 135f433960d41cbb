"""The resume link: a referrer saved a form to come back later, and gets the link by email.

The email carries the single-use link, the form's name and when the link stops working:
nothing the referrer typed, so a mistyped or shared address shows nothing about a child.
Whoever holds the link can open the saved form until it is used or expires, so the token is
never logged (only the draft id and the link's serial are) and never stored here: it lives in
the job's arguments and the email only.

A link is sent only while it is still the one to use: not when the draft was deleted or
submitted meanwhile, not when a newer save issued a newer link (``serial``), not once it has
expired. Those runs return quietly, since a retry could not change the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.referrers import ReferrerSettings, ResumeAddressee, ResumeContactReader
from shared.forms.registry import get_form

log = logging.getLogger(__name__)

TEMPLATE = "resume_link"


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good, or lost it mid-hand-over (``delivery.Result``)
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    DRAFT_GONE = "draft gone"
    SUBMITTED = "already submitted"
    REPLACED = "replaced by a newer link"
    EXPIRED = "expired"


def resume_url(intake_url: str, form_id: str, token: str) -> str:
    return f"{intake_url.rstrip('/')}/referrals/{form_id}/resume/{token}"


def idempotency_key(draft_id: int, serial: int) -> str:
    return f"resume-link:{draft_id}:{serial}"


def why_not_send(contact: ResumeAddressee, serial: int, now: datetime) -> Outcome | None:
    """The reason link ``serial`` must not be sent, or None when it is the one to use."""
    if contact.submitted:
        return Outcome.SUBMITTED
    if serial != contact.serial:
        return Outcome.REPLACED
    if contact.expires_at <= now:
        return Outcome.EXPIRED
    return None


def compose(
    *, form_id: str, token: str, expires_at: datetime, settings: ReferrerSettings
) -> Content:
    title = get_form(form_id).title
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "form_title": title,
        "link": resume_url(settings.intake_url, form_id, token),
        "until": wording.until(expires_at),
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, f"Continue your saved form: {title}", context)


def send_resume_link(
    draft_id: int,
    serial: int,
    token: str,
    *,
    contacts: ResumeContactReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReferrerSettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Email the link once per (draft, serial) while it is current. Raises only when the
    relay refused (the job is retried; the retry checks again that the link is current)."""
    contact = contacts.fetch(draft_id)
    if contact is None:
        return _not_sent(draft_id, serial, Outcome.DRAFT_GONE)
    reason = why_not_send(contact, serial, clock())
    if reason is not None:
        return _not_sent(draft_id, serial, reason)
    content = compose(
        form_id=contact.form_id, token=token, expires_at=contact.expires_at, settings=settings
    )
    key = idempotency_key(draft_id, serial)
    outgoing = Outgoing(key, TEMPLATE, None, contact.email, content.subject, secret=True)
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
        log.warning("resume link %s for draft %s failed: %s", serial, draft_id, type(exc).__name__)
        raise
    outcome = Outcome(result.value)
    log.info("resume link %s for draft %s %s", serial, draft_id, outcome)
    return outcome


def _not_sent(draft_id: int, serial: int, reason: Outcome) -> Outcome:
    log.info("resume link %s for draft %s not sent: %s", serial, draft_id, reason)
    return reason
