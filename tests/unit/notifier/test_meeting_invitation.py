"""The Rapid Review meeting invitation: its .ics (parsed back with icalendar), who is invited,
the update and the cancellation, and sending once per invitee and sequence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from services.notifier import calendar_file as ics
from services.notifier.meeting_invitation import (
    InvitationNotSent,
    SettingNotFound,
    send_meeting_invitation,
)
from services.scheduler.readmodel import MeetingSetting
from shared.govuk_dates import LONDON
from tests.unit.notifier.review_factories import (
    CHAIR,
    LEADS,
    OPS,
    REFERENCE,
    Fakes,
    make_agency,
    make_fakes,
    make_settings,
    parts,
    plain,
)

NOW = datetime(2026, 10, 12, 9, 0, tzinfo=UTC)
ORGANIZER = "cspr@partnership.example"
POLICE = make_agency()
HOUSING = make_agency(case_agency_id=14, name="Housing", representative="Ann Lowe", email="")
EVERYONE = {lead.email for lead in LEADS} | {CHAIR, OPS, POLICE.email}


def setting(
    *,
    event_id: int = 40,
    on: date = date(2026, 10, 23),
    starts_at: time | None = time(10, 0),
    ends_at: time | None = time(12, 0),
    sequence: int | None = 0,
    superseded: bool = False,
    cancelled: bool = False,
) -> MeetingSetting:
    return MeetingSetting(
        REFERENCE,
        event_id,
        on,
        starts_at,
        ends_at,
        "Room 2, Woolwich Centre",
        sequence,
        superseded,
        cancelled,
    )


class Meetings:
    def __init__(self, *settings: MeetingSetting) -> None:
        self.by_id = {s.event_id: s for s in settings}

    def fetch(self, reference: str, event_id: int) -> MeetingSetting | None:
        return self.by_id.get(event_id) if reference == REFERENCE else None


def run(fakes: Fakes, meetings: Meetings, event_id: int = 40) -> tuple[str, ...]:
    return send_meeting_invitation(
        REFERENCE,
        event_id,
        meetings=meetings,
        leads=fakes.leads,
        agencies=fakes.agencies,
        messages=fakes.messages,
        mailer=fakes.mailer,
        settings=make_settings(),
        clock=lambda: NOW,
    )


def calendar_of(message: EmailMessage) -> Calendar:
    files = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(files) == 1
    assert files[0].get_filename() == ics.FILENAME
    assert files[0].get_param("method") in (ics.REQUEST, ics.CANCEL)
    return Calendar.from_ical(files[0].get_payload(decode=True))


def test_the_ics_holds_the_meeting_in_europe_london_across_the_october_clock_change() -> None:
    # 25 October 2026 the clocks go back: 10am is 09:00 UTC before and 10:00 UTC after
    for day, utc_hour in ((date(2026, 10, 23), 9), (date(2026, 10, 26), 10)):
        data = ics.calendar_file(
            ics.Meeting(REFERENCE, day, time(10), time(11, 30), "", 3),
            organizer=ORGANIZER,
            attendees=["a@one.example", "b@two.example"],
            stamp=NOW,
        )
        cal = Calendar.from_ical(data)
        assert str(cal["METHOD"]) == "REQUEST"
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
        event = cal.walk("VEVENT")[0]
        starts, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert starts.astimezone(LONDON).time() == time(10)
        assert starts.astimezone(UTC).hour == utc_hour
        assert ends - starts == timedelta(minutes=90)
        assert event["UID"] == "rapid-review-gscp-2026-0001@partnership.example"
        assert event["SEQUENCE"] == 3
        assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER}"
        assert [str(a) for a in event["ATTENDEE"]] == [
            "mailto:a@one.example",
            "mailto:b@two.example",
        ]
        assert "LOCATION" not in event


def test_everyone_is_invited_once_with_the_calendar_file() -> None:
    fakes = make_fakes(agencies=(POLICE, HOUSING))
    sent = run(fakes, Meetings(setting()))
    assert len(sent) == len(EVERYONE)  # Housing has no address
    assert {str(m["To"]) for m in fakes.mailer.sent} == EVERYONE
    for message in fakes.mailer.sent:
        assert str(message["Subject"]) == (
            f"Rapid Review {REFERENCE}: meeting on Friday 23 October 2026 at 10am"
        )
        text = plain(message)
        assert "Date: Friday 23 October 2026\n" in text
        assert "Time: 10am to midday (UK time)\n" in text
        assert "Where: Room 2, Woolwich Centre\n" in text
        event = calendar_of(message).walk("VEVENT")[0]
        assert event["SEQUENCE"] == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["LOCATION"]) == "Room 2, Woolwich Centre"
        assert {str(a).removeprefix("mailto:") for a in event["ATTENDEE"]} == EVERYONE
        assert "Amelia" not in "".join(parts(message))
    # the job run again sends nothing more
    assert run(fakes, Meetings(setting())) == ()
    assert len(fakes.mailer.sent) == len(EVERYONE)


def test_a_new_time_is_an_update_with_the_next_sequence_and_the_same_uid() -> None:
    fakes = make_fakes(agencies=(POLICE,))
    run(fakes, Meetings(setting()))
    moved = setting(event_id=41, on=date(2026, 10, 26), starts_at=time(14, 30), sequence=1)
    run(fakes, Meetings(moved), 41)
    first, update = fakes.mailer.sent[0], fakes.mailer.sent[len(EVERYONE)]
    assert str(update["Subject"]).startswith("Updated: ")
    assert "has changed" in plain(update)
    old, new = (calendar_of(m).walk("VEVENT")[0] for m in (first, update))
    assert old["UID"] == new["UID"]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)
    assert new.decoded("DTSTART") == datetime(2026, 10, 26, 14, 30, tzinfo=LONDON)
    assert len(fakes.mailer.sent) == 2 * len(EVERYONE)


def test_a_date_without_a_time_after_one_cancels_the_invitation() -> None:
    fakes = make_fakes()
    run(fakes, Meetings(setting(event_id=42, sequence=2, cancelled=True)), 42)
    message = fakes.mailer.sent[0]
    assert str(message["Subject"]).startswith("Cancelled: ")
    cal = calendar_of(message)
    assert str(cal["METHOD"]) == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert (event["SEQUENCE"], str(event["STATUS"])) == (2, "CANCELLED")


@pytest.mark.parametrize(
    "found", [setting(starts_at=None, ends_at=None, sequence=None), setting(superseded=True)]
)
def test_nothing_without_a_time_or_once_set_again(found: MeetingSetting) -> None:
    fakes = make_fakes()
    assert run(fakes, Meetings(found)) == ()
    assert fakes.mailer.sent == []


def test_a_setting_not_readable_yet_is_retried() -> None:
    with pytest.raises(SettingNotFound):
        run(make_fakes(), Meetings())


def test_notify_sends_it_without_the_file_and_says_so() -> None:
    fakes = make_fakes()
    fakes.mailer.name = "notify"
    run(fakes, Meetings(setting()))
    message = fakes.mailer.sent[0]
    assert list(message.iter_attachments()) == []
    assert "This email has no calendar file attached." in plain(message)


def test_a_refused_invitee_fails_the_job_after_the_others_are_sent() -> None:
    fakes = make_fakes()
    fakes.mailer.failing.add(CHAIR)
    with pytest.raises(InvitationNotSent, match="chair"):
        run(fakes, Meetings(setting()))
    assert CHAIR not in {str(m["To"]) for m in fakes.mailer.sent}
    fakes.mailer.failing.clear()
    assert run(fakes, Meetings(setting())) == ("chair",)
