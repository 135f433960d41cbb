"""The working-day calculator: the console page and GET /api/v1/working-days."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler.bootstrap import Container
from services.scheduler.workingday_calculator import count_working_days, ordinal
from shared.workingdays import WorkingDayCalendar
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import one, page, sign_in, text

# the config fixture closes the partnership on 29 December 2026


@pytest.mark.parametrize(
    ("start", "n", "result"),
    [
        (date(2026, 4, 9), 0, date(2026, 4, 9)),
        (date(2026, 4, 9), 1, date(2026, 4, 10)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 4, 4), 1, date(2026, 4, 7)),  # a Saturday start is still day 0
        (date(2026, 12, 23), 3, date(2026, 12, 31)),
        (
            date(2026, 1, 1),
            400,
            WorkingDayCalendar([date(2026, 12, 29)]).add_working_days(date(2026, 1, 1), 400),
        ),
    ],
)
def test_counting(start: date, n: int, result: date) -> None:
    counted = count_working_days(WorkingDayCalendar([date(2026, 12, 29)]), start, n)
    assert counted.result == result


def test_the_days_skipped_and_why() -> None:
    counted = count_working_days(WorkingDayCalendar([date(2026, 12, 29)]), date(2026, 12, 23), 3)
    assert [(s.day.day, s.why) for s in counted.skipped] == [
        (25, "bank holiday"),
        (26, "weekend"),
        (27, "weekend"),
        (28, "bank holiday"),
        (29, "closure day"),
    ]


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
        (111, "111th"),
    ],
)
def test_ordinals(n: int, word: str) -> None:
    assert ordinal(n) == word


def ask(client: FlaskClient, day: str, month: str, year: str, days: str) -> TestResponse:
    return client.get(
        "/working-days",
        query_string={"start-day": day, "start-month": month, "start-year": year, "days": days},
    )


def test_the_page_gives_the_date_the_rule_and_the_days_skipped(
    staff_client: FlaskClient,
) -> None:
    soup = page(ask(staff_client, "23", "12", "2026", "3"))
    assert text(soup, "#result-date") == "31 December 2026"
    assert text(soup, "#result-rule") == (
        "The 3rd working day after 23 December 2026, not counting weekends, bank holidays in "
        "England and the partnership's closure days, is 31 December 2026. The start date "
        "itself is day 0."
    )
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all("td")]
        for tr in soup.select("#skipped tbody tr")
    ]
    assert rows == [
        ["Friday 25 December 2026", "Bank holiday"],
        ["Saturday 26 December 2026", "Weekend"],
        ["Sunday 27 December 2026", "Weekend"],
        ["Monday 28 December 2026", "Bank holiday"],
        ["Tuesday 29 December 2026", "Closure day"],
    ]
    assert one(soup, "#start-day")["value"] == "23"
    assert one(soup, "#days")["value"] == "3"


def test_the_empty_page_asks_without_complaining(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/working-days"))
    assert text(soup, "h1") == "Working-day calculator"
    assert soup.select_one(".govuk-error-summary") is None
    assert soup.select_one("#result") is None
    assert text(soup, "label[for=days]") == "Number of working days"
    assert text(soup, "#start legend, fieldset legend") == "Start date"


@pytest.mark.parametrize(
    ("date_parts", "days", "errors"),
    [
        (("", "", ""), "", ["Enter the start date", "Enter the number of working days"]),
        (("30", "2", "2026"), "5", ["The start date must be a real date"]),
        (("9", "4", "26"), "5", ["The start date must be a real date"]),
        (
            ("9", "4", "2026"),
            "401",
            ["The number of working days must be a whole number between 0 and 400"],
        ),
        (
            ("9", "4", "2026"),
            "2.5",
            ["The number of working days must be a whole number between 0 and 400"],
        ),
        (
            ("9", "4", "2026"),
            "-1",
            ["The number of working days must be a whole number between 0 and 400"],
        ),
    ],
)
def test_gov_uk_errors(
    staff_client: FlaskClient, date_parts: tuple[str, str, str], days: str, errors: list[str]
) -> None:
    soup = page(ask(staff_client, *date_parts, days))
    summary = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]
    assert summary == errors
    assert soup.select_one("#result") is None
    assert soup.title is not None and soup.title.get_text().startswith("Error:")


@pytest.mark.parametrize("role", ["chair", "partner-lead", "admin"])
def test_every_signed_in_role_may_use_the_page(app: Flask, container: Container, role: str) -> None:
    add_staff(container, email=f"{role}@partnership.example", role=role)
    client = app.test_client()
    sign_in(client, f"{role}@partnership.example")
    soup = page(ask(client, "9", "4", "2026", "0"))
    assert text(soup, "#result-date") == "9 April 2026"
    nav = [a.get_text(strip=True) for a in soup.select("#navigation a")]
    assert "Working days" in nav
    assert ("Meetings" in nav) == (role == "admin")


def test_the_api(staff_client: FlaskClient) -> None:
    response = staff_client.get("/api/v1/working-days?from=2026-12-23&add=3")
    assert response.status_code == 200
    assert response.json == {"from": "2026-12-23", "add": 3, "date": "2026-12-31"}


def test_the_api_with_the_service_token(client: FlaskClient) -> None:
    response = client.get(
        "/api/v1/working-days?from=2026-04-02&add=1",
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )
    assert response.json == {"from": "2026-04-02", "add": 1, "date": "2026-04-07"}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("add=3", "from must be a real date written YYYY-MM-DD, like 2026-04-09"),
        ("from=2026-02-30&add=3", "from must be a real date written YYYY-MM-DD, like 2026-04-09"),
        ("from=20260409&add=3", "from must be a real date written YYYY-MM-DD, like 2026-04-09"),
        ("from=2026-04-09", "add: enter the number of working days"),
        (
            "from=2026-04-09&add=401",
            "add: the number of working days must be a whole number between 0 and 400",
        ),
        (
            "from=2026-04-09&add=x",
            "add: the number of working days must be a whole number between 0 and 400",
        ),
    ],
)
def test_the_api_refuses_a_bad_date_or_number(
    staff_client: FlaskClient, query: str, reason: str
) -> None:
    response = staff_client.get(f"/api/v1/working-days?{query}")
    assert response.status_code == 400
    assert response.json == {"error": "bad_request", "reason": reason}


def test_the_api_needs_signing_in_or_the_token(client: FlaskClient) -> None:
    response = client.get("/api/v1/working-days?from=2026-04-09&add=1")
    assert response.status_code == 401
