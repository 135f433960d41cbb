"""The Rapid Review meeting's start and finish times, as its calendar invitation needs them."""

from __future__ import annotations

from datetime import date

import pytest

from services.scheduler.domain.action_inputs import MEETING_DATE
from shared.govuk_times import clock_time, parse_time
from tests.unit.scheduler.lifecycle_helpers import OPS, errors, plan
from tests.unit.scheduler.test_meeting_domain import RECEIVED, notified

ON = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("10am", "10am"), ("10:00 AM", "10am"), ("2.30pm", "2:30pm"), ("14:30", "2:30pm"),
     ("midday", "midday"), ("12pm", "midday"), ("12am", "midnight"), ("9:05am", "9:05am")],
)  # fmt: skip
def test_times_read_as_people_type_them_and_shown_as_gov_uk_writes_them(
    typed: str, shown: str
) -> None:
    assert clock_time(parse_time(typed)) == shown


@pytest.mark.parametrize("typed", ["10", "13pm", "10:75am", "25:00", "half ten", ""])
def test_anything_else_is_not_a_time(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)


def test_the_form_asks_the_time_and_place_after_the_date_all_optional() -> None:
    asked = {i.id: i for i in MEETING_DATE}
    assert MEETING_DATE[0].id == "meeting_on"
    assert [i.required for i in MEETING_DATE[-3:]] == [False, False, False]
    assert [i.id for i in MEETING_DATE[-3:]] == ["starts_at", "ends_at", "place"]
    assert "2 hours" in asked["ends_at"].hint


def test_a_date_alone_records_no_time() -> None:
    planned = plan("set_meeting_date", notified(), {"meeting_on": ON}, RECEIVED, OPS)
    assert "starts_at" not in planned.values or not planned.values["starts_at"]
    assert planned.change.summary == "The Rapid Review meeting was set for Monday 16 November 2026"


def test_the_times_are_recorded_on_the_24_hour_clock_and_said_in_the_summary() -> None:
    given = {"meeting_on": ON, "starts_at": "10am", "ends_at": "12:30pm", "place": "Room 2"}
    planned = plan("set_meeting_date", notified(), given, RECEIVED, OPS)
    assert (planned.values["starts_at"], planned.values["ends_at"]) == ("10:00", "12:30")
    assert planned.values["place"] == "Room 2"
    assert planned.change.summary == (
        "The Rapid Review meeting was set for Monday 16 November 2026, 10am to 12:30pm"
    )


def test_without_a_finish_time_the_meeting_is_two_hours() -> None:
    given = {"meeting_on": ON, "starts_at": "2pm"}
    planned = plan("set_meeting_date", notified(), given, RECEIVED, OPS)
    assert planned.values["ends_at"] == "16:00"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"starts_at": "ten"}, {"starts_at": "Enter a start time like 10am or 2:30pm. "
                                "For example, 10am or 2:30pm"}),
        ({"ends_at": "1pm"}, {"starts_at": "Enter a start time, or leave the finish time empty"}),
        ({"starts_at": "2pm", "ends_at": "1pm"}, {"ends_at": "The finish time must be after 2pm"}),
        ({"starts_at": "11pm"}, {"starts_at": "Enter a finish time: the meeting must end the "
                                 "same day"}),
    ],
)  # fmt: skip
def test_times_that_cannot_be_used_are_errors_on_their_fields(
    given: dict[str, str], expected: dict[str, str]
) -> None:
    assert errors("set_meeting_date", notified(), {"meeting_on": ON, **given}, RECEIVED) == expected
