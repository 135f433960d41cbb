"""The referral confirmation: the referrer is told, once, that the referral arrived.

It says what the referrer needs to follow the referral up: the reference, the form, the date
received, what happens next and whom to contact quoting the reference. The referral's
answers are read only to find the referrer's address; ``Receipt`` is what the email is made
from, and it holds no answer, so nothing about the child can reach the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.referrers import ReferralReader, ReferrerSettings, SubmittedReferral
from shared.forms.emails import looks_like_email
from shared.forms.registry import get_form
from shared.govuk_dates import weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "referral_confirmation"
#: the question both referral forms ask the referrer's address with
REFERRER_EMAIL = "referrer_email"

NEXT_STEPS = {
    "serious_incident": (
        "The chair of the Learning from Practice Group will decide, within 5 working days of "
        "receiving your referral, whether the criteria for a child safeguarding practice "
        "review are met."
    ),
    "practice_learning": (
        "Your referral will be considered at the next Learning from Practice Group meeting."
    ),
}
#: for a referral route added later and not worded here yet
NEXT_STEPS_OTHERWISE = "The partnership will consider your referral."


class ReferralNotFound(LookupError):
    """The referral is not (yet) readable: raised so the job is retried."""


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good, or lost it mid-hand-over (``delivery.Result``)
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    NO_ADDRESS = "no referrer email"


@dataclass(frozen=True)
class Receipt:
    reference: str
    kind: str
    form_title: str
    received_on: date


def receipt(referral: SubmittedReferral) -> Receipt:
    return Receipt(
        reference=referral.reference,
        kind=referral.kind,
        form_title=get_form(referral.form_id).title,
        received_on=wording.london_date(referral.received_at),
    )


def referrer_email(answers: Mapping[str, Any]) -> str | None:
    value = answers.get(REFERRER_EMAIL)
    if not isinstance(value, str) or not looks_like_email(value.strip()):
        return None
    return value.strip()


def idempotency_key(reference: str) -> str:
    return f"referral-confirmation:{reference}"


def compose(receipt: Receipt, settings: ReferrerSettings) -> Content:
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": receipt.reference,
        "form_title": receipt.form_title,
        "received": weekday_date(receipt.received_on),
        "next_steps": NEXT_STEPS.get(receipt.kind, NEXT_STEPS_OTHERWISE),
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, f"Referral received \N{EN DASH} {receipt.reference}", context)


def send_referral_confirmation(
    reference: str,
    *,
    referrals: ReferralReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReferrerSettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Email the referrer once. Raises when the referral is not readable yet or the relay
    refused, so the job is retried; sends nothing when no referrer address was given."""
    referral = referrals.fetch(reference)
    if referral is None:
        raise ReferralNotFound(f"referral {reference} not found")
    address = referrer_email(referral.answers)
    if address is None:
        log.info("referral confirmation for %s not sent: %s", reference, Outcome.NO_ADDRESS)
        return Outcome.NO_ADDRESS
    content = compose(receipt(referral), settings)
    key = idempotency_key(reference)
    try:
        result = send_once(
            Outgoing(key, TEMPLATE, reference, address, content.subject),
            content,
            messages=messages,
            mailer=mailer,
            mail_from=settings.mail_from,
            clock=clock,
            # a reply, quoting the reference, reaches the partnership rather than a robot
            reply_to=settings.contact_email,
        )
    except Exception as exc:
        log.warning("referral confirmation for %s failed: %s", reference, type(exc).__name__)
        raise
    outcome = Outcome(result.value)
    log.info("referral confirmation for %s %s", reference, outcome)
    return outcome
