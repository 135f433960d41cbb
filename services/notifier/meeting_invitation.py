"""The Rapid Review meeting invitation: everyone the system knows should be at the meeting is
emailed, once per setting of its date, with an iCalendar file to add it to their calendar.

Who is invited, from what the system holds: the three lead representatives (active
partner-lead staff accounts), the chair (``CHAIR_EMAIL``), the ops team (``OPS_EMAIL``) and
each agency on the case with a representative's address. Other people (the independent
scrutineer, designated professionals) are invited by ops from their own calendar: cspr holds
no address for them.

The email carries the case reference, the date, the time and the place only, never the
child's details. Setting the date again with a time sends an update (the same UID, the next
SEQUENCE, a new idempotency key); setting it again without a time cancels the invitation
(METHOD:CANCEL). GOV.UK Notify cannot attach an ``.ics`` file, so with the Notify back-end
the email is sent without it and says to add the meeting to the calendar by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.engine import Engine

from services.notifier import calendar_file as ics
from services.notifier.alerts import case_link
from services.notifier.backends import NOTIFY, Attachment, Mailer
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.disagreement import Addressee, addressees, unique
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.rapid_review import (
    CaseAgencyReader,
    LeadRepresentativeReader,
    ReviewSettings,
)
from services.notifier.wording import greeting_name
from services.scheduler.readmodel import MeetingSetting, fetch_meeting_setting
from shared.govuk_dates import weekday_date
from shared.govuk_times import clock_time

log = logging.getLogger(__name__)

TEMPLATE = "meeting_invitation"
NEW, UPDATED, CANCELLED = "new", "updated", "cancelled"


class SettingNotFound(LookupError):
    """The meeting-date event is not (yet) readable: raised so the job is retried."""


class InvitationNotSent(RuntimeError):
    """The back-end did not take the invitation for some invitee: the job is retried."""


class MeetingReader(Protocol):
    def fetch(self, reference: str, event_id: int) -> MeetingSetting | None: ...


class SqlMeetingReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str, event_id: int) -> MeetingSetting | None:
        with self.engine.connect() as conn:
            return fetch_meeting_setting(conn, reference, event_id)


def idempotency_key(reference: str, sequence: int, address: str) -> str:
    return f"meeting-invitation:{reference}:s{sequence}:{address.strip().lower()}"


def kind_of(setting: MeetingSetting) -> str:
    if setting.cancelled:
        return CANCELLED
    return UPDATED if setting.sequence else NEW


def subject(setting: MeetingSetting) -> str:
    when = (
        f"{weekday_date(setting.on)} at {clock_time(setting.starts_at)}"
        if (setting.starts_at)
        else weekday_date(setting.on)
    )
    prefix = {NEW: "", UPDATED: "Updated: ", CANCELLED: "Cancelled: "}[kind_of(setting)]
    return f"{prefix}Rapid Review {setting.reference}: meeting on {when}"


def invitees(
    reference: str,
    leads: LeadRepresentativeReader,
    agencies: CaseAgencyReader,
    settings: ReviewSettings,
) -> list[Addressee]:
    """The lead representatives, the chair, ops, then the case's agencies; one per mailbox."""
    found = addressees(leads, settings)
    found += [
        Addressee(f"agency {a.case_agency_id}", a.representative, a.email)
        for a in agencies.fetch(reference)
    ]
    return unique(a for a in found if a.address.strip())


def meeting_of(setting: MeetingSetting) -> ics.Meeting:
    assert setting.starts_at is not None and setting.ends_at is not None
    assert setting.sequence is not None
    return ics.Meeting(
        setting.reference,
        setting.on,
        setting.starts_at,
        setting.ends_at,
        setting.place,
        setting.sequence,
    )


def compose(
    setting: MeetingSetting, addressee: Addressee, settings: ReviewSettings, attached: bool
) -> Content:
    assert setting.starts_at is not None and setting.ends_at is not None
    context = {
        "partnership_name": settings.partnership_name,
        "reference": setting.reference,
        "name": greeting_name(addressee.name),
        "kind": kind_of(setting),
        "day": weekday_date(setting.on),
        "starts": clock_time(setting.starts_at),
        "ends": clock_time(setting.ends_at),
        "place": setting.place,
        "attached": attached,
        "link": case_link(settings.console_url, setting.reference),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(setting), context)


def send_meeting_invitation(
    reference: str,
    event_id: int,
    *,
    meetings: MeetingReader,
    leads: LeadRepresentativeReader,
    agencies: CaseAgencyReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReviewSettings,
    clock: Callable[[], datetime],
) -> tuple[str, ...]:
    """Send setting ``event_id``'s invitation, update or cancellation to every invitee once;
    returns the roles it was sent to now. Nothing when the setting gave no time (and none
    before it did) or a later setting replaced it. Raises when the setting is not readable
    yet or any send failed, after trying every invitee, so a retry sends only what is left."""
    setting = meetings.fetch(reference, event_id)
    if setting is None:
        raise SettingNotFound(f"meeting setting {event_id} of case {reference} not found")
    if setting.sequence is None or setting.superseded:
        log.info(
            "meeting invitation for %s (setting %s) not sent: %s",
            reference,
            event_id,
            "set again since" if setting.superseded else "no start time given",
        )
        return ()
    people = invitees(reference, leads, agencies, settings)
    attached = mailer.name != NOTIFY
    method = ics.CANCEL if setting.cancelled else ics.REQUEST
    sent: list[str] = []
    failures: list[tuple[str, Exception]] = []
    for person in people:
        content = compose(setting, person, settings, attached)
        files: Sequence[Attachment] = ()
        if attached:
            data = ics.calendar_file(
                meeting_of(setting),
                organizer=settings.mail_from,
                attendees=[p.address for p in people],
                stamp=clock(),
                method=method,
            )
            files = (Attachment(ics.FILENAME, f"text/calendar; method={method}", data),)
        key = idempotency_key(reference, setting.sequence, person.address)
        try:
            result = send_once(
                Outgoing(key, TEMPLATE, reference, person.address.strip(), content.subject),
                content,
                messages=messages,
                mailer=mailer,
                mail_from=settings.mail_from,
                clock=clock,
                reply_to=settings.contact_email,
                attachments=files,
            )
        except Exception as exc:
            log.warning(
                "meeting invitation for %s to %s failed: %s",
                reference,
                person.role,
                type(exc).__name__,
            )
            failures.append((person.role, exc))
            continue
        if result is Result.SENT:
            sent.append(person.role)
    if failures:
        roles = ", ".join(role for role, _ in failures)
        raise InvitationNotSent(f"meeting invitation for {reference} not sent to {roles}") from (
            failures[0][1]
        )
    log.info("meeting invitation %s for %s: %d invitees", method, reference, len(sent))
    return tuple(sent)
