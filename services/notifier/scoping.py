"""The scoping request: an agency's representative is asked, once, to return the Initial
Scoping and Information Sharing form for a Rapid Review.

The email carries the case reference, the agency's name, the deadline, the agency's link
and its expiry, and the letter (App. ii) as a PDF attachment: nothing about the child or
family, since email is not a secure channel and a mistyped address must show nothing. The
letter is the documents service's file, attached only when its bytes match the checksum
recorded when it was made.

Whoever holds the link can open the agency's form, so the token is never logged or stored
here: it lives in the job's arguments and the email only. A request is sent only while its
link still opens the form: not once it was revoked, replaced by a newer link, the agency
was taken off the case, or it expired. Those runs return quietly, since a retry could not
change the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.agencies import AgencySettings, ScopingAddressee, ScopingRequestReader
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, render, send_once, settled_result
from services.notifier.documents_client import Documents, pdf_attachment
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.statuses import SETTLED
from shared.govuk_dates import long_date, weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "scoping_request"


class RequestNotFound(LookupError):
    """The agency's link is not (yet) readable: raised so the job is retried."""


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good, or lost it mid-hand-over (``delivery.Result``)
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    REVOKED = "link revoked"
    REPLACED = "replaced by a newer link"
    REMOVED = "agency taken off the case"
    EXPIRED = "expired"
    NO_ADDRESS = "no email address for the agency"


def scoping_url(intake_url: str, token: str) -> str:
    return f"{intake_url.rstrip('/')}/scoping/{token}"


def idempotency_key(case_agency_id: int, serial: int) -> str:
    return f"scoping-request:{case_agency_id}:{serial}"


def why_not_send(request: ScopingAddressee, now: datetime) -> Outcome | None:
    """The reason the request must not be sent, or None while its link opens the form."""
    if request.usable(now):
        return None if request.email.strip() else Outcome.NO_ADDRESS
    # removing an agency, and issuing a newer link, both revoke: say the first cause
    if request.removed:
        return Outcome.REMOVED
    if request.replaced:
        return Outcome.REPLACED
    if request.revoked:
        return Outcome.REVOKED
    return Outcome.EXPIRED


def subject(request: ScopingAddressee) -> str:
    return (
        f"Rapid Review: initial scoping request ({request.case_reference}), "
        f"reply by {long_date(request.due_on)}"
    )


def compose(request: ScopingAddressee, *, token: str, settings: AgencySettings) -> Content:
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": request.case_reference,
        "representative": " ".join(request.representative.split()) or "colleague",
        "agency": request.agency_name,
        "due": weekday_date(request.due_on),
        "link": scoping_url(settings.intake_url, token),
        "until": wording.until(request.expires_at),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(request), context)


def send_scoping_request(
    case_agency_id: int,
    serial: int,
    token: str,
    document_id: int,
    *,
    requests: ScopingRequestReader,
    documents: Documents,
    messages: MessageRepository,
    mailer: Mailer,
    settings: AgencySettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Email link ``serial`` and letter ``document_id`` to the agency once, while the link
    opens the form. Raises when the link is not readable yet, the letter cannot be fetched
    or does not match its checksum, or the relay refused, so RQ retries."""
    request = requests.fetch(case_agency_id, serial)
    if request is None:
        raise RequestNotFound(f"scoping link {serial} of case agency {case_agency_id} not found")
    reason = why_not_send(request, clock())
    if reason is not None:
        return _not_sent(case_agency_id, serial, reason)
    key = idempotency_key(case_agency_id, serial)
    done = messages.get(key)
    if done is not None and done.status in SETTLED:
        # before fetching the letter: a retry after the send must not depend on documents
        outcome = Outcome(settled_result(done.status).value)
        return _sent(case_agency_id, serial, request.case_reference, outcome)
    letter = pdf_attachment(documents.fetch(document_id))
    content = compose(request, token=token, settings=settings)
    try:
        result = send_once(
            Outgoing(
                key, TEMPLATE, request.case_reference, request.email, content.subject, secret=True
            ),
            content,
            messages=messages,
            mailer=mailer,
            mail_from=settings.mail_from,
            clock=clock,
            # a reply, quoting the reference, reaches the partnership rather than a robot
            reply_to=settings.contact_email,
            attachments=(letter,),
        )
    except Exception as exc:
        log.warning(
            "scoping request %s for case agency %s failed: %s",
            serial,
            case_agency_id,
            type(exc).__name__,
        )
        raise
    outcome = Outcome(result.value)
    return _sent(case_agency_id, serial, request.case_reference, outcome)


def _sent(case_agency_id: int, serial: int, reference: str, outcome: Outcome) -> Outcome:
    log.info(
        "scoping request %s for case agency %s on %s %s", serial, case_agency_id, reference, outcome
    )
    return outcome


def _not_sent(case_agency_id: int, serial: int, reason: Outcome) -> Outcome:
    log.info("scoping request %s for case agency %s not sent: %s", serial, case_agency_id, reason)
    return reason
