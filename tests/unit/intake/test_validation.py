from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.intake.readmodel import SERIOUS_INCIDENT_KEYS
from services.intake.validation import (
    MAX_AGENCY,
    MAX_NAME,
    MAX_OUTLINE,
    check_serious_incident,
    clean_line,
    clean_text,
)
from tests.unit.intake.factories import submission

TODAY = date(2026, 11, 20)


def dob_error(day: str, month: str, year: str, *, today: date = TODAY) -> str | None:
    checked = check_serious_incident(submission(dob=(day, month, year)), today=today)
    return checked.errors.get("child_date_of_birth")


def test_a_complete_referral_gives_the_answers_the_scheduler_reads() -> None:
    checked = check_serious_incident(submission(), today=TODAY)
    assert checked.ok
    assert checked.answers == {
        "child_name": "Amelia Hartley-O'Brien",
        "child_date_of_birth": "2019-03-14",
        "referrer_name": "Sam Practitioner",
        "referrer_agency": "Designated Safeguarding Lead, Riverside Primary School",
        "referrer_email": "sam.practitioner@school.example",
        "outline": "Admitted to hospital with unexplained injuries.",
    }
    assert tuple(checked.answers) == SERIOUS_INCIDENT_KEYS


def test_an_empty_form_names_every_field_in_form_order() -> None:
    empty = submission(
        child_name="",
        dob=("", "", ""),
        referrer_name="",
        referrer_agency="",
        referrer_email="",
        outline="",
    )
    checked = check_serious_incident(empty, today=TODAY)
    assert checked.answers is None
    assert list(checked.errors.items()) == [
        ("child_name", "Enter the child's name"),
        ("child_date_of_birth", "Enter the child's date of birth"),
        ("referrer_name", "Enter the name of the person making the referral"),
        ("referrer_agency", "Enter your agency designation and title"),
        ("referrer_email", "Enter an email address"),
        ("outline", "Enter a brief outline of the child and family circumstances and the incident"),
    ]


@pytest.mark.parametrize("blank", [" ", "   ", "\t", "\n\n", " \r\n ", "\u00a0", "\x00", "\u2003"])
@pytest.mark.parametrize(
    "field", ["child_name", "referrer_name", "referrer_agency", "referrer_email", "outline"]
)
def test_whitespace_only_is_not_an_answer(field: str, blank: str) -> None:
    checked = check_serious_incident(replace(submission(), **{field: blank}), today=TODAY)
    assert field in checked.errors
    assert checked.errors[field].startswith("Enter ")


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
        ("20", "11", "2026", "2026-11-20"),  # born today: harmed at birth, referred that day
        ("1", "1", "1900", "1900-01-01"),
    ],
)
def test_real_dates_in_the_past_are_accepted(
    day: str, month: str, year: str, expected: str
) -> None:
    checked = check_serious_incident(submission(dob=(day, month, year)), today=TODAY)
    assert checked.errors == {}
    assert checked.answers is not None
    assert checked.answers["child_date_of_birth"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the child's date of birth"),
        (" ", " ", " ", "Enter the child's date of birth"),
        ("", "3", "2019", "Date of birth must include a day"),
        ("14", "", "2019", "Date of birth must include a month"),
        ("14", "3", "", "Date of birth must include a year"),
        ("", "", "2019", "Date of birth must include a day and month"),
        ("", "3", "", "Date of birth must include a day and year"),
        ("14", "", "", "Date of birth must include a month and year"),
        ("29", "2", "2023", "Date of birth must be a real date"),
        ("29", "2", "1900", "Date of birth must be a real date"),
        ("31", "4", "2019", "Date of birth must be a real date"),
        ("32", "1", "2019", "Date of birth must be a real date"),
        ("0", "1", "2019", "Date of birth must be a real date"),
        ("14", "13", "2019", "Date of birth must be a real date"),
        ("14", "0", "2019", "Date of birth must be a real date"),
        ("14", "ma", "2019", "Date of birth must be a real date"),
        ("14", "marchy", "2019", "Date of birth must be a real date"),
        ("fourteen", "3", "2019", "Date of birth must be a real date"),
        ("-1", "3", "2019", "Date of birth must be a real date"),
        ("1.5", "3", "2019", "Date of birth must be a real date"),
        ("١٤", "3", "2019", "Date of birth must be a real date"),
        ("14", "3", "20l9", "Date of birth must be a real date"),
        ("14", "3", "19", "Year must include 4 numbers"),
        ("14", "3", "02019", "Year must include 4 numbers"),
        ("1", "1", "1899", "Date of birth must be a real date"),
        ("21", "11", "2026", "Date of birth must be today or in the past"),
        ("1", "1", "2027", "Date of birth must be today or in the past"),
        ("29", "2", "2028", "Date of birth must be today or in the past"),
    ],
)
def test_date_of_birth_messages(day: str, month: str, year: str, message: str) -> None:
    assert dob_error(day, month, year) == message


def test_29_february_depends_on_the_year_and_on_today() -> None:
    assert dob_error("29", "2", "2024", today=date(2024, 2, 29)) is None
    assert dob_error("29", "2", "2024", today=date(2024, 2, 28)) == (
        "Date of birth must be today or in the past"
    )


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("child_name", MAX_NAME, f"Name of child must be {MAX_NAME} characters or fewer"),
        (
            "referrer_name",
            MAX_NAME,
            f"Name of person making referral must be {MAX_NAME} characters or fewer",
        ),
        (
            "referrer_agency",
            MAX_AGENCY,
            f"Agency designation and title must be {MAX_AGENCY} characters or fewer",
        ),
        ("outline", MAX_OUTLINE, "Outline must be 10,000 characters or fewer"),
    ],
)
def test_length_limits_are_inclusive(field: str, limit: int, message: str) -> None:
    at_limit = check_serious_incident(replace(submission(), **{field: "x" * limit}), today=TODAY)
    assert field not in at_limit.errors
    over = check_serious_incident(replace(submission(), **{field: "x" * (limit + 1)}), today=TODAY)
    assert over.errors == {field: message}


def test_length_is_counted_after_trimming() -> None:
    padded = "  " + "x" * MAX_NAME + "  "
    assert check_serious_incident(submission(child_name=padded), today=TODAY).ok


def test_a_very_long_email_address_is_refused() -> None:
    long_email = "a" * 250 + "@example.com"
    checked = check_serious_incident(submission(referrer_email=long_email), today=TODAY)
    assert checked.errors == {"referrer_email": "Email address must be 254 characters or fewer"}


@pytest.mark.parametrize(
    "email",
    [
        "not an email",
        "name.example.com",
        "name@",
        "@example.com",
        "name@example",
        "name@@example.com",
        "name@example..com",
        "name..dot@example.com",
        ".name@example.com",
        "name@example.c",
        "name@-example.com",
        "name@example.com.",
        "na me@example.com",
        "name@exa mple.com",
        "name@example.123",
        "name@example_domain.com",
        "<name@example.com>",
    ],
)
def test_malformed_email_addresses(email: str) -> None:
    checked = check_serious_incident(submission(referrer_email=email), today=TODAY)
    assert checked.errors == {
        "referrer_email": "Enter an email address in the correct format, like name@example.com"
    }


@pytest.mark.parametrize(
    "email",
    [
        "name@example.com",
        "first.last@school.sch.uk",
        "first.last+dsl@nhs.net",
        "o'brien@met.police.uk",
        "NAME@EXAMPLE.COM",
        "  spaced@example.com  ",
        "x@xn--bcher-kva.example",
        "user@bücher.example",
    ],
)
def test_plausible_email_addresses(email: str) -> None:
    checked = check_serious_incident(submission(referrer_email=email), today=TODAY)
    assert checked.ok, checked.errors
    assert checked.answers is not None
    assert checked.answers["referrer_email"] == email.strip()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Amelia   Hartley  ", "Amelia Hartley"),
        ("Amelia\tHartley", "Amelia Hartley"),
        ("Amelia\x00 Hartley", "Amelia Hartley"),
        ("Zoë Ní Bhriain", "Zoë Ní Bhriain"),
    ],
)
def test_one_line_answers_are_tidied(typed: str, stored: str) -> None:
    assert clean_line(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("First line.\r\nSecond line.", "First line.\nSecond line."),
        ("\n\n  Indented start\r\rend  \n", "Indented start\n\nend"),
        ("Tab\tkept, NUL\x00 and bell\x07 removed", "Tab\tkept, NUL and bell removed"),
    ],
)
def test_the_outline_keeps_its_lines(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored
    checked = check_serious_incident(submission(outline=typed), today=TODAY)
    assert checked.answers is not None
    assert checked.answers["outline"] == stored
