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
from shared.forms import samples
from shared.forms.registry import get_form
from tests.integration.scheduler.factories import open_case, scheduler_config, store_referral
from tests.integration.scheduler.rapid_review import RAPID_REVIEW_STEPS
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


def call(
    client: FlaskClient, who: dict[str, str], method: str, url: str, status: int, **body: Any
) -> dict[str, Any]:
    response = client.open(url, method=method, json=body if body else None, headers=who)
    assert response.status_code == status, (url, response.status_code, response.get_data())
    found: dict[str, Any] = response.get_json() if response.data else {}
    return found


def rapid_review_through_the_api(
    api: Flask, client: FlaskClient, ops: dict[str, str], reference: str, on: date
) -> None:
    """From "Panel notified" to "Recommendation approved" by API v1 calls only."""
    base = f"/api/v1/cases/{reference}"
    listed = call(client, ops, "GET", f"{base}/agencies", 200)["agencies"]
    for n, agency in enumerate(listed):
        call(client, ops, "PATCH", f"{base}/agencies/{agency['id']}", 200,
             representative=f"Rep {n}", email=f"rep{n}@agency.example")  # fmt: skip
    school = {"name": "Riverside Primary", "kind": "education", "representative": "Ann Head",
              "email": "head@school.example"}  # fmt: skip
    added = call(client, ops, "POST", f"{base}/agencies", 201, **school)
    assert added["status"] == "not_sent"
    why = "The partners could meet only then"
    act(client, ops, reference, "send_scoping_requests", sent_on=on,
        summary_of_case="A serious incident.", time_period="The last year")  # fmt: skip
    act(client, ops, reference, "set_meeting_date", meeting_on=on, outside_window_reason=why)
    people = [("Pat Social", "local_authority"), ("Dee Police", "police"), ("Hal Nurse", "health"),
              ("Sam Teacher", "none")]  # fmt: skip
    for name, partner in people:
        call(client, ops, "POST", f"{base}/meeting/participants", 201, name=name,
             job_role="Manager", agency=f"{partner} agency", partner=partner)  # fmt: skip
    meeting = call(client, ops, "GET", f"{base}/meeting", 200)
    assert meeting["quorate"] is True and len(meeting["participants"]) == 4
    teacher = meeting["participants"][-1]
    assert teacher["partner"] is None
    call(client, ops, "DELETE", f"{base}/meeting/participants/{teacher['id']}", 204)
    act(client, ops, reference, "record_meeting_held", held_on=on, outside_window_reason=why)

    started = call(client, ops, "POST", f"{base}/report/draft", 201)
    assert started["newest"]["status"] == "draft" and started["newest"]["version"] == 1
    answers = samples.answers(get_form("rapid-review-report"), today=on)
    call(client, ops, "PATCH", f"{base}/report/draft", 200, answers=answers)
    final = call(client, ops, "POST", f"{base}/report/final", 200)
    assert final["awaiting_approval"] is True and final["newest"]["status"] == "final"
    c: Container = api.extensions["cspr"]
    for partner in ("local_authority", "police", "health"):
        email = f"{partner}.lead@partner.example"
        add_staff(c, email=email, role="partner-lead", partner=partner)
        act(client, bearer(api, email), reference, "decide_recommendation", decision="approve")


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
    refused = client.post(f"/api/v1/cases/{reference}/actions/record_report_sent",
                          json={"sent_on": "2026-11-18"}, headers=ops)  # fmt: skip
    assert refused.status_code == 409
    NOW[0] = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    rapid_review_through_the_api(api, client, ops, reference, date(2026, 11, 18))
    assert detail(client, ops, reference)["state"] == "recommendation_approved"
    act(client, ops, reference, "record_report_sent", sent_on=date(2026, 11, 18))
    NOW[0] = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    act(client, ops, reference, "record_panel_response", response="agrees",
        responded_on=date(2026, 11, 19))  # fmt: skip
    act(client, chair, reference, "record_outcome", outcome="h", decided_on=date(2026, 11, 19),
        rationale="Learning already acted upon by each agency.",
        other_options_considered=True)  # fmt: skip
    act(client, ops, reference, "record_agencies_informed", informed_on=date(2026, 11, 20))
    act(client, ops, reference, "close", reason="Outcome shared with every agency.")
    case = detail(client, ops, reference)
    assert case["state"] == "closed"
    # and the agency added, the fourth participant added and taken off
    assert len(case["timeline"]) == 8 + len(RAPID_REVIEW_STEPS) + 3
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
