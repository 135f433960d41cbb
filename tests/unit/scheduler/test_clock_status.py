"""A clock's status on a given day: the seven statuses, around weekends and bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.domain.clock_status import (
    ClockStatus,
    StatusKey,
    clock_status,
    status_of,
    window_is_open,
)
from services.scheduler.domain.clocks import StartedClock
from shared.workingdays import WorkingDayCalendar

K = StatusKey
calendar = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("due", "today", "key", "left"),
    [
        (date(2026, 3, 9), date(2026, 3, 2), K.ON_TRACK, 5),
        (date(2026, 3, 9), date(2026, 3, 5), K.ON_TRACK, 2),
        # Friday for a Monday deadline, and the weekend between
        (date(2026, 3, 9), date(2026, 3, 6), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2026, 3, 9), date(2026, 3, 7), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2026, 3, 9), date(2026, 3, 8), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2026, 3, 9), date(2026, 3, 9), K.DUE_TODAY, 0),
        (date(2026, 3, 9), date(2026, 3, 10), K.OVERDUE, -1),
        # Easter 2026: Thursday 2 April to Tuesday 7 April is one working day
        (date(2026, 4, 7), date(2026, 4, 2), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2026, 4, 7), date(2026, 4, 1), K.ON_TRACK, 2),
        (date(2026, 4, 7), date(2026, 4, 6), K.DUE_WITHIN_1_WORKING_DAY, 1),
        # Christmas 2026: 24 December to 29 December is one working day (28th is a substitute)
        (date(2026, 12, 29), date(2026, 12, 24), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2026, 12, 29), date(2026, 12, 23), K.ON_TRACK, 2),
        (date(2026, 12, 24), date(2026, 12, 29), K.OVERDUE, -1),
        # New Year 2027: 31 December to 4 January is one working day
        (date(2027, 1, 4), date(2026, 12, 31), K.DUE_WITHIN_1_WORKING_DAY, 1),
        # Easter 2027 (26 and 29 March)
        (date(2027, 3, 30), date(2027, 3, 25), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2027, 3, 25), date(2027, 3, 30), K.OVERDUE, -1),
        # Christmas 2027: 27 and 28 December are substitute days
        (date(2027, 12, 29), date(2027, 12, 24), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2027, 12, 24), date(2027, 12, 29), K.OVERDUE, -1),
        # New Year 2028: 3 January is the substitute day
        (date(2028, 1, 4), date(2027, 12, 31), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2028, 1, 4), date(2027, 12, 30), K.ON_TRACK, 2),
        # Easter 2028 (14 and 17 April)
        (date(2028, 4, 18), date(2028, 4, 13), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2028, 4, 13), date(2028, 4, 18), K.OVERDUE, -1),
        # a calendar-month deadline on a Sunday (28 February 2027)
        (date(2027, 2, 28), date(2027, 2, 26), K.DUE_WITHIN_1_WORKING_DAY, 0),
        (date(2027, 2, 28), date(2027, 2, 28), K.DUE_TODAY, 0),
        (date(2027, 2, 28), date(2027, 3, 1), K.OVERDUE, -1),
        # one working day (Friday 26th) left on the Thursday
        (date(2027, 2, 28), date(2027, 2, 25), K.DUE_WITHIN_1_WORKING_DAY, 1),
        (date(2027, 2, 28), date(2027, 2, 24), K.ON_TRACK, 2),
    ],
)
def test_unmet_status(due: date, today: date, key: StatusKey, left: int) -> None:
    status = clock_status(due, None, today, calendar)
    assert (status.key, status.working_days_left) == (key, left)


@pytest.mark.parametrize(
    ("due", "met", "key", "late_by"),
    [
        (date(2026, 3, 9), date(2026, 3, 2), K.MET_ON_TIME, 0),
        (date(2026, 3, 9), date(2026, 3, 9), K.MET_ON_TIME, 0),
        (date(2026, 3, 9), date(2026, 3, 10), K.MET_LATE, 1),
        # met over the Christmas break: the bank holidays are not counted as late
        (date(2026, 12, 24), date(2026, 12, 29), K.MET_LATE, 1),
        (date(2027, 12, 24), date(2028, 1, 4), K.MET_LATE, 4),
        # met on a Saturday after a Friday deadline: late, but by no working day
        (date(2026, 3, 6), date(2026, 3, 7), K.MET_LATE, 0),
    ],
)
def test_met_status_does_not_depend_on_today(
    due: date, met: date, key: StatusKey, late_by: int
) -> None:
    for today in (met, met + timedelta(days=30)):
        status = clock_status(due, met, today, calendar)
        assert (status.key, status.late_by, status.working_days_left) == (key, late_by, None)


def test_a_clock_not_started_has_no_due_date() -> None:
    assert clock_status(None, None, date(2026, 3, 2), calendar).key is K.NOT_STARTED
    assert status_of(None, date(2026, 3, 2), calendar).key is K.NOT_STARTED


def test_status_of_a_started_clock() -> None:
    clock = StartedClock("criteria_decision", date(2026, 3, 2), date(2026, 3, 9))
    assert status_of(clock, date(2026, 3, 9), calendar).key is K.DUE_TODAY
    met = StartedClock(
        "criteria_decision", date(2026, 3, 2), date(2026, 3, 9), met_on=date(2026, 3, 4)
    )
    assert status_of(met, date(2026, 3, 20), calendar).key is K.MET_ON_TIME


@pytest.mark.parametrize(
    ("status", "text", "detail", "tag"),
    [
        (ClockStatus(K.NOT_STARTED), "Not started", "", "govuk-tag--grey"),
        (ClockStatus(K.ON_TRACK, 5), "On track", "5 working days left", "govuk-tag--blue"),
        (ClockStatus(K.ON_TRACK, 2), "On track", "2 working days left", "govuk-tag--blue"),
        (
            ClockStatus(K.DUE_WITHIN_1_WORKING_DAY, 1),
            "Due within 1 working day",
            "",
            "govuk-tag--orange",
        ),
        (ClockStatus(K.DUE_TODAY, 0), "Due today", "", "govuk-tag--orange"),
        (ClockStatus(K.OVERDUE, -1), "Overdue", "1 working day overdue", "govuk-tag--red"),
        (ClockStatus(K.OVERDUE, -3), "Overdue", "3 working days overdue", "govuk-tag--red"),
        (ClockStatus(K.OVERDUE, 0), "Overdue", "overdue", "govuk-tag--red"),
        (ClockStatus(K.MET_ON_TIME), "Met on time", "", "govuk-tag--green"),
        (ClockStatus(K.MET_LATE, late_by=2), "Met late", "2 working days late", "govuk-tag--pink"),
        (ClockStatus(K.MET_LATE), "Met late", "late", "govuk-tag--pink"),
    ],
)
def test_text_for_people(status: ClockStatus, text: str, detail: str, tag: str) -> None:
    assert (status.text, status.detail, status.tag_class) == (text, detail, tag)


def test_machine_keys() -> None:
    assert [k.value for k in StatusKey] == [
        "not_started",
        "on_track",
        "due_today",
        "due_within_1_working_day",
        "overdue",
        "met_on_time",
        "met_late",
    ]


def test_the_rapid_review_meeting_window() -> None:
    # notified Thursday 2 April 2026: the meeting is due between 17 and 21 April
    clock = StartedClock(
        "rapid_review_meeting",
        date(2026, 4, 2),
        date(2026, 4, 21),
        window_opens_on=date(2026, 4, 17),
    )
    assert window_is_open(clock, date(2026, 4, 16)) is False
    assert window_is_open(clock, date(2026, 4, 17)) is True
    assert window_is_open(clock, date(2026, 4, 21)) is True
    assert window_is_open(clock, date(2026, 4, 22)) is False
    assert clock_status(clock.due_on, None, date(2026, 4, 16), calendar).key is K.ON_TRACK
    assert (
        window_is_open(
            StartedClock("notify_panel", date(2026, 4, 2), date(2026, 4, 9)), date(2026, 4, 3)
        )
        is None
    )


RANK = [K.ON_TRACK, K.DUE_WITHIN_1_WORKING_DAY, K.DUE_TODAY, K.OVERDUE]


@settings(max_examples=300, deadline=None)
@given(
    due=st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31)),
    offset=st.integers(min_value=-60, max_value=60),
    step=st.integers(min_value=1, max_value=30),
)
def test_an_unmet_clock_only_gets_more_urgent(due: date, offset: int, step: int) -> None:
    today = due + timedelta(days=offset)
    now = clock_status(due, None, today, calendar)
    later = clock_status(due, None, today + timedelta(days=step), calendar)
    assert RANK.index(later.key) >= RANK.index(now.key)
    assert (now.key is K.OVERDUE) == (today > due)
    assert (now.key is K.DUE_TODAY) == (today == due)
    if now.key is K.ON_TRACK:
        assert now.working_days_left is not None and now.working_days_left >= 2
