"""shared.workingdays: England's working days, bank holidays, partnership closures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.workingdays import WorkingDayCalendar

BANK_HOLIDAYS_2026 = [
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),
]
calendar = WorkingDayCalendar()


@pytest.mark.parametrize("day", BANK_HOLIDAYS_2026, ids=str)
def test_2026_england_bank_holidays_are_not_working_days(day: date) -> None:
    assert calendar.is_bank_holiday(day)
    assert not calendar.is_working_day(day)


def test_no_other_weekday_in_2026_is_a_bank_holiday() -> None:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    # Boxing Day 2026 falls on a Saturday: the library lists it and its Monday substitute
    holidays = [d for d in days if calendar.is_bank_holiday(d) and d.weekday() < 5]
    assert holidays == BANK_HOLIDAYS_2026


def test_scottish_only_holidays_do_not_count_in_england() -> None:
    # 2 January and St Andrew's Day (30 Nov 2026, a Monday) are Scottish bank holidays
    assert calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 11, 30))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # an ordinary week: Monday + 1 is Tuesday, + 5 is next Monday
        (date(2026, 3, 2), 1, date(2026, 3, 3)),
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
        # Friday + 1 skips the weekend
        (date(2026, 3, 6), 1, date(2026, 3, 9)),
        # Saturday and Sunday as day 0
        (date(2026, 3, 7), 1, date(2026, 3, 9)),
        (date(2026, 3, 8), 1, date(2026, 3, 9)),
        (date(2026, 3, 8), 5, date(2026, 3, 13)),
        # Easter: Thursday before Good Friday, + 1 is the Tuesday after Easter Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 4, 2), 5, date(2026, 4, 13)),
        (date(2026, 4, 2), 15, date(2026, 4, 27)),
        # a bank holiday as day 0
        (date(2026, 4, 3), 1, date(2026, 4, 7)),
        # early May and spring bank holidays inside one 15-day run
        (date(2026, 5, 2), 1, date(2026, 5, 5)),
        (date(2026, 5, 2), 15, date(2026, 5, 26)),
        # summer bank holiday
        (date(2026, 8, 28), 1, date(2026, 9, 1)),
        # Christmas (Boxing Day substitute on Monday 28th) and New Year into 2027
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        (date(2026, 12, 24), 15, date(2027, 1, 19)),
        # New Year's Day 2026 as day 0 (a Thursday)
        (date(2026, 1, 1), 1, date(2026, 1, 2)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert calendar.add_working_days(start, n) == expected


def test_closure_days_are_skipped_like_holidays() -> None:
    closed = WorkingDayCalendar([date(2026, 3, 3), date(2026, 3, 4)])
    assert not closed.is_working_day(date(2026, 3, 3))
    assert closed.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 5)
    assert closed.add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 11)
    assert calendar.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)


def test_a_closure_on_a_weekend_changes_nothing() -> None:
    closed = WorkingDayCalendar([date(2026, 3, 7)])
    assert closed.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


@pytest.mark.parametrize("n", [0, -1])
def test_n_must_be_positive(n: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        calendar.add_working_days(date(2026, 3, 2), n)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        (date(2026, 3, 2), date(2026, 3, 9), 5),
        (date(2026, 3, 9), date(2026, 3, 2), -5),
        (date(2026, 4, 2), date(2026, 4, 7), 1),
        (date(2026, 3, 7), date(2026, 3, 8), 0),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert calendar.working_days_between(start, end) == expected


def _reference_add(start: date, n: int, closures: frozenset[date]) -> date:
    """A deliberately naive reading of the rule, for comparison."""
    day = start
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in BANK_HOLIDAYS_2026 and day not in closures:
            n -= 1
    return day


days_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30))


@settings(max_examples=300, deadline=None)
@given(
    start=days_2026,
    n=st.integers(min_value=1, max_value=20),
    closures=st.frozensets(days_2026, max_size=5),
)
def test_matches_a_naive_reading_of_the_rule(
    start: date, n: int, closures: frozenset[date]
) -> None:
    assert WorkingDayCalendar(closures).add_working_days(start, n) == _reference_add(
        start, n, closures
    )


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_result_is_the_nth_working_day_strictly_after(start: date, n: int) -> None:
    due = calendar.add_working_days(start, n)
    assert due > start
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == n
    assert calendar.add_working_days(start, n + 1) > due
    # every week holds five weekdays; each weekday bank holiday in between costs one more
    holidays_between = sum(
        1
        for offset in range(1, (due - start).days + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and calendar.is_bank_holiday(day)
    )
    assert (due - start).days <= ((n + holidays_between) // 5 + 1) * 7
