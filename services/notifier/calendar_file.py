"""The Rapid Review meeting's iCalendar file (RFC 5545), which calendar programs import.

One event per case: its UID is stable (``rapid-review-<reference>@<the partnership's mail
domain>``), so each update replaces the event already in people's calendars; SEQUENCE counts
the times the meeting was set again. Times are Europe/London wall-clock times with a
VTIMEZONE, so a meeting at 10am stays at 10am across the clock changes. A cancellation is
the same event with METHOD:CANCEL and STATUS:CANCELLED.

Nothing about the child is put in it: the summary names the case reference only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from icalendar import Calendar, Event, vCalAddress, vText

from shared.govuk_dates import LONDON

PRODID = "-//cspr//Rapid Review meeting//EN"
FILENAME = "rapid-review-meeting.ics"
REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Meeting:
    reference: str
    on: date
    starts_at: time
    ends_at: time
    place: str
    sequence: int


def uid(reference: str, mail_from: str) -> str:
    domain = mail_from.rpartition("@")[2].strip(" >") or "cspr.invalid"
    return f"rapid-review-{reference.lower()}@{domain}"


def summary(reference: str) -> str:
    return f"Rapid Review meeting: case {reference}"


def calendar_file(
    meeting: Meeting,
    *,
    organizer: str,
    attendees: Sequence[str],
    stamp: datetime,
    method: str = REQUEST,
) -> bytes:
    """The .ics for ``meeting``; ``stamp`` (DTSTAMP) is when it was made, in UTC."""
    event = Event()
    event.add("uid", uid(meeting.reference, organizer))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.combine(meeting.on, meeting.starts_at, tzinfo=LONDON))
    event.add("dtend", datetime.combine(meeting.on, meeting.ends_at, tzinfo=LONDON))
    event.add("summary", summary(meeting.reference))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(organizer))
    for attendee in attendees:
        address = _address(attendee)
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["RSVP"] = vText("FALSE")
        event.add("attendee", address, encode=False)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(event)
    # the VTIMEZONE for Europe/London, so calendars without the zone still read the times
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _address(email: str) -> vCalAddress:
    return vCalAddress(f"mailto:{email.strip()}")
