"""What a message's status means, and what each template is called: declared once, written by
the notifier and shown by the console and the API (through ``services.notifier.readmodel``).

Plain Python, no framework: the console, the API, the delivery core and the tests all read
these tables.

A message is recorded ``queued`` before anything is sent. ``sending`` means one worker holds
its lease. ``sent`` means the back-end (the SMTP relay, or GOV.UK Notify) accepted it;
``delivered``, ``permanent_failure`` and ``temporary_failure`` are what GOV.UK Notify reports
afterwards (an SMTP relay reports nothing more once it has accepted a message).
``temporary_failure`` is also ours: nothing reached the back-end and the job tries again.
``unknown`` is the honest answer when the connection was lost after the message was handed
over: it may or may not have arrived, so it is not sent again by itself (at most once), and
staff are asked to check and resend.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary_failure"
    PERMANENT_FAILURE = "permanent_failure"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Words:
    label: str
    #: GOV.UK tag modifier: the label says it in words, the colour only repeats it
    tag_class: str
    meaning: str


WORDS: dict[Status, Words] = {
    Status.QUEUED: Words(
        "Queued", "govuk-tag--grey", "Recorded; not handed to the email service yet."
    ),
    Status.SENDING: Words("Sending", "govuk-tag--blue", "Being handed to the email service now."),
    Status.SENT: Words("Sent", "govuk-tag--turquoise", "The email service accepted it."),
    Status.DELIVERED: Words(
        "Delivered", "govuk-tag--green", "The recipient's email provider accepted it."
    ),
    Status.TEMPORARY_FAILURE: Words(
        "Temporary failure",
        "govuk-tag--yellow",
        "Not delivered yet. The notifier tries again while its job has retries left; after "
        "that, resend it.",
    ),
    Status.PERMANENT_FAILURE: Words(
        "Permanent failure",
        "govuk-tag--red",
        "It cannot be delivered to this address and will not be tried again. Check the "
        "address, then resend it.",
    ),
    Status.UNKNOWN: Words(
        "Not known if sent",
        "govuk-tag--orange",
        "The connection to the email service was lost while the message was being handed "
        "over, so it may or may not have arrived. It is not sent again by itself: check with "
        "the recipient, then resend it if needed.",
    ),
}

#: a worker may take the message and send it: nothing of it reached the back-end, or the
#: back-end said it was not delivered and may be tried again
CLAIMABLE = frozenset({Status.QUEUED, Status.TEMPORARY_FAILURE})
#: a job that finds one of these sends nothing more under the same key
SETTLED = frozenset({Status.SENT, Status.DELIVERED, Status.PERMANENT_FAILURE, Status.UNKNOWN})
#: shown on the case page and the ops dashboard as needing someone to act
NEEDS_ATTENTION = frozenset({Status.PERMANENT_FAILURE, Status.UNKNOWN})
#: a resend now would race the send under way
IN_FLIGHT = frozenset({Status.QUEUED, Status.SENDING})


def words(status: str) -> Words:
    """The words for a stored status; an unknown value is still shown, never dropped."""
    try:
        return WORDS[Status(status)]
    except ValueError:
        return Words(status.replace("_", " ").capitalize(), "govuk-tag--grey", "")


#: every template the notifier sends (``templates/<name>.txt`` and ``.html``), in words
TEMPLATES: dict[str, str] = {
    "new_referral_alert": "New referral alert",
    "referral_confirmation": "Referral received (to the referrer)",
    "resume_link": "Saved form link (to the referrer)",
    "clock_alert": "Deadline alert",
    "scoping_request": "Scoping request (to an agency)",
    "approval_request": "Approval request (to a lead representative)",
    "disagreement_notice": "Recommendation not unanimous",
    "outcome_to_agencies": "Outcome (to an agency)",
    "panel_letter_ready": "Panel letter ready for signature (to the chair)",
    "overdue_digest": "Daily digest of overdue deadlines",
    "returns_in": "All scoping returns in",
    "meeting_invitation": "Rapid Review meeting invitation",
    "agency_reminder": "Scoping form reminder or overdue notice (to an agency)",
}


def template_label(template: str) -> str:
    return TEMPLATES.get(template, template.replace("_", " ").capitalize())
