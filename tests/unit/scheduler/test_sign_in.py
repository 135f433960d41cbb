"""Signing in and out of the ops console; every page needs a signed-in member of staff."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from services.scheduler.bootstrap import Container
from services.scheduler.tables import staff_user
from tests.unit.scheduler.factories import STAFF_PASSWORD, add_staff, audit_rows
from tests.unit.scheduler.fakes import FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in, text


def test_sign_in_page_uses_the_service_name(client: FlaskClient) -> None:
    soup = page(client.get("/sign-in"))
    assert text(soup, ".govuk-header__service-name") == (
        "Learning from practice \u2013 case management"
    )
    assert text(soup, "h1") == "Sign in"
    assert one(soup, "input#email")["autocomplete"] == "username"
    assert one(soup, "input#password")["type"] == "password"
    assert text(soup, "title").startswith("Sign in")


def test_signing_in_goes_to_the_cases(client: FlaskClient, container: Container) -> None:
    user = add_staff(container, email="Chair@Partnership.Example", role="chair")
    response = sign_in(client, "chair@partnership.example ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/cases"
    assert text(page(client.get("/cases")), "h1") == "Cases"
    events = audit_rows(container.engine)
    assert [(e.action, e.actor_id) for e in events] == [
        ("staff.added", None),
        ("staff.signed_in", user.id),
        ("cases.listed", user.id),
    ]
    assert STAFF_PASSWORD not in repr(list(events))


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ops.person@partnership.example", "wrong password here"),
        ("nobody@partnership.example", STAFF_PASSWORD),
    ],
    ids=["wrong-password", "unknown-email"],
)
def test_a_failed_sign_in_says_the_same_thing_either_way(
    client: FlaskClient, container: Container, email: str, password: str
) -> None:
    add_staff(container)
    response = sign_in(client, email, password)
    soup = page(response)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert one(summary, "a")["href"] == "#email"
    assert text(summary, "a") == ("Enter a correct email address and password")
    assert text(soup, "title").startswith("Error: ")
    # the password is never sent back into the page
    assert one(soup, "input#password").get("value") in (None, "")
    assert client.get("/cases").status_code == 302
    _added, event = audit_rows(container.engine)
    assert event.action == "staff.sign_in_failed"
    assert password not in (event.detail + (event.actor_email or ""))
    if email.startswith("nobody"):
        assert event.actor_email is None and event.detail == "unknown email address"
    else:
        assert event.actor_email == email


def test_empty_fields_get_their_own_messages(client: FlaskClient) -> None:
    response = client.post("/sign-in", data={"csrf_token": csrf_token(client)})
    errors = [a.get_text(strip=True) for a in page(response).select(".govuk-error-summary a")]
    assert errors == ["Enter your email address", "Enter your password"]


def test_sign_in_without_a_csrf_token_is_refused(client: FlaskClient, container: Container) -> None:
    add_staff(container)
    response = client.post(
        "/sign-in", data={"email": "ops.person@partnership.example", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 400
    assert text(page(response), "h1") == "Your session has expired"


@pytest.mark.parametrize(
    "path", ["/cases", "/cases/GSCP-2026-0001", "/cases/GSCP-2026-0001/documents/3"]
)
def test_console_pages_need_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=" + path.replace("/", "%2F")


def test_after_sign_in_you_return_to_the_page_you_asked_for(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container)
    response = sign_in(client, "ops.person@partnership.example", next_url="/cases?sort=due")
    assert response.headers["Location"] == "/cases?sort=due"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(
    client: FlaskClient, container: Container, next_url: str
) -> None:
    add_staff(container)
    response = sign_in(client, "ops.person@partnership.example", next_url=next_url)
    assert response.headers["Location"] == "/cases"


def test_sign_in_starts_a_fresh_session(client: FlaskClient, container: Container) -> None:
    add_staff(container)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, "ops.person@partnership.example")
    with client.session_transaction() as session:
        assert "planted" not in session
        # only a random id: who it is and since when are on the server
        assert set(session) == {"sid"}


def test_sign_out(staff_client: FlaskClient, container: Container) -> None:
    soup = page(staff_client.get("/cases"))
    form = soup.select_one("form[action='/sign-out']")
    assert form is not None and form["method"] == "post"
    token = one(form, "input[name=csrf_token]")["value"]
    response = staff_client.post("/sign-out", data={"csrf_token": token})
    assert response.headers["Location"] == "/sign-in"
    assert staff_client.get("/cases").status_code == 302
    assert [e.action for e in audit_rows(container.engine)][-1] == "staff.signed_out"


def test_sign_out_is_post_only(staff_client: FlaskClient) -> None:
    assert staff_client.get("/sign-out").status_code == 405


def test_sessions_end_after_30_minutes_without_activity(
    staff_client: FlaskClient, clock: FixedClock
) -> None:
    clock.advance(minutes=29)
    assert staff_client.get("/cases").status_code == 200
    clock.advance(minutes=29)  # 29 minutes since the last request: still signed in
    assert staff_client.get("/cases").status_code == 200
    clock.advance(minutes=31)
    response = staff_client.get("/cases")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fcases&expired=1"
    banner = page(staff_client.get(response.headers["Location"]))
    assert "signed out because" in one(banner, ".govuk-notification-banner").get_text()


def test_a_signed_in_person_visiting_sign_in_goes_to_the_cases(staff_client: FlaskClient) -> None:
    response = staff_client.get("/sign-in")
    assert response.headers["Location"] == "/cases"


def test_root_redirects_to_cases(staff_client: FlaskClient) -> None:
    assert staff_client.get("/").headers["Location"] == "/cases"


def test_root_needs_sign_in(client: FlaskClient) -> None:
    assert client.get("/").headers["Location"] == "/sign-in?next=%2F"


def test_inactive_accounts_cannot_sign_in(client: FlaskClient, container: Container) -> None:
    add_staff(container)
    with container.engine.begin() as conn:
        conn.execute(update(staff_user).values(active=False))
    response = sign_in(client, "ops.person@partnership.example")
    assert response.status_code == 200
    assert page(response).select_one(".govuk-error-summary") is not None
