"""Sign-in throttling per account and per address, the same for accounts that do not exist."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from services.scheduler.bootstrap import Container
from services.scheduler.tables import sign_in_attempt
from tests.unit.scheduler.factories import STAFF_PASSWORD, add_staff, audit_rows
from tests.unit.scheduler.fakes import FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, one, page, text

EMAIL = "ops.person@partnership.example"
TOO_MANY = "Too many attempts. Wait 15 minutes and try again."


def attempt(
    client: FlaskClient, email: str, password: str, address: str = "10.0.0.1"
) -> TestResponse:
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client)
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base=environ,
    )


def fail(client: FlaskClient, email: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = attempt(client, email, "not the password", address)
        assert response.status_code == 200
        assert text(page(response), ".govuk-error-summary a") == (
            "Enter a correct email address and password"
        )


def refusal(response: TestResponse) -> tuple[int, str, str, str | None]:
    soup = page(response)
    return (
        response.status_code,
        text(soup, ".govuk-error-summary a"),
        one(soup, "#email-error").get_text(" ", strip=True),
        response.headers.get("Retry-After"),
    )


def test_five_failures_for_an_account_refuse_even_the_right_password(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container)
    fail(client, EMAIL, 5)
    response = attempt(client, EMAIL, STAFF_PASSWORD)
    assert refusal(response) == (429, TOO_MANY, f"Error: {TOO_MANY}", "900")
    assert client.get("/cases").status_code == 302
    # from another address too: it is the account that is protected
    assert attempt(client, EMAIL, STAFF_PASSWORD, "10.9.9.9").status_code == 429


def test_an_address_that_is_no_account_is_refused_exactly_alike(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container)
    fail(client, EMAIL, 5)
    fail(client, "nobody@partnership.example", 5, address="10.0.0.2")
    known = attempt(client, EMAIL, STAFF_PASSWORD)
    unknown = attempt(client, "nobody@partnership.example", STAFF_PASSWORD, "10.0.0.2")
    assert refusal(known) == refusal(unknown)
    assert same_page(known, EMAIL) == same_page(unknown, "nobody@partnership.example")


def same_page(response: TestResponse, email: str) -> str:
    """The page without what differs on every response (nonce, CSRF token) or was typed."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    html = re.sub(r'nonce="[^"]+"', "nonce", html)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "csrf", html)


def test_the_refusal_lasts_15_minutes_from_the_failures(
    client: FlaskClient, container: Container, clock: FixedClock
) -> None:
    add_staff(container)
    fail(client, EMAIL, 5)
    clock.advance(minutes=14, seconds=59)
    assert attempt(client, EMAIL, STAFF_PASSWORD).status_code == 429
    clock.advance(seconds=2)
    response = attempt(client, EMAIL, STAFF_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/cases"


def test_a_successful_sign_in_clears_the_account_count(
    client: FlaskClient, container: Container, clock: FixedClock
) -> None:
    add_staff(container)
    fail(client, EMAIL, 4)
    clock.advance(seconds=1)
    assert attempt(client, EMAIL, STAFF_PASSWORD).status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/cases")})
    clock.advance(seconds=1)
    fail(client, EMAIL, 4)  # four more: still only wrong-password messages
    assert attempt(client, EMAIL, STAFF_PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_refuse_it_whatever_the_account(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container)
    for n in range(5):
        fail(client, f"guess{n}@partnership.example", 4, address="192.0.2.7")
    assert refusal(attempt(client, EMAIL, STAFF_PASSWORD, "192.0.2.7"))[:2] == (429, TOO_MANY)
    assert attempt(client, EMAIL, STAFF_PASSWORD, "192.0.2.8").status_code == 302


def test_refused_attempts_are_audited_without_the_password(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container)
    fail(client, EMAIL, 5)
    attempt(client, EMAIL, STAFF_PASSWORD)
    attempt(client, "someone@else.example", "typed-password-1")
    events = audit_rows(container.engine)
    assert [e.action for e in events].count("staff.sign_in_failed") == 6
    throttled = [e for e in events if e.action == "staff.sign_in_throttled"]
    assert [(e.actor_email, e.detail, e.remote_addr) for e in throttled] == [
        (EMAIL, "too many failed attempts for this account", "10.0.0.1"),
    ]
    text_of_log = repr([tuple(e) for e in events])
    assert STAFF_PASSWORD not in text_of_log and "not the password" not in text_of_log
    assert "typed-password-1" not in text_of_log


def test_the_attempts_table_holds_no_email_address_and_forgets_old_rows(
    client: FlaskClient, container: Container, clock: FixedClock
) -> None:
    fail(client, "Mis.Typed@Partnership.example", 3)
    clock.advance(minutes=16)
    fail(client, "another@partnership.example", 1)
    with container.engine.connect() as conn:
        rows = list(conn.execute(select(sign_in_attempt)))
    assert len(rows) == 1, "attempts older than the window are deleted"
    assert "another" not in repr(rows) and len(rows[0].account_key) == 64


@pytest.mark.parametrize("email", [EMAIL, " OPS.Person@Partnership.Example "])
def test_the_account_count_ignores_case_and_spaces(
    client: FlaskClient, container: Container, email: str
) -> None:
    add_staff(container)
    fail(client, email, 5)
    assert attempt(client, EMAIL, STAFF_PASSWORD).status_code == 429
