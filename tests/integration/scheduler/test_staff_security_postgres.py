"""Server-side sessions, sign-in throttling and the audit CSV against PostgreSQL, with real
Argon2 hashing; and migration 0003 down and up again on a database of its own."""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.tables import sign_in_attempt, staff_session
from shared import migrate, runtime
from shared.config import Config
from tests.fixtures.database import ADMIN_URL
from tests.unit.scheduler.factories import STAFF_PASSWORD, add_staff
from tests.unit.scheduler.fakes import FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in

EMAIL = "ops.person@partnership.example"
COOKIE = "cspr_scheduler"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 4, 9, 9, 0, tzinfo=UTC))


@pytest.fixture
def app(scheduler_config: Config, engine: Engine, clock: FixedClock) -> Iterator[Flask]:
    """The scheduler with its real adapters, on a clock this test moves."""
    app = create_app(scheduler_config, engine=engine, clock=clock)
    app.testing = True
    yield app
    runtime.clear()


@pytest.fixture
def container(app: Flask) -> Container:
    c: Container = app.extensions["cspr"]
    return c


def post_sign_in(client: FlaskClient, email: str, password: str, address: str) -> int:
    token = csrf_token(client)
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_a_copied_cookie_is_refused_after_sign_out(app: Flask, container: Container) -> None:
    add_staff(container)
    browser = app.test_client()
    assert sign_in(browser, EMAIL).status_code == 302
    cookie = browser.get_cookie(COOKIE)
    assert cookie is not None
    copy = app.test_client()
    copy.set_cookie(COOKIE, cookie.value)
    assert copy.get("/cases").status_code == 200

    browser.post("/sign-out", data={"csrf_token": csrf_token(browser, "/cases")})

    assert copy.get("/cases").headers["Location"] == "/sign-in?next=%2Fcases"
    with browser.session_transaction() as session:
        assert "sid" not in session
    with container.engine.connect() as conn:
        (row,) = conn.execute(select(staff_session))
    assert row.end_reason == "signed_out" and row.ended_at is not None
    assert len(row.token_hash) == 64


def test_an_idle_session_ends_after_30_minutes(
    app: Flask, container: Container, clock: FixedClock
) -> None:
    add_staff(container)
    browser = app.test_client()
    sign_in(browser, EMAIL)
    with browser.session_transaction() as session:
        sid = session["sid"]
    clock.advance(minutes=30)
    assert browser.get("/cases").status_code == 200  # exactly 30 minutes: still in
    clock.advance(minutes=30, seconds=1)
    response = browser.get("/cases")
    assert response.headers["Location"] == "/sign-in?next=%2Fcases&expired=1"
    with container.engine.connect() as conn:
        row = conn.execute(
            select(staff_session).where(
                staff_session.c.token_hash == hashlib.sha256(sid.encode()).hexdigest()
            )
        ).one()
    assert row.end_reason == "idle"
    assert row.last_seen_at == datetime(2026, 4, 9, 9, 30, tzinfo=UTC)


def test_throttling_per_account_alike_for_unknown_accounts(
    app: Flask, container: Container, clock: FixedClock
) -> None:
    add_staff(container)
    browser = app.test_client()
    for _ in range(5):
        assert post_sign_in(browser, EMAIL, "wrong password!", "10.0.0.1") == 200
        assert post_sign_in(browser, "nobody@partnership.example", "x", "10.0.0.2") == 200
    assert post_sign_in(browser, EMAIL, STAFF_PASSWORD, "10.0.0.1") == 429
    token = csrf_token(browser)
    refused = browser.post(
        "/sign-in",
        data={"csrf_token": token, "email": "nobody@partnership.example", "password": "x"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert refused.status_code == 429
    assert one(page(refused), ".govuk-error-summary a").get_text(strip=True) == (
        "Too many attempts. Wait 15 minutes and try again."
    )
    clock.advance(minutes=15, seconds=1)
    assert post_sign_in(browser, EMAIL, STAFF_PASSWORD, "10.0.0.1") == 302
    with container.engine.connect() as conn:
        keys = conn.execute(select(sign_in_attempt.c.account_key)).scalars().all()
    assert keys and all(EMAIL not in k and len(k) == 64 for k in keys)


def test_throttling_per_address(app: Flask, container: Container) -> None:
    add_staff(container)
    browser = app.test_client()
    for n in range(20):
        assert post_sign_in(browser, f"guess{n}@example.com", "x", "198.51.100.4") == 200
    assert post_sign_in(browser, EMAIL, STAFF_PASSWORD, "198.51.100.4") == 429
    assert post_sign_in(browser, EMAIL, STAFF_PASSWORD, "198.51.100.5") == 302


def test_the_audit_csv_from_postgres(app: Flask, container: Container) -> None:
    add_staff(container, email="admin@partnership.example", role="admin")
    add_staff(container, email="=cmd@partnership.example")
    browser = app.test_client()
    sign_in(browser, "=cmd@partnership.example")
    browser.get("/audit")  # refused: an ops account
    admin = app.test_client()
    sign_in(admin, "admin@partnership.example")
    response = admin.get("/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == [
        "id",
        "at_utc",
        "action",
        "actor_id",
        "actor_email",
        "case_reference",
        "detail",
        "remote_addr",
    ]
    # newest first, the export itself included
    assert [r[2] for r in table[1:]] == [
        "audit.exported",
        "staff.signed_in",
        "access.denied",
        "staff.signed_in",
        "staff.added",
        "staff.added",
    ]
    denied = table[3]
    assert denied[4] == "'=cmd@partnership.example"
    assert denied[1] == "2026-04-09T09:00:00+00:00"
    assert denied[6] == "endpoint=audit.events; method=GET; role=ops"
    ids = [int(r[0]) for r in table[1:]]
    assert ids == sorted(ids, reverse=True)


def test_migration_0003_goes_down_and_up_on_postgres() -> None:
    name = f"cspr_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate.upgrade(url, "0003")
        command.downgrade(migrate.alembic_config(url), "0002")
        _check_schema(url, expect_0003=False)
        migrate.upgrade(url, "0003")
        _check_schema(url, expect_0003=True)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _check_schema(url: str, *, expect_0003: bool) -> None:
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names())
        columns = {c["name"] for c in inspector.get_columns("scheduler_staff_user")}
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    new_tables = {"scheduler_staff_session", "scheduler_sign_in_attempt"}
    assert (new_tables <= tables) is expect_0003
    assert ("partner" in columns) is expect_0003
    assert revision == ("0003" if expect_0003 else "0002")
