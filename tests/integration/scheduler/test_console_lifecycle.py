"""Staff drive cases to closure through the console's action forms, on PostgreSQL with the
referral made by intake's repository and the case opened by the open_case job."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.store.lifecycle import add_meeting
from shared import runtime
from tests.integration.scheduler.factories import open_case, scheduler_config, store_referral
from tests.integration.scheduler.rapid_review import RAPID_REVIEW_STEPS, through_rapid_review
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import csrf_token, page, sign_in

RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
TODAY = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
#: the console's clock, moved on by a test when a meeting happens
NOW = [TODAY]


@pytest.fixture
def console(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis
) -> Iterator[Flask]:
    app = create_app(scheduler_config(database_url, redis_url), engine=engine)
    c: Container = app.extensions["cspr"]
    c.clock = lambda: NOW[0]
    NOW[0] = TODAY
    add_staff(c, email="ops@partnership.example")
    add_staff(c, email="chair@partnership.example", role="chair")
    yield app
    runtime.clear()


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}  # fmt: skip


def act(client: FlaskClient, reference: str, key: str, **fields: object) -> None:
    url = f"/cases/{reference}/actions/{key}"
    form = client.get(url)
    assert form.status_code == 200, (key, form.status_code, page(form).get_text(" ", strip=True))
    data: dict[str, object] = {"csrf_token": csrf_token(client, url)}
    for name, value in fields.items():
        data.update(date_fields(name, value) if isinstance(value, date) else {name: value})
    response = client.post(url, data=data)
    errors = [a.get_text(strip=True) for a in page(response).select(".govuk-error-summary a")]
    assert response.status_code == 303, (
        key,
        response.status_code,
        errors or str(page(response).select_one("main")),
    )


def state_of(client: FlaskClient, reference: str) -> str:
    state = page(client.get(f"/cases/{reference}")).select_one("#state")
    assert state is not None
    return state.get_text(strip=True)


def test_a_serious_incident_is_closed_through_the_console(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    ops, chair = (
        signed_in(console, "ops@partnership.example"),
        signed_in(console, "chair@partnership.example"),
    )
    act(ops, reference, "record_leads_informed", informed_on=date(2026, 11, 3))
    act(chair, reference, "decide_criteria", criteria="met", decided_on=date(2026, 11, 4),
        rationale="A child was seriously harmed; neglect is suspected.")  # fmt: skip
    act(ops, reference, "record_panel_notification", notified_on=date(2026, 11, 4),
        dfe_reference="SIN-2026-000123")  # fmt: skip
    # the Rapid Review's own pages: test_report_console.py, test_approvals_postgres.py
    NOW[0] = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    through_rapid_review(console.extensions["cspr"], reference, date(2026, 11, 18))
    NOW[0] = TODAY
    act(ops, reference, "record_report_sent", sent_on=date(2026, 11, 18))
    act(ops, reference, "record_panel_response", response="agrees",
        responded_on=date(2026, 11, 19))  # fmt: skip
    act(chair, reference, "record_outcome", outcome="h", decided_on=date(2026, 11, 19),
        rationale="Learning already acted upon by each agency.",
        other_options_considered="yes")  # fmt: skip
    act(ops, reference, "record_agencies_informed", informed_on=date(2026, 11, 20))
    act(ops, reference, "close", reason="Outcome shared with every agency.")
    assert state_of(ops, reference) == "Closed"
    case_page = page(ops.get(f"/cases/{reference}"))
    assert len(case_page.select("#timeline-entries li")) == 8 + len(RAPID_REVIEW_STEPS)
    assert case_page.select("#actions a") == []
    notify = case_page.select_one("tr[data-clock='notify_panel']")
    assert notify is not None and "Met on time" in notify.get_text()


def test_a_practice_learning_case_is_closed_through_the_console(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    with engine.begin() as conn:
        add_meeting(conn, date(2026, 12, 10), TODAY)
    referral = store_referral(engine, form_id="practice-learning", received_at=RECEIVED)
    reference = open_case(redis_conn, referral.id)
    ops, chair = (
        signed_in(console, "ops@partnership.example"),
        signed_in(console, "chair@partnership.example"),
    )
    act(ops, reference, "queue_for_lfp_meeting")
    NOW[0] = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)  # the meeting has been held
    # weeks later: yesterday's sessions have ended, so both sign in again
    ops, chair = (
        signed_in(console, "ops@partnership.example"),
        signed_in(console, "chair@partnership.example"),
    )
    act(chair, reference, "record_lfp_decision", meeting_on=date(2026, 12, 10),
        decisions="training")  # fmt: skip
    act(ops, reference, "close")
    assert state_of(chair, reference) == "Closed"
