"""Reminders to an agency that has not returned its scoping form: before and on the due
date, and overdue notices after it (the scheduler decides which is due, and when).

The link's token is stored only hashed, so a reminder cannot carry the link: it points to
the scoping request email of its date, and names whom to contact for a new link. Nothing
about the child or family, as in every email to agencies.

Right before sending, the agency's request is read again: a reminder is not sent once the
agency has returned its form (or said the family is not known to it), its link was
withdrawn or replaced, the agency was taken off the case, the link expired or the case was
closed. Once per (agency, link serial, reminder, day), under the message ledger's key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from services.notifier import wording
from services.notifier.agencies import AgencySettings
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.scheduler.readmodel import AgencyReminder, fetch_agency_reminder
from shared.govuk_dates import weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "agency_reminder"
#: the scheduler's reminder kinds (services.scheduler.domain.agency_reminders)
KINDS = ("before", "due", "overdue")


class ReminderNotFound(LookupError):
    """The agency's link is not (yet) readable: raised so the job is retried."""


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    RETURNED = "the agency has returned its form"
    LINK_UNUSABLE = "the link was withdrawn, replaced or has expired"
    CLOSED = "the case is closed"
    NO_ADDRESS = "no email address for the agency"


@dataclass(frozen=True)
class Reminder:
    case_agency_id: int
    serial: int
    #: before, due or overdue
    kind: str
    #: working days before (before) or after (overdue) the due date; 0 on the day
    days: int
    #: the day the scheduler found it due (ISO date)
    day: date

    @classmethod
    def parse(cls, case_agency_id: int, serial: int, kind: str, days: int, day: str) -> Reminder:
        if kind not in KINDS:
            raise ValueError(f"unknown reminder kind {kind!r}")
        return cls(int(case_agency_id), int(serial), kind, int(days), date.fromisoformat(day))

    @property
    def idempotency_key(self) -> str:
        return (
            f"agency-reminder:{self.case_agency_id}:{self.serial}:"
            f"{self.kind}-{self.days}:{self.day.isoformat()}"
        )


class AgencyReminderReader(Protocol):
    def fetch(self, case_agency_id: int, serial: int) -> AgencyReminder | None: ...


class SqlAgencyReminderReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, case_agency_id: int, serial: int) -> AgencyReminder | None:
        with self.engine.connect() as conn:
            return fetch_agency_reminder(conn, case_agency_id, serial)


def why_not_send(found: AgencyReminder, now: datetime) -> Outcome | None:
    if found.returned:
        return Outcome.RETURNED
    if found.case_closed:
        return Outcome.CLOSED
    if not found.request.usable(now):
        return Outcome.LINK_UNUSABLE
    if not found.request.email.strip():
        return Outcome.NO_ADDRESS
    return None


def subject(reminder: Reminder, found: AgencyReminder) -> str:
    reference, due = found.request.case_reference, weekday_date(found.request.due_on)
    if reminder.kind == "overdue":
        return f"Overdue: scoping form for Rapid Review {reference} was due on {due}"
    if reminder.kind == "due":
        return f"Reminder: scoping form for Rapid Review {reference} is due by 5pm today"
    return f"Reminder: scoping form for Rapid Review {reference} is due by 5pm on {due}"


def compose(reminder: Reminder, found: AgencyReminder, settings: AgencySettings) -> Content:
    request = found.request
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": request.case_reference,
        "representative": wording.greeting_name(request.representative),
        "agency": request.agency_name,
        "kind": reminder.kind,
        "due": weekday_date(request.due_on),
        "requested_on": weekday_date(found.requested_on),
        "until": wording.until(request.expires_at),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(reminder, found), context)


def send_agency_reminder(
    reminder: Reminder,
    *,
    reminders: AgencyReminderReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: AgencySettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Send the reminder once, unless the agency returned or its link no longer works.
    Raises when the link is not readable yet or the back-end did not take it, so RQ
    retries."""
    found = reminders.fetch(reminder.case_agency_id, reminder.serial)
    if found is None:
        raise ReminderNotFound(
            f"scoping link {reminder.serial} of case agency {reminder.case_agency_id} not found"
        )
    reason = why_not_send(found, clock())
    if reason is not None:
        log.info(
            "agency reminder %s for case agency %s not sent: %s",
            reminder.kind,
            reminder.case_agency_id,
            reason,
        )
        return reason
    content = compose(reminder, found, settings)
    result = send_once(
        Outgoing(
            reminder.idempotency_key,
            TEMPLATE,
            found.request.case_reference,
            found.request.email,
            content.subject,
        ),
        content,
        messages=messages,
        mailer=mailer,
        mail_from=settings.mail_from,
        clock=clock,
        reply_to=settings.contact_email,
    )
    outcome = Outcome(result.value)
    log.info(
        "agency reminder %s for case agency %s on %s %s",
        reminder.kind,
        reminder.case_agency_id,
        found.request.case_reference,
        outcome,
    )
    return outcome
