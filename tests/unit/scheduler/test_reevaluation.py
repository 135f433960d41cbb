"""The periodic re-evaluation: each reminder once per case, clock and day, with catch-up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.reevaluation import (
    ClockEvent,
    EventKey,
    EventKind,
    due_soon_day,
    reevaluate,
)
from shared.workingdays import WorkingDayCalendar

K = EventKind
calendar = WorkingDayCalendar()
CRITERIA = StartedClock("criteria_decision", date(2026, 3, 2), date(2026, 3, 9))


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def run(
    cases: dict[str, list[StartedClock]], on: Iterable[date], emitted: set[EventKey] | None = None
) -> list[ClockEvent]:
    """Run the job on each day of ``on``, as the scheduler would, keeping what it emitted."""
    store = set() if emitted is None else emitted
    found: list[ClockEvent] = []
    for today in on:
        new = reevaluate(cases, today, calendar, store)
        store.update(e.key for e in new)
        found.extend(new)
    return found


def brief(events: list[ClockEvent]) -> list[tuple[str, date, bool]]:
    return [(e.kind.value, e.day, e.catch_up) for e in events]


def test_a_scheduler_running_every_day_emits_each_reminder_once() -> None:
    events = run({"C1": [CRITERIA]}, days(date(2026, 3, 2), date(2026, 3, 16)))
    assert brief(events) == [
        # Friday 6 March: the deadline is the next working day
        ("due_soon", date(2026, 3, 6), False),
        ("due_today", date(2026, 3, 9), False),
        # every working day while overdue, never at the weekend
        ("overdue", date(2026, 3, 10), False),
        ("overdue", date(2026, 3, 11), False),
        ("overdue", date(2026, 3, 12), False),
        ("overdue", date(2026, 3, 13), False),
        ("overdue", date(2026, 3, 16), False),
    ]
    assert all(e.due_on == date(2026, 3, 9) and e.case == "C1" for e in events)


def test_running_twice_a_day_or_on_two_workers_emits_nothing_twice() -> None:
    emitted: set[EventKey] = set()
    first = run({"C1": [CRITERIA]}, [date(2026, 3, 9)], emitted)
    # first run on the due date: "due soon" is past its use and is not sent
    assert brief(first) == [("due_today", date(2026, 3, 9), False)]
    assert run({"C1": [CRITERIA]}, [date(2026, 3, 9)] * 3, emitted) == []


def test_catching_up_after_the_scheduler_was_down_over_the_due_date() -> None:
    # down from Thursday 5 March to Wednesday 11 March
    on = [date(2026, 3, 4), *days(date(2026, 3, 11), date(2026, 3, 12))]
    assert brief(run({"C1": [CRITERIA]}, on)) == [
        # the due-soon day and the due date were missed: "due today" is still reported,
        # marked as caught up; "due soon" is not, the deadline having passed
        ("due_today", date(2026, 3, 9), True),
        # overdue for today only: 10 March is not back-filled
        ("overdue", date(2026, 3, 11), False),
        ("overdue", date(2026, 3, 12), False),
    ]


def test_catching_up_a_missed_due_soon_day_while_the_deadline_is_ahead() -> None:
    # first run on Sunday 8 March: Friday's reminder was missed, the deadline is tomorrow
    assert brief(run({"C1": [CRITERIA]}, [date(2026, 3, 8)])) == [
        ("due_soon", date(2026, 3, 6), True)
    ]


def test_a_met_clock_emits_nothing() -> None:
    met = StartedClock(
        "criteria_decision", date(2026, 3, 2), date(2026, 3, 9), met_on=date(2026, 3, 5)
    )
    assert run({"C1": [met]}, days(date(2026, 3, 2), date(2026, 3, 20))) == []


def test_over_christmas_2026() -> None:
    # referral on Christmas Eve: the lead representatives are due to be told on 29 December
    leads = StartedClock("inform_lead_representatives", date(2026, 12, 24), date(2026, 12, 29))
    events = run({"C1": [leads]}, days(date(2026, 12, 24), date(2027, 1, 5)))
    assert brief(events) == [
        # the last working day before the deadline is the day the clock started
        ("due_soon", date(2026, 12, 24), False),
        ("due_today", date(2026, 12, 29), False),
        ("overdue", date(2026, 12, 30), False),
        ("overdue", date(2026, 12, 31), False),
        # not on New Year's Day or the weekend
        ("overdue", date(2027, 1, 4), False),
        ("overdue", date(2027, 1, 5), False),
    ]


def test_over_christmas_and_new_year_2027() -> None:
    clock = StartedClock("criteria_decision", date(2027, 12, 22), date(2027, 12, 29))
    events = run({"C1": [clock]}, days(date(2027, 12, 22), date(2028, 1, 4)))
    assert brief(events) == [
        # 27 and 28 December are substitute bank holidays: Friday 24th is the day before
        ("due_soon", date(2027, 12, 24), False),
        ("due_today", date(2027, 12, 29), False),
        ("overdue", date(2027, 12, 30), False),
        ("overdue", date(2027, 12, 31), False),
        # 3 January 2028 is New Year's Day's substitute
        ("overdue", date(2028, 1, 4), False),
    ]


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (CRITERIA, date(2026, 3, 6)),
        # started on a Saturday, due the Monday: due soon from the start
        (StartedClock("x", date(2026, 3, 7), date(2026, 3, 9)), date(2026, 3, 7)),
        # Easter 2027: due Tuesday 30 March, the Thursday before Good Friday is the day
        (StartedClock("x", date(2027, 3, 22), date(2027, 3, 30)), date(2027, 3, 25)),
        # a calendar-month deadline on a Sunday: the Friday
        (StartedClock("x", date(2026, 8, 31), date(2027, 2, 28)), date(2027, 2, 26)),
    ],
)
def test_due_soon_day(clock: StartedClock, expected: date) -> None:
    assert due_soon_day(clock, calendar) == expected


def test_a_corrected_deadline_is_reported_again_for_its_new_day() -> None:
    emitted: set[EventKey] = set()
    run({"C1": [CRITERIA]}, [date(2026, 3, 9)], emitted)
    moved = StartedClock("criteria_decision", date(2026, 3, 2), date(2026, 3, 6))
    assert brief(run({"C1": [moved]}, [date(2026, 3, 9)], emitted)) == [
        ("due_today", date(2026, 3, 6), True),
        ("overdue", date(2026, 3, 9), False),
    ]


def test_several_cases_and_clocks_come_back_sorted() -> None:
    panel = StartedClock("notify_panel", date(2026, 3, 2), date(2026, 3, 10))
    late = StartedClock("inform_lead_representatives", date(2026, 3, 2), date(2026, 3, 3))
    events = reevaluate(
        {"C2": [panel, CRITERIA, late], "C1": [CRITERIA]}, date(2026, 3, 9), calendar, set()
    )
    assert [(e.case, e.clock, e.kind, e.day, e.catch_up) for e in events] == [
        ("C1", "criteria_decision", K.DUE_TODAY, date(2026, 3, 9), False),
        ("C2", "criteria_decision", K.DUE_TODAY, date(2026, 3, 9), False),
        ("C2", "inform_lead_representatives", K.DUE_TODAY, date(2026, 3, 3), True),
        ("C2", "inform_lead_representatives", K.OVERDUE, date(2026, 3, 9), False),
        ("C2", "notify_panel", K.DUE_SOON, date(2026, 3, 9), False),
    ]
    assert events[0].key == ("C1", "criteria_decision", "due_today", date(2026, 3, 9))


clocks = st.builds(
    lambda start, length, met: StartedClock(
        "k",
        start,
        start + timedelta(days=length),
        met_on=start + timedelta(days=met) if met else None,
    ),
    st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 1, 10)),
    st.integers(min_value=1, max_value=20),
    st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
)


@settings(max_examples=200, deadline=None)
@given(
    case_clocks=st.lists(clocks, min_size=1, max_size=4),
    run_days=st.sets(
        st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 2, 28)), min_size=1, max_size=40
    ),
)
def test_whatever_days_the_scheduler_runs(
    case_clocks: list[StartedClock], run_days: set[date]
) -> None:
    cases = {f"C{i}": [c] for i, c in enumerate(case_clocks)}
    on = sorted(run_days)
    events = run(cases, on)
    keys = [e.key for e in events]
    assert len(keys) == len(set(keys)), "an event was emitted twice"
    for event in events:
        clock = cases[event.case][0]
        assert not clock.met
        if event.kind is K.OVERDUE:
            assert event.day in run_days and event.day > clock.due_on
            assert calendar.is_working_day(event.day)
        elif event.kind is K.DUE_SOON:
            assert event.day == due_soon_day(clock, calendar) < clock.due_on
        else:
            assert event.day == clock.due_on
    for case, (clock,) in cases.items():
        due_today = [e for e in events if e.case == case and e.kind is K.DUE_TODAY]
        # reported once if the scheduler ran at all on or after the due date
        expected = 0 if clock.met or on[-1] < clock.due_on else 1
        assert len(due_today) == expected
    # a second pass over the same days finds nothing new
    assert run(cases, on, {e.key for e in events}) == []
