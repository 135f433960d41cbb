"""Dates typed as day, month and year (GOV.UK date input), read by the Date question."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.forms.checks import check_answers
from shared.forms.dates import read_date
from shared.forms.questions import Date, long_date
from tests.unit.forms.support import SI, TODAY, answers, question

DOB = question(SI, "child_date_of_birth")


def dob(day: str, month: str, year: str, *, today: date = TODAY) -> tuple[str | None, str | None]:
    reading = DOB.read({DOB.id: [day, month, year]}, today)
    return reading.value, reading.error


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("14", "3", "2019", "2019-03-14"),
        ("01", "01", "2010", "2010-01-01"),
        (" 7 ", " 11 ", " 2015 ", "2015-11-07"),
        ("29", "2", "2024", "2024-02-29"),
        ("29", "2", "2000", "2000-02-29"),
        ("31", "12", "2025", "2025-12-31"),
        ("14", "March", "2019", "2019-03-14"),
        ("14", "mar", "2019", "2019-03-14"),
        ("14", "Sept", "2019", "2019-09-14"),
        ("14", "DEC.", "2019", "2019-12-14"),
        ("14", "febru", "2019", "2019-02-14"),
        ("20", "11", "2026", "2026-11-20"),  # born today: harmed at birth, referred that day
        ("1", "1", "1900", "1900-01-01"),
    ],
)
def test_real_dates_in_the_past_are_accepted(
    day: str, month: str, year: str, expected: str
) -> None:
    assert dob(day, month, year) == (expected, None)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the child's date of birth"),
        (" ", " ", " ", "Enter the child's date of birth"),
        ("", "3", "2019", "Child's date of birth must include a day"),
        ("14", "", "2019", "Child's date of birth must include a month"),
        ("14", "3", "", "Child's date of birth must include a year"),
        ("", "", "2019", "Child's date of birth must include a day and month"),
        ("", "3", "", "Child's date of birth must include a day and year"),
        ("14", "", "", "Child's date of birth must include a month and year"),
        ("31", "2", "2020", "Child's date of birth must be a real date"),
        ("29", "2", "2023", "Child's date of birth must be a real date"),
        ("29", "2", "1900", "Child's date of birth must be a real date"),
        ("31", "4", "2019", "Child's date of birth must be a real date"),
        ("32", "1", "2019", "Child's date of birth must be a real date"),
        ("0", "1", "2019", "Child's date of birth must be a real date"),
        ("14", "13", "2019", "Child's date of birth must be a real date"),
        ("14", "0", "2019", "Child's date of birth must be a real date"),
        ("14", "ma", "2019", "Child's date of birth must be a real date"),
        ("14", "marchy", "2019", "Child's date of birth must be a real date"),
        ("fourteen", "3", "2019", "Child's date of birth must be a real date"),
        ("-1", "3", "2019", "Child's date of birth must be a real date"),
        ("1.5", "3", "2019", "Child's date of birth must be a real date"),
        ("١٤", "3", "2019", "Child's date of birth must be a real date"),
        ("14", "3", "20l9", "Child's date of birth must be a real date"),
        ("14", "3", "\uff12\uff10\uff11\uff19", "Child's date of birth must be a real date"),
        ("1\x004", "3", "2019", "Child's date of birth must be a real date"),
        ("14", "3\ufffd", "2019", "Child's date of birth must be a real date"),
        ("14", "3", "19", "Year must include 4 numbers"),
        ("14", "3", "219", "Year must include 4 numbers"),
        ("14", "3", "02019", "Year must include 4 numbers"),
        ("14", "3", "1" * 100_000, "Year must include 4 numbers"),
        ("1", "1", "1899", "Child's date of birth must be a real date"),
        ("1", "1", "0001", "Child's date of birth must be a real date"),
        ("1", "1", "0000", "Child's date of birth must be a real date"),
        ("21", "11", "2026", "Child's date of birth must be today or in the past"),
        ("1", "1", "2027", "Child's date of birth must be today or in the past"),
        ("29", "2", "2028", "Child's date of birth must be today or in the past"),
    ],
)
def test_date_of_birth_messages(day: str, month: str, year: str, message: str) -> None:
    assert dob(day, month, year) == (None, message)


def test_29_february_depends_on_the_year_and_on_today() -> None:
    assert dob("29", "2", "2024", today=date(2024, 2, 29)) == ("2024-02-29", None)
    assert dob("29", "2", "2024", today=date(2024, 2, 28)) == (
        None,
        "Child's date of birth must be today or in the past",
    )


@pytest.mark.parametrize("posted", [[], ["14"], ["14", "3"]])
def test_fewer_than_three_boxes_posted_count_as_empty_ones(posted: list[str]) -> None:
    error = DOB.read({DOB.id: posted}, TODAY).error
    assert error is not None
    assert error.startswith(("Enter", "Child's date of birth must include"))


def test_an_optional_date_left_empty_is_no_answer() -> None:
    optional = Date(id="when", label="When", name="the date", required=False)
    assert optional.read({"when": ["", "", ""]}, TODAY) == optional.read({}, TODAY)
    assert optional.read({}, TODAY).value is None
    assert optional.read({}, TODAY).error is None


def test_a_date_allowed_in_the_future_and_one_with_a_floor() -> None:
    future = Date(id="meeting", label="Meeting", name="the meeting date", not_after_today=False)
    assert future.read({"meeting": ["1", "1", "2030"]}, TODAY).value == "2030-01-01"
    floored = Date(id="since", label="Since", name="the start date", not_before=date(2020, 4, 1))
    assert floored.read({"since": ["31", "3", "2020"]}, TODAY).error == (
        "Start date must be on or after 1 April 2020"
    )
    assert floored.read({"since": ["1", "4", "2020"]}, TODAY).value == "2020-04-01"


def test_read_date_names_what_is_missing_with_its_label() -> None:
    assert read_date("", "", "", label="Date").empty
    assert read_date("1", "", "", label="Date of the event").error == (
        "Date of the event must include a month and year"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [(date(2019, 3, 14), "14 March 2019"), (date(2026, 1, 1), "1 January 2026")],
)
def test_dates_are_shown_in_govuk_style(value: date, shown: str) -> None:
    assert long_date(value) == shown
    assert DOB.display(value.isoformat()) == shown
    assert DOB.display(None) == DOB.display("") == "Not given"


days_back = st.integers(min_value=0, max_value=(TODAY - date(1900, 1, 1)).days)


@given(days_back)
def test_every_date_the_checker_accepts_round_trips(back: int) -> None:
    stored = (TODAY - timedelta(days=back)).isoformat()
    raw = DOB.to_raw(stored)
    assert DOB.read(raw, TODAY).value == stored
    assert check_answers(SI, answers(child_date_of_birth=stored), TODAY).ok


@given(st.text(max_size=4), st.text(max_size=12), st.text(max_size=6))
def test_whatever_is_typed_an_accepted_date_round_trips(day: str, month: str, year: str) -> None:
    reading = DOB.read({DOB.id: [day, month, year]}, TODAY)
    assert (reading.value is None) != (reading.error is None)
    if reading.value is not None:
        assert date(1900, 1, 1) <= date.fromisoformat(reading.value) <= TODAY
        assert DOB.read(DOB.to_raw(reading.value), TODAY).value == reading.value


@given(st.dates(min_value=TODAY + timedelta(days=1)))
def test_future_dates_are_refused(day: date) -> None:
    value, error = dob(str(day.day), str(day.month), str(day.year))
    assert value is None
    assert error == "Child's date of birth must be today or in the past"
