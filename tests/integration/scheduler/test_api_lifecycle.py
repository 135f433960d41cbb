"""Cases of both routes closed through the JSON API v1 on PostgreSQL, with tokens made by the
real `cspr tokens` code for staff accounts, the case opened by the open_case job."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

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
from tests.unit.scheduler.factories import add_staff, api_token

RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
NOW = [datetime(2026, 11, 20, 12, 0, tzinfo=UTC)]


@pytest.fixture
def api(database_url: str, redis_url: str, engine: Engine, redis_conn: Redis) -> Iterator[Flask]:
    app = create_app(scheduler_config(database_url, redis_url), engine=engine)
    c: Container = app.extensions["cspr"]
    NOW[0] = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    c.clock = lambda: NOW[0]
    add_staff(c, email="ops@partnership.example")
    add_staff(c, email="chair@partnership.example", role="chair")
    yield app
    runtime.clear()


def bearer(app: Flask, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(app.extensions['cspr'], email=email)}"}


def act(client: FlaskClient, who: dict[str, str], reference: str, key: str, **body: Any) -> None:
    sent = {k: v.isoformat() if isinstance(v, date) else v for k, v in body.items()}
    response = client.post(f"/api/v1/cases/{reference}/actions/{key}", json=sent, headers=who)
    assert response.status_code == 200, (key, response.status_code, response.get_json())
    assert response.headers["Cache-Control"] == "no-store"


def detail(client: FlaskClient, who: dict[str, str], reference: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/cases/{reference}", headers=who)
    assert response.status_code == 200
    found: dict[str, Any] = response.get_json()
    return found


def test_a_serious_incident_is_closed_through_the_api(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    client = api.test_client()
    ops, chair = bearer(api, "ops@partnership.example"), bearer(api, "chair@partnership.example")
    act(client, ops, reference, "record_leads_informed", informed_on=date(2026, 11, 3))
    refused = client.post(
        f"/api/v1/cases/{reference}/actions/decide_criteria", json={"criteria": "met"}, headers=ops
    )
    assert refused.status_code == 409
    assert refused.get_json()["reason"].startswith("Only the chair can")
    act(client, chair, reference, "decide_criteria", criteria="met",
        rationale="A child was seriously harmed; neglect is suspected.",
        decided_on=date(2026, 11, 4))  # fmt: skip
    act(client, ops, reference, "record_panel_notification", notified_on=date(2026, 11, 4),
        dfe_reference="SIN-2026-000123")  # fmt: skip
    act(client, ops, reference, "record_report_sent", sent_on=date(2026, 11, 18))
    act(client, ops, reference, "record_panel_response", response="agrees",
        responded_on=date(2026, 11, 19))  # fmt: skip
    act(client, chair, reference, "record_outcome", outcome="h", decided_on=date(2026, 11, 19),
        rationale="Learning already acted upon by each agency.",
        other_options_considered=True)  # fmt: skip
    act(client, ops, reference, "record_agencies_informed", informed_on=date(2026, 11, 20))
    act(client, ops, reference, "close", reason="Outcome shared with every agency.")
    case = detail(client, ops, reference)
    assert case["state"] == "closed"
    assert len(case["timeline"]) == 8
    clocks = {c["key"]: c for c in case["clocks"]}
    assert clocks["notify_panel"]["met_on"] == "2026-11-04"


def test_a_practice_learning_case_is_closed_through_the_api(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    with engine.begin() as conn:
        add_meeting(conn, date(2026, 12, 10), NOW[0])
    referral = store_referral(engine, form_id="practice-learning", received_at=RECEIVED)
    reference = open_case(redis_conn, referral.id)
    client = api.test_client()
    ops, chair = bearer(api, "ops@partnership.example"), bearer(api, "chair@partnership.example")
    act(client, ops, reference, "queue_for_lfp_meeting")
    NOW[0] = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    act(client, chair, reference, "record_lfp_decision", meeting_on=date(2026, 12, 10),
        decisions=["training"])  # fmt: skip
    act(client, ops, reference, "close")
    assert detail(client, chair, reference)["state"] == "closed"
