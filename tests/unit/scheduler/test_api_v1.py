"""JSON API v1: staff API tokens acting with their role, case list and detail, actions with
the console's rules and wording, JSON errors, no-store, and the OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler.bootstrap import Container
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.web.agencies import CHANGE_SLUGS
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import (
    add_staff,
    api_token,
    attach_document,
    audit_rows,
    open_case,
)
from tests.unit.scheduler.web_helpers import sign_in

CASE = "GSCP-2026-0001"


def js(response: TestResponse) -> Any:
    data = response.get_json()
    assert data is not None, response.status_code
    return data


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def ops(container: Container) -> dict[str, str]:
    add_staff(container, email="ops@partnership.example", role="ops")
    return bearer(api_token(container, email="ops@partnership.example"))


@pytest.fixture
def chair(container: Container) -> dict[str, str]:
    add_staff(container, email="chair@partnership.example", role="chair")
    return bearer(api_token(container, email="chair@partnership.example"))


@pytest.fixture
def case(container: Container) -> str:
    return open_case(container, reference=CASE)


def post(client: FlaskClient, action: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(f"/api/v1/cases/{CASE}/actions/{action}", json=body, headers=headers)


def test_a_staff_token_lists_cases_with_filters(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    open_case(container, reference="GSCP-2026-0002", kind="practice_learning")
    every = client.get("/api/v1/cases", headers=ops)
    assert every.status_code == 200
    assert every.headers["Cache-Control"] == "no-store"
    assert {c["reference"] for c in js(every)["cases"]} == {CASE, "GSCP-2026-0002"}
    first = next(c for c in js(every)["cases"] if c["reference"] == CASE)
    assert first["next_clock"]["key"] == "inform_lead_representatives"
    assert first["next_clock"]["status"] == "overdue"
    assert first["url"] == f"/api/v1/cases/{CASE}"

    def refs(query: str) -> list[str]:
        response = client.get(f"/api/v1/cases?{query}", headers=ops)
        assert response.status_code == 200, response.json
        return [c["reference"] for c in js(response)["cases"]]

    assert refs("route=serious_incident") == [CASE]
    assert refs("route=practice_learning") == ["GSCP-2026-0002"]
    assert refs("state=referral_received&overdue=true") == [CASE]
    assert refs("state=closed") == []
    wrong = client.get("/api/v1/cases?overdue=maybe", headers=ops)
    assert wrong.status_code == 400
    assert wrong.json == {"error": "bad_request", "reason": "overdue must be one of: false, true"}


def test_case_detail_has_dates_clocks_timeline_and_documents(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    attach_document(container, case_reference=CASE, document_id=7)
    response = client.get(f"/api/v1/cases/{CASE}", headers=ops)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = js(response)
    assert (body["reference"], body["route"], body["state"]) == (
        CASE,
        "serious_incident",
        "referral_received",
    )
    assert body["dates"]["received_on"] == "2026-04-02"
    clock = body["clocks"][0]
    assert clock == {
        "key": "inform_lead_representatives",
        "label": "Chair informs the three lead representatives",
        "starts_on": "2026-04-02",
        "due": "2026-04-07",
        "window_start": None,
        "window_end": "2026-04-07",
        "status": "overdue",
        "status_text": "Overdue",
        "working_days_left": -2,
        "met_on": None,
    }
    assert body["documents"][0]["download_url"] == f"/cases/{CASE}/documents/7"
    assert "record_leads_informed" in body["actions"]
    assert isinstance(body["timeline"], list)
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference) == (
        "case.viewed",
        "ops@partnership.example",
        CASE,
    )


def test_an_action_through_the_api_changes_the_case_and_is_audited(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    response = post(client, "record_leads_informed", {"informed_on": "2026-04-08"}, ops)
    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    assert (js(response)["from_state"], js(response)["to_state"]) == (
        "referral_received",
        "leads_informed",
    )
    detail = js(response)["case"]
    assert detail["state"] == "leads_informed"
    assert detail["timeline"][-1]["action"] == "record_leads_informed"
    assert detail["timeline"][-1]["actor_email"] == "ops@partnership.example"
    met = next(c for c in detail["clocks"] if c["key"] == "inform_lead_representatives")
    assert met["met_on"] == "2026-04-08"
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email) == ("case.changed", "ops@partnership.example")


def test_input_errors_are_422_with_the_consoles_wording(
    client: FlaskClient, ops: dict[str, str], case: str
) -> None:
    missing = post(client, "record_leads_informed", {}, ops)
    assert missing.status_code == 422
    assert missing.headers["Cache-Control"] == "no-store"
    message = "Enter the date the lead representatives were informed"
    assert missing.json == {
        "error": "invalid_input",
        "reason": message,
        "errors": {"informed_on": message},
    }
    future = post(client, "record_leads_informed", {"informed_on": "2026-05-01"}, ops)
    assert future.status_code == 422
    assert js(future)["errors"]["informed_on"].endswith("must be today or in the past")
    wrong = post(client, "record_leads_informed", {"informed_on": "2026-02-30"}, ops)
    assert js(wrong)["errors"]["informed_on"].endswith("must be a real date")
    typed = post(client, "record_leads_informed", {"informed_on": 20260408}, ops)
    assert typed.status_code == 422
    assert js(typed)["errors"] == {"informed_on": message}


def test_a_body_that_is_not_a_json_object_is_400(
    client: FlaskClient, ops: dict[str, str], case: str
) -> None:
    url = f"/api/v1/cases/{CASE}/actions/record_leads_informed"
    for response in (
        client.post(url, json=["informed_on"], headers=ops),
        client.post(url, data="informed_on=2026-04-08", headers=ops),
        client.post(url, data="{", content_type="application/json", headers=ops),
    ):
        assert response.status_code == 400
        assert js(response)["error"] == "bad_request"
        assert response.headers["Cache-Control"] == "no-store"


def test_an_action_not_open_now_is_409_with_the_reason(
    client: FlaskClient, chair: dict[str, str], ops: dict[str, str], case: str
) -> None:
    response = post(client, "decide_criteria", {}, chair)
    assert response.status_code == 409
    assert js(response)["error"] == "action_refused"
    assert js(response)["reason"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_partner_lead_cannot_decide_criteria(
    app: Flask, client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    assert (
        post(client, "record_leads_informed", {"informed_on": "2026-04-08"}, ops).status_code == 200
    )
    add_staff(container, email="lead@partnership.example", role="partner-lead")
    lead = bearer(api_token(container, email="lead@partnership.example"))
    body = {"criteria": "met", "rationale": "Because.", "decided_on": "2026-04-09"}
    response = post(client, "decide_criteria", body, lead)
    assert response.status_code == 409
    reason = "Only the chair can record the decision on whether the criteria are met."
    assert response.json == {"error": "action_refused", "reason": reason}
    # the console says the same
    console = app.test_client()
    sign_in(console, "lead@partnership.example")
    page = console.get(f"/cases/{CASE}/actions/decide_criteria")
    assert page.status_code == 409
    assert reason in page.get_data(as_text=True)
    detail = client.get(f"/api/v1/cases/{CASE}", headers=lead)
    assert detail.status_code == 200
    assert js(detail)["state"] == "leads_informed"
    assert "decide_criteria" not in js(detail)["actions"]


def test_unknown_cases_and_actions_are_404(
    client: FlaskClient, ops: dict[str, str], case: str
) -> None:
    for method, url in (
        ("GET", "/api/v1/cases/GSCP-2026-9999"),
        ("GET", "/api/v1/cases/" + "9" * 400),
        ("GET", "/api/v1/cases/%00"),
        ("POST", "/api/v1/cases/GSCP-2026-9999/actions/record_leads_informed"),
        ("POST", f"/api/v1/cases/{CASE}/actions/no_such_action"),
    ):
        response = client.open(url, method=method, json={}, headers=ops)
        assert response.status_code == 404, url
        assert js(response)["error"] == "not_found"
        assert js(response)["reason"]
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "headers, reason",
    [
        ({}, "Sign in, or send Authorization: Bearer <service token>."),
        (bearer("not-a-token"), "The bearer token is not valid."),
        ({"Authorization": "Basic abc"}, "The Authorization header must be 'Bearer <token>'."),
    ],
)
def test_no_or_unknown_token_is_401(
    client: FlaskClient, case: str, headers: dict[str, str], reason: str
) -> None:
    response = client.get("/api/v1/cases", headers=headers)
    assert response.status_code == 401
    assert response.json == {"error": "unauthorised", "reason": reason}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.headers["Cache-Control"] == "no-store"


def test_revoked_tokens_and_inactive_or_unknown_staff_are_401(
    client: FlaskClient, container: Container, case: str
) -> None:
    add_staff(container, email="ops@partnership.example", role="ops")
    revoked = api_token(container, email="ops@partnership.example", revoked=True)
    stranger = api_token(container, email="someone@elsewhere.example")
    for token, reason in (
        (revoked, "The API token has been revoked: ask for a new one."),
        (stranger, "The API token's owner is not an active staff member."),
    ):
        response = client.get("/api/v1/cases", headers=bearer(token))
        assert response.status_code == 401
        assert response.json == {"error": "unauthorised", "reason": reason}


def test_the_service_token_reads_but_takes_no_action(client: FlaskClient, case: str) -> None:
    service = bearer(SERVICE_TOKEN)
    assert client.get("/api/v1/cases", headers=service).status_code == 200
    detail = client.get(f"/api/v1/cases/{CASE}", headers=service)
    assert detail.status_code == 200
    assert js(detail)["actions"] == []
    response = post(client, "record_leads_informed", {"informed_on": "2026-04-08"}, service)
    assert response.status_code == 401


def test_a_signed_in_session_works_too(
    client: FlaskClient, container: Container, case: str
) -> None:
    add_staff(container, email="ops@partnership.example", role="ops")
    sign_in(client, "ops@partnership.example")
    assert client.get(f"/api/v1/cases/{CASE}").status_code == 200
    response = post(client, "record_leads_informed", {"informed_on": "2026-04-08"}, {})
    assert response.status_code == 200


def test_an_admin_token_is_forbidden_case_data(
    client: FlaskClient, container: Container, case: str
) -> None:
    add_staff(container, email="admin@partnership.example", role="admin")
    admin = bearer(api_token(container, email="admin@partnership.example"))
    response = client.get("/api/v1/cases", headers=admin)
    assert response.status_code == 403
    assert js(response)["error"] == "forbidden"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_openapi_document_covers_every_route_and_action(
    app: Flask, client: FlaskClient
) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    doc = js(response)
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    paths = doc["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if "{action}" in path:
            for key in ACTIONS:
                assert "post" in paths[path.replace("{action}", key)], key
            continue
        if "{change}" in path:
            for slug in CHANGE_SLUGS:
                assert "post" in paths[path.replace("{change}", slug)], slug
            continue
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path}"


def test_action_bodies_are_described_by_their_inputs(client: FlaskClient) -> None:
    paths = js(client.get("/api/v1/openapi.json"))["paths"]

    def body(key: str) -> dict[str, Any]:
        post_ = paths[f"/api/v1/cases/{{reference}}/actions/{key}"]["post"]
        schema: dict[str, Any] = post_["requestBody"]["content"]["application/json"]["schema"]
        assert {"400", "401", "404", "409", "422"} <= set(post_["responses"])
        return schema

    decide = body("decide_criteria")
    assert decide["required"] == ["criteria", "rationale", "decided_on"]
    props = decide["properties"]
    assert props["decided_on"]["format"] == "date"
    assert props["criteria"]["enum"] == [
        o.value for o in ACTIONS["decide_criteria"].inputs[0].options
    ]
    assert props["rationale"]["maxLength"] > 0
    lfp = body("record_lfp_decision")["properties"]["decisions"]
    assert lfp["type"] == "array" and lfp["items"]["enum"]
    outcome = body("record_outcome")
    assert outcome["properties"]["other_options_considered"]["type"] == "boolean"
    assert {
        "if": {"properties": {"outcome": {"enum": ["j"]}}, "required": ["outcome"]},
        "then": {"required": ["other_outcome"]},
    } in outcome["allOf"]
