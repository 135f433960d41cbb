"""JSON API v1, a case's agencies: changing details (PATCH), taking an agency off the case,
sending its request, withdrawing its link and reopening its return, with the console's rules
and wording; JSON errors and roles; the OpenAPI bodies derived from the same inputs."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from services.scheduler import agencies
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agency_changes import AGENCY_INPUTS
from tests.unit.scheduler.agency_factories import (
    add_case_agency,
    put_case_in_state,
)
from tests.unit.scheduler.api_agency_helpers import CASE, KEEPERS_ONLY, TYPED, URL, bearer, js
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import audit_rows, open_case, serious_incident_answers
from tests.unit.scheduler.fakes import FakeQueue


@pytest.fixture
def ops(container: Container) -> dict[str, str]:
    return bearer(container, "ops")


@pytest.fixture
def case(container: Container) -> str:
    return open_case(container, reference=CASE)


def test_a_body_that_is_not_a_json_object_is_400(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    for method, url in (
        ("POST", URL),
        ("PATCH", f"{URL}/{one}"),
        ("POST", f"{URL}/{one}/remove"),
    ):
        for response in (
            client.open(url, method=method, headers=ops, json=["name"]),
            client.open(url, method=method, headers=ops, data="name=x"),
        ):
            assert response.status_code == 400, (method, url)
            assert js(response)["error"] == "bad_request"


def test_a_lead_representative_and_a_closed_case_are_refused_with_the_domains_reason(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    lead = bearer(container, "partner-lead")
    for method, url, body in (
        ("POST", URL, TYPED),
        ("PATCH", f"{URL}/{one}", {"name": "New"}),
        ("POST", f"{URL}/{one}/remove", {"reason": "Not involved"}),
    ):
        response = client.open(url, method=method, json=body, headers=lead)
        assert response.status_code == 409, url
        assert js(response) == {"error": "action_refused", "reason": KEEPERS_ONLY}
    put_case_in_state(container, reference=CASE, state="closed")
    closed = client.post(URL, json=TYPED, headers=ops)
    assert closed.status_code == 409
    assert js(closed)["reason"] == (
        'The agencies of a case in state "Closed" can no longer be changed: the Rapid Review '
        "report has gone to the Panel, or there is no Rapid Review."
    )
    practice = open_case(container, reference="GSCP-2026-0002", kind="practice_learning")
    other = client.post(f"/api/v1/cases/{practice}/agencies", json=TYPED, headers=ops)
    assert js(other)["reason"] == (
        "Only a serious-incident case has agencies asked for scoping returns."
    )
    assert [a.id for a in agencies.case_agencies(container, CASE).agencies] == [one]


def test_writes_need_a_staff_token_not_the_service_token(
    client: FlaskClient, container: Container, case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    service = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    assert client.post(URL, json=TYPED, headers=service).status_code == 401
    assert client.patch(f"{URL}/{one}", json={}, headers=service).status_code == 401
    admin = bearer(container, "admin")
    response = client.post(f"{URL}/{one}/remove", json={"reason": "x"}, headers=admin)
    assert response.status_code == 403


def test_patch_changes_the_details_sent_and_keeps_the_others(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    response = client.patch(
        f"{URL}/{one}", json={"email": "New.DSL@school.example", "name": None}, headers=ops
    )
    assert response.status_code == 200, response.json
    body = js(response)
    assert (body["id"], body["name"], body["email"], body["representative"]) == (
        one,
        "Greenwich Primary School",
        "new.dsl@school.example",
        "Ms Dee Lead",
    )
    wrong = client.patch(f"{URL}/{one}", json={"representative": "", "kind": "x"}, headers=ops)
    assert wrong.status_code == 422
    assert js(wrong)["errors"] == {
        "kind": "Select the type of agency",
        "representative": "Enter the name of the agency's representative",
    }
    assert agencies.case_agencies(container, CASE).agencies[0].agency.details.kind == "education"


def test_unknown_cases_agencies_and_changes_are_404(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    for method, url in (
        ("GET", "/api/v1/cases/GSCP-2026-9999/agencies"),
        ("GET", "/api/v1/cases/%00/agencies"),
        ("POST", "/api/v1/cases/GSCP-2026-9999/agencies"),
        ("PATCH", f"{URL}/999"),
        ("POST", f"{URL}/999/remove"),
        ("POST", f"{URL}/{one}/explode"),
    ):
        response = client.open(url, method=method, json={"reason": "x"}, headers=ops)
        assert response.status_code == 404, url
        assert js(response)["error"] == "not_found"
        assert js(response)["reason"]


def test_taking_an_agency_off_the_case_needs_a_reason(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    one = add_case_agency(container, reference=CASE)
    missing = client.post(f"{URL}/{one}/remove", json={}, headers=ops)
    assert missing.status_code == 422
    message = "Enter why the agency is being taken off the case"
    assert js(missing) == {
        "error": "invalid_input",
        "reason": message,
        "errors": {"reason": message},
    }
    typed = client.post(f"{URL}/{one}/remove", json={"reason": 5}, headers=ops)
    assert js(typed)["errors"] == {"reason": message}

    done = client.post(f"{URL}/{one}/remove", json={"reason": "Not involved"}, headers=ops)
    assert done.status_code == 200, done.json
    body = js(done)
    assert (body["id"], body["removed"], body["status"]) == (one, True, "not_sent")
    assert js(client.get(URL, headers=ops))["agencies"] == []
    again = client.post(f"{URL}/{one}/remove", json={"reason": "Again"}, headers=ops)
    assert again.status_code == 404
    event = next(e for e in audit_rows(container.engine) if e.action == "case.agency_removed")
    assert event.detail == f"case_agency_id={one}"


def test_sending_withdrawing_and_reopening_follow_the_consoles_rules(
    client: FlaskClient, container: Container, ops: dict[str, str], queue: FakeQueue
) -> None:
    named = [{"agency": "Housing", "reason": "The family's landlord"}]
    open_case(container, reference=CASE, answers=serious_incident_answers(agencies=named))
    (unnamed,) = [a.id for a in agencies.case_agencies(container, CASE).agencies]
    one = add_case_agency(container, reference=CASE)
    early = client.post(f"{URL}/{one}/send", json={}, headers=ops)
    assert early.status_code == 409
    assert js(early)["reason"].startswith("Scoping requests are sent to the agencies with")

    put_case_in_state(container, reference=CASE, state="rapid_review_scoping")
    sent = client.post(f"{URL}/{one}/send", json={}, headers=ops)  # the reason is optional
    assert sent.status_code == 200, sent.json
    body = js(sent)
    assert (body["status"], body["link_serial"]) == ("sent", 1)
    assert body["due_on"] is not None
    assert [name for name, _ in queue.jobs][-1] == "services.documents.jobs.render_scoping_letter"

    unsaid = client.post(f"{URL}/{one}/withdraw-link", json={}, headers=ops)
    assert js(unsaid)["errors"] == {"reason": "Enter why the link is being withdrawn"}
    withdrawn = client.post(f"{URL}/{one}/withdraw-link", json={"reason": "Wrong"}, headers=ops)
    assert withdrawn.status_code == 200
    assert (js(withdrawn)["status"], js(withdrawn)["removed"]) == ("link_withdrawn", False)

    reopen = client.post(f"{URL}/{one}/reopen", json={"reason": "Check"}, headers=ops)
    assert reopen.status_code == 409
    assert js(reopen) == {
        "error": "action_refused",
        "reason": "Greenwich Primary School has not returned its scoping form.",
    }
    refused = client.post(f"{URL}/{unnamed}/send", json={"reason": "Added late"}, headers=ops)
    assert refused.status_code == 409
    assert js(refused)["reason"] == (
        "Give Housing a named representative and an email address first."
    )


def test_the_openapi_document_derives_the_bodies_from_the_inputs(client: FlaskClient) -> None:
    doc = js(client.get("/api/v1/openapi.json"))
    paths = doc["paths"]
    agencies_path = paths["/api/v1/cases/{reference}/agencies"]
    assert set(agencies_path) == {"get", "post"}
    typed, picked = agencies_path["post"]["requestBody"]["content"]["application/json"]["schema"][
        "anyOf"
    ]
    assert typed["required"] == ["name", "kind", "representative", "email"]
    assert typed["properties"]["kind"]["enum"] == [o.value for o in AGENCY_INPUTS[1].options]
    assert typed["properties"]["name"]["maxLength"] == 300
    assert picked["required"] == ["directory_id"]
    assert set(agencies_path["post"]["responses"]) >= {"201", "400", "404", "409", "422"}
    patch = paths["/api/v1/cases/{reference}/agencies/{agency_id}"]["patch"]
    patch_body = patch["requestBody"]["content"]["application/json"]["schema"]
    assert patch_body["required"] == [] and set(patch_body["properties"]) == {
        s.id for s in AGENCY_INPUTS
    }

    def change(slug: str) -> dict[str, Any]:
        post = paths[f"/api/v1/cases/{{reference}}/agencies/{{agency_id}}/{slug}"]["post"]
        schema: dict[str, Any] = post["requestBody"]["content"]["application/json"]["schema"]
        return schema

    assert change("remove")["required"] == ["reason"]
    assert change("withdraw-link")["required"] == ["reason"]
    assert change("reopen")["required"] == ["reason"]
    assert change("send")["required"] == []
    assert change("send")["properties"]["reason"]["maxLength"] == 2000
    agency = doc["components"]["schemas"]["CaseAgency"]
    assert "status_label" in agency["required"] and "due_on" in agency["required"]
