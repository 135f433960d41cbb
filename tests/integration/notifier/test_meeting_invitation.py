"""The Rapid Review meeting invitation end to end: the meeting's date and time set through the
scheduler's application layer (as the console's and the API's views call it), the
scheduler's job through Redis and a burst worker, the notifier reading the case from
PostgreSQL and each invitee's email, with its .ics, over SMTP to a real server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from email.message import EmailMessage

import pytest
from icalendar import Calendar
from redis import Redis
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from services.scheduler import lifecycle
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Role
from services.scheduler.effects import latest_meeting_setting
from shared import runtime
from shared.clock import utc_now
from shared.govuk_dates import LONDON
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CHAIR, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE
from tests.integration.notifier.queues import drain
from tests.integration.notifier.review_factories import (
    LEADS,
    add_agency,
    add_lead_representatives,
    case_id,
)
from tests.integration.scheduler.factories import scheduler_config, start_scheduler

OPS_ACTOR = Actor(Role.OPS, id=1, email="ops@partnership.example")
CHAIR_ACTOR = Actor(Role.CHAIR, id=2, email="chair@partnership.example")
WHY = "The partners could meet only then"
#: the Friday before the clocks go forward in 2027 (GMT) and the Monday after (BST)
BEFORE, AFTER = date(2027, 3, 26), date(2027, 3, 29)
UID = "rapid-review-{}@partnership.example"
JOB = "services.notifier.jobs.send_meeting_invitation"


@pytest.fixture
def scheduler(
    database_url: str, redis_url: str, engine: Engine, open_referral_case: OpenCase
) -> Iterator[Container]:
    yield start_scheduler(scheduler_config(database_url, redis_url), engine)
    runtime.clear()


def panel_notified(c: Container, reference: str) -> None:
    today = utc_now().astimezone(LONDON).date()
    take = lifecycle.take_action
    take(c, reference, "record_leads_informed", {"informed_on": today}, OPS_ACTOR)
    take(c, reference, "decide_criteria",
         {"criteria": "met", "decided_on": today, "rationale": "Harm"}, CHAIR_ACTOR)  # fmt: skip
    take(c, reference, "record_panel_notification",
         {"notified_on": today, "dfe_reference": "SIN-1"}, OPS_ACTOR)  # fmt: skip


def set_meeting(c: Container, reference: str, on: date, **more: str) -> None:
    inputs = {"meeting_on": on, "outside_window_reason": WHY, **more}
    lifecycle.take_action(c, reference, "set_meeting_date", inputs, OPS_ACTOR)


def calendar_of(received: EmailMessage) -> Calendar:
    [file] = [p for p in received.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert file.get_filename() == "rapid-review-meeting.ics"
    return Calendar.from_ical(file.get_payload(decode=True))


@pytest.mark.usefixtures("scheduler")
def test_each_invitee_gets_one_invitation_then_one_update_with_the_same_uid(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    scheduler: Container,
    make_notifier: MakeApp,
) -> None:
    make_notifier()
    reference = open_referral_case()
    add_lead_representatives(scheduler)
    now = datetime.now(UTC)
    add_agency(engine, reference, name="Greenwich Police", representative="Priya Shah",
               email="priya.shah@police.example", now=now)  # fmt: skip
    add_agency(engine, reference, name="Housing", representative="Ann Lowe", email="", now=now)
    panel_notified(scheduler, reference)
    drain(redis_conn)  # the new referral's alerts
    smtp_outbox.clear()
    invited = {email for _, email in LEADS.values()} | {CHAIR, OPS, "priya.shah@police.example"}

    # a date alone: no invitation
    set_meeting(scheduler, reference, BEFORE)
    drain(redis_conn)
    assert smtp_outbox.messages() == []

    set_meeting(scheduler, reference, BEFORE, starts_at="10am", place="Room 2, Woolwich Centre")
    drain(redis_conn)
    first = smtp_outbox.messages()
    assert sorted(str(m["To"]) for m in first) == sorted(invited)
    for received in first:
        assert (
            received["Subject"]
            == f"Rapid Review {reference}: meeting on Friday 26 March 2027 at 10am"
        )
        whole = received.as_string()
        assert CHILD_NAME not in whole and OUTLINE not in whole
        cal = calendar_of(received)
        assert str(cal["METHOD"]) == "REQUEST"
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
        event = cal.walk("VEVENT")[0]
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event.decoded("DTSTART") == datetime.combine(BEFORE, time(10), tzinfo=LONDON)
        assert event.decoded("DTSTART").astimezone(UTC).hour == 10  # GMT
        assert event.decoded("DTEND") == datetime.combine(BEFORE, time(12), tzinfo=LONDON)
        assert (event["UID"], event["SEQUENCE"]) == (UID.format(reference.lower()), 0)
        assert str(event["LOCATION"]) == "Room 2, Woolwich Centre"
        assert {str(a).removeprefix("mailto:") for a in event["ATTENDEE"]} == invited

    # the same job run again sends nothing more
    with engine.connect() as conn:
        event_id = latest_meeting_setting(conn, case_id(engine, reference))
    assert event_id is not None
    enqueue(redis_conn, JOB, case_reference=reference, event_id=event_id)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == len(invited)

    # moved past the clock change: an update, same UID, next SEQUENCE, 10am BST
    set_meeting(scheduler, reference, AFTER, starts_at="10:00am", ends_at="11:30am")
    drain(redis_conn)
    updates = smtp_outbox.messages()[len(invited) :]
    assert sorted(str(m["To"]) for m in updates) == sorted(invited)
    for received in updates:
        # a subject longer than a header line is folded: the reader unfolds it
        assert str(received["Subject"]).strip().startswith(f"Updated: Rapid Review {reference}: ")
        event = calendar_of(received).walk("VEVENT")[0]
        assert (event["UID"], event["SEQUENCE"]) == (UID.format(reference.lower()), 1)
        assert event.decoded("DTSTART") == datetime.combine(AFTER, time(10), tzinfo=LONDON)
        assert event.decoded("DTSTART").astimezone(UTC).hour == 9  # BST

    with engine.connect() as conn:
        keys = [r.idempotency_key for r in conn.execute(select(message.c.idempotency_key))]
    assert len(keys) == len(set(keys)) == 2 * len(invited)
    assert {k.split(":")[2] for k in keys} == {"s0", "s1"}

    # set again without a time: the invitation is cancelled
    set_meeting(scheduler, reference, AFTER)
    drain(redis_conn)
    cancels = smtp_outbox.messages()[2 * len(invited) :]
    assert len(cancels) == len(invited)
    cal = calendar_of(cancels[0])
    assert str(cal["METHOD"]) == "CANCEL"
    assert cal.walk("VEVENT")[0]["SEQUENCE"] == 2
