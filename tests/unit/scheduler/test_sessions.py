"""Console sessions live on the server: a copied cookie dies with its session."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from services.scheduler.accounts import deactivate_staff
from services.scheduler.bootstrap import Container, build_container
from services.scheduler.policies import SessionPolicy
from services.scheduler.tables import staff_session, staff_user
from shared.config import Config, ConfigError
from tests.unit.scheduler.factories import STAFF_PASSWORD, add_staff, audit_rows
from tests.unit.scheduler.fakes import FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in

COOKIE = "cspr_scheduler"
EMAIL = "ops.person@partnership.example"


def cookie_of(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def browser_with(app: Flask, cookie: str) -> FlaskClient:
    """Another browser, holding a copy of someone's cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def sessions_table(engine: Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(staff_session).order_by(staff_session.c.id))
        return [(r.token_hash, r.end_reason) for r in rows]


def test_the_cookie_holds_a_random_id_and_the_server_only_its_hash(
    staff_client: FlaskClient, container: Container
) -> None:
    with staff_client.session_transaction() as session:
        sid = session["sid"]
    assert len(sid) >= 43  # 256 bits, URL-safe base64
    ((stored, ended),) = sessions_table(container.engine)
    assert stored == hashlib.sha256(sid.encode()).hexdigest()
    assert ended is None


def test_a_copied_cookie_stops_working_at_sign_out(
    app: Flask, staff_client: FlaskClient, container: Container
) -> None:
    copy = browser_with(app, cookie_of(staff_client))
    assert copy.get("/cases").status_code == 200

    staff_client.post("/sign-out", data={"csrf_token": csrf_token(staff_client, "/cases")})

    response = copy.get("/cases")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fcases"
    assert [reason for _, reason in sessions_table(container.engine)] == ["signed_out"]


def test_signing_in_again_gives_a_new_id_and_ends_the_old_one(
    app: Flask, staff_client: FlaskClient, container: Container
) -> None:
    before = cookie_of(staff_client)
    with staff_client.session_transaction() as session:
        old_sid = session["sid"]
    token = csrf_token(staff_client, "/cases")  # signed in, /sign-in only redirects
    staff_client.post(
        "/sign-in", data={"csrf_token": token, "email": EMAIL, "password": STAFF_PASSWORD}
    )
    with staff_client.session_transaction() as session:
        assert session["sid"] != old_sid
    assert staff_client.get("/cases").status_code == 200
    assert browser_with(app, before).get("/cases").status_code == 302
    assert [reason for _, reason in sessions_table(container.engine)] == ["replaced", None]


def test_an_idle_session_ends_on_the_server_and_is_audited(
    app: Flask, staff_client: FlaskClient, container: Container, clock: FixedClock
) -> None:
    copy = cookie_of(staff_client)
    clock.advance(minutes=31)
    response = staff_client.get("/cases")
    assert response.headers["Location"] == "/sign-in?next=%2Fcases&expired=1"
    clock.advance(minutes=-30)  # even if the clock were wound back: it has ended
    assert browser_with(app, copy).get("/cases").status_code == 302
    assert [reason for _, reason in sessions_table(container.engine)] == ["idle"]
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.detail) == (
        "staff.session_ended",
        EMAIL,
        "reason=idle",
    )


def test_a_session_ends_12_hours_after_sign_in_however_busy(
    staff_client: FlaskClient, container: Container, clock: FixedClock
) -> None:
    for _ in range(35):  # 11 hours 40 minutes of a request every 20 minutes
        clock.advance(minutes=20)
        assert staff_client.get("/cases").status_code == 200
    clock.advance(minutes=20)
    response = staff_client.get("/cases")
    assert response.headers["Location"] == "/sign-in?next=%2Fcases&expired=max"
    banner = one(page(staff_client.get(response.headers["Location"])), ".govuk-notification-banner")
    assert "signed in for 12 hours" in banner.get_text()
    assert [reason for _, reason in sessions_table(container.engine)] == ["max_age"]


def test_deactivating_an_account_ends_its_sessions_at_once(
    app: Flask, staff_client: FlaskClient, container: Container
) -> None:
    second = app.test_client()
    sign_in(second, EMAIL)
    assert deactivate_staff(container, EMAIL) == 2
    for browser in (staff_client, second):
        assert browser.get("/cases").status_code == 302
    assert [reason for _, reason in sessions_table(container.engine)] == [
        "deactivated",
        "deactivated",
    ]


def test_an_account_made_inactive_directly_is_signed_out_too(
    staff_client: FlaskClient, container: Container
) -> None:
    with container.engine.begin() as conn:
        conn.execute(update(staff_user).values(active=False))
    assert staff_client.get("/cases").status_code == 302
    assert [reason for _, reason in sessions_table(container.engine)] == ["deactivated"]


def test_a_made_up_session_id_is_nobody(app: Flask, client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["sid"] = "a-guess"
    assert client.get("/cases").status_code == 302
    with client.session_transaction() as session:
        assert "sid" not in session


def test_lifetimes_come_from_the_settings(config: Config) -> None:
    changed = config.with_overrides(SESSION_IDLE_MINUTES="5", SESSION_MAX_HOURS="8")
    policy = build_container(changed).session_policy
    assert policy == SessionPolicy(idle=timedelta(minutes=5), max_age=timedelta(hours=8))


@pytest.mark.parametrize("value", ["0", "-3", "thirty", ""])
def test_a_bad_lifetime_is_named_at_start_up(config: Config, value: str) -> None:
    with pytest.raises(ConfigError, match="SESSION_IDLE_MINUTES"):
        SessionPolicy.from_config(config.with_overrides(SESSION_IDLE_MINUTES=value))


def test_the_signed_in_person_is_named_with_their_role(
    client: FlaskClient, container: Container
) -> None:
    add_staff(container, email="lead@partnership.example", name="Pat Lead", role="partner-lead")
    sign_in(client, "lead@partnership.example")
    named = one(page(client.get("/cases")), "#signed-in-as").get_text(" ", strip=True)
    assert named == "Pat Lead, a lead representative (Police)"
