"""The JSON API: shapes, authentication, 404s, audit."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient

from services.scheduler.bootstrap import Container
from shared.forms import samples
from shared.forms.registry import get_form
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import (
    attach_document,
    audit_rows,
    open_case,
    serious_incident_answers,
)

BEARER = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def test_unauthenticated_requests_get_a_401_json(client: FlaskClient) -> None:
    for path in ("/api/cases", "/api/cases/GSCP-2026-0001"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.json == {
            "error": "unauthorised",
            "reason": "Sign in, or send Authorization: Bearer <service token>.",
        }
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_refused(client: FlaskClient) -> None:
    response = client.get("/api/cases", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json["reason"] == "The bearer token is not valid."  # type: ignore[index]


def test_case_list(client: FlaskClient, container: Container) -> None:
    open_case(container, reference="GSCP-2026-0001")
    response = client.get("/api/cases", headers=BEARER)
    assert response.status_code == 200
    assert response.json == {
        "cases": [
            {
                "reference": "GSCP-2026-0001",
                "route": "serious_incident",
                "state": "referral_received",
                "received_on": "2026-04-02",
                "url": "/api/cases/GSCP-2026-0001",
                "next_deadline": {
                    "clock": "inform_lead_representatives",
                    "label": "Chair informs the three lead representatives",
                    "starts_on": "2026-04-02",
                    "due_on": "2026-04-07",
                    "met": False,
                    "status": "overdue",
                    "status_text": "overdue",
                    "working_days_left": -2,
                },
            }
        ]
    }


def test_case_detail(client: FlaskClient, container: Container) -> None:
    open_case(container, reference="GSCP-2026-0001")
    attach_document(container, case_reference="GSCP-2026-0001", document_id=7)
    body = client.get("/api/cases/GSCP-2026-0001", headers=BEARER).json
    assert body is not None
    assert body["reference"] == "GSCP-2026-0001"
    assert body["received_at"] == "2026-04-02T10:30:00+00:00"
    assert body["referral"] == {
        "form": "serious-incident",
        "version": 1,
        "answers": serious_incident_answers(),
    }
    assert not {"child_name", "referrer_name", "details"} & set(body)
    assert [(d["clock"], d["due_on"], d["status"]) for d in body["deadlines"]] == [
        ("inform_lead_representatives", "2026-04-07", "overdue"),
        ("criteria_decision", "2026-04-13", "open"),
        ("notify_panel", "2026-04-13", "open"),
        ("rapid_review_complete", "2026-04-27", "open"),
    ]
    assert body["documents"] == [
        {
            "document_id": 7,
            "kind": "referral",
            "format": "pdf",
            "filename": "GSCP-2026-0001-referral.pdf",
            "sha256": "ab" * 32,
            "size": 12_345,
            "download_url": "/cases/GSCP-2026-0001/documents/7",
        }
    ]
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_id, event.detail) == (
        "case.viewed",
        None,
        "api; service token",
    )


def test_case_detail_gives_every_answer_of_a_whole_form(
    client: FlaskClient, container: Container
) -> None:
    form = get_form("practice-learning")
    answers = samples.answers(form, today=date(2026, 4, 1), items=2)
    open_case(container, kind="practice_learning", answers=answers)
    body = client.get("/api/cases/GSCP-2026-0001", headers=BEARER).json
    assert body is not None
    assert body["route"] == "practice_learning"
    assert body["referral"] == {"form": "practice-learning", "version": 1, "answers": answers}


def test_unknown_case_is_a_404_json(client: FlaskClient) -> None:
    response = client.get("/api/cases/GSCP-2026-0404", headers=BEARER)
    assert response.status_code == 404
    assert response.json == {
        "error": "not_found",
        "reason": "No case with reference GSCP-2026-0404.",
    }


def test_signed_in_staff_can_use_the_api_and_are_audited(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(container, reference="GSCP-2026-0001")
    assert staff_client.get("/api/cases").status_code == 200
    assert staff_client.get("/api/cases/GSCP-2026-0001").status_code == 200
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference, event.detail) == (
        "case.viewed",
        "ops.person@partnership.example",
        "GSCP-2026-0001",
        "api",
    )


def test_case_list_carries_no_personal_data(client: FlaskClient, container: Container) -> None:
    open_case(container)
    text = client.get("/api/cases", headers=BEARER).get_data(as_text=True)
    assert "Ada" not in text and "sam.referrer" not in text
