"""The internal file API with the fake store: token, listing, download, checksum, 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.documents.app import create_app
from services.documents.generation import generate_referral
from services.documents.ports import DocumentRecord
from shared import runtime
from shared.config import Config, load_config
from tests.unit.documents.factories import NOW, PARTNERSHIP, Fakes, make_case

TOKEN = "unit-test-service-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def config() -> Config:
    return load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "SERVICE_TOKEN": TOKEN,
            "UNOSERVER_POOL": "127.0.0.1:9,127.0.0.1:10",
        },
    )


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    runtime.clear()
    fakes = Fakes(make_case())
    generate_referral(
        "GSCP-2026-0001",
        cases=fakes.cases,
        store=fakes.store,
        converter=fakes.converter,
        records=fakes.records,
        announcer=fakes.announcer,
        failures=fakes.failures,
        partnership_name=PARTNERSHIP,
        clock=lambda: NOW,
    )
    yield fakes
    runtime.clear()


@pytest.fixture
def app(fakes: Fakes) -> Flask:
    return create_app(config(), **fakes.overrides())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def records(fakes: Fakes) -> tuple[DocumentRecord, DocumentRecord]:
    docx, pdf = fakes.records.for_case("GSCP-2026-0001")
    return docx, pdf


def test_create_app_registers_the_container_with_the_fakes(app: Flask, fakes: Fakes) -> None:
    container = app.extensions["cspr"]
    assert runtime.get("documents") is container
    assert container.store is fakes.store
    assert container.converter is fakes.converter


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "Send Authorization: Bearer <service token>."),
        ({"Authorization": f"Basic {TOKEN}"}, "Send Authorization: Bearer <service token>."),
        ({"Authorization": "Bearer wrong-token"}, "The service token is not valid."),
        ({"Authorization": f"Bearer {TOKEN}x"}, "The service token is not valid."),
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/api/cases/GSCP-2026-0001/documents",
        "/api/documents/1/content",
        "/api/cases/GSCP-2026-0001/referral.pdf",
    ],
)
def test_calls_without_the_service_token_are_refused(
    client: FlaskClient, path: str, headers: dict[str, str], reason: str
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthorized", "reason": reason}
    assert b"PDF" not in response.data


def test_lists_a_cases_documents(client: FlaskClient, fakes: Fakes) -> None:
    docx, pdf = records(fakes)
    body = client.get("/api/cases/GSCP-2026-0001/documents", headers=AUTH).get_json()
    assert body["case_reference"] == "GSCP-2026-0001"
    assert body["documents"] == [
        {
            "id": r.id,
            "kind": "referral",
            "version": 1,
            "source": "referral",
            "template_version": r.template_version,
            "format": r.format,
            "filename": r.filename,
            "content_type": r.content_type,
            "sha256": r.sha256,
            "size": r.size,
            "created_at": "2026-11-20T10:30:00+00:00",
        }
        for r in (docx, pdf)
    ]


def test_a_case_without_documents_lists_none(client: FlaskClient) -> None:
    body = client.get("/api/cases/GSCP-2026-0999/documents", headers=AUTH).get_json()
    assert body == {"case_reference": "GSCP-2026-0999", "documents": []}


def test_downloads_the_exact_stored_bytes(client: FlaskClient, fakes: Fakes) -> None:
    _docx, pdf = records(fakes)
    response = client.get(f"/api/documents/{pdf.id}/content", headers=AUTH)
    assert response.status_code == 200
    assert response.data == fakes.store.objects[pdf.object_key].data
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="GSCP-2026-0001-referral-v1.pdf"'
    )
    assert response.headers["X-Checksum-SHA256"] == pdf.sha256
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unknown_document_is_404_json(client: FlaskClient) -> None:
    response = client.get("/api/documents/999/content", headers=AUTH)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "reason": "No document 999."}


def test_bytes_that_differ_from_the_recorded_checksum_are_not_sent(
    client: FlaskClient, fakes: Fakes
) -> None:
    _docx, pdf = records(fakes)
    fakes.store.corrupt(pdf.object_key, b"%PDF-1.4 something else")
    response = client.get(f"/api/documents/{pdf.id}/content", headers=AUTH)
    assert response.status_code == 502
    body = response.get_json()
    assert body["error"] == "bad_gateway"
    assert "SHA-256" in body["reason"]
    assert b"something else" not in response.data


def test_a_missing_object_is_502_and_a_store_outage_503(client: FlaskClient, fakes: Fakes) -> None:
    docx, pdf = records(fakes)
    del fakes.store.objects[docx.object_key]
    missing = client.get(f"/api/documents/{docx.id}/content", headers=AUTH)
    assert missing.status_code == 502
    assert missing.get_json()["reason"] == "The stored file of this document is missing."
    fakes.store.down = True
    outage = client.get(f"/api/documents/{pdf.id}/content", headers=AUTH)
    assert outage.status_code == 503
    assert outage.get_json()["error"] == "service_unavailable"


def test_the_referral_pdf_of_a_case_by_reference(client: FlaskClient, fakes: Fakes) -> None:
    _docx, pdf = records(fakes)
    response = client.get("/api/cases/GSCP-2026-0001/referral.pdf", headers=AUTH)
    assert response.status_code == 200
    assert response.data == fakes.store.objects[pdf.object_key].data
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="GSCP-2026-0001-referral-v1.pdf"'
    )
    assert response.headers["X-Checksum-SHA256"] == pdf.sha256
    assert response.headers["Cache-Control"] == "no-store"


def test_a_referral_pdf_not_made_yet_is_404_json(client: FlaskClient) -> None:
    response = client.get("/api/cases/GSCP-2026-0002/referral.pdf", headers=AUTH)
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "not_found",
        "reason": "The referral PDF of GSCP-2026-0002 has not been made yet.",
    }


@pytest.mark.parametrize("reference", ["GSCP_2026", "-x", "x" * 40])
def test_a_reference_that_cannot_be_a_case_is_404_json(client: FlaskClient, reference: str) -> None:
    response = client.get(f"/api/cases/{reference}/referral.pdf", headers=AUTH)
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_a_referral_pdf_whose_bytes_changed_is_not_sent(client: FlaskClient, fakes: Fakes) -> None:
    _docx, pdf = records(fakes)
    fakes.store.corrupt(pdf.object_key, b"%PDF-1.4 tampered")
    response = client.get("/api/cases/GSCP-2026-0001/referral.pdf", headers=AUTH)
    assert response.status_code == 502
    assert "SHA-256" in response.get_json()["reason"]
    assert b"tampered" not in response.data
    fakes.store.down = True
    outage = client.get("/api/cases/GSCP-2026-0001/referral.pdf", headers=AUTH)
    assert outage.status_code == 503


def test_no_token_configured_refuses_everyone(fakes: Fakes) -> None:
    # production refuses to start without one; this guards a misconfigured test/dev host
    app = create_app(config().with_overrides(SERVICE_TOKEN=""), **fakes.overrides())
    response = app.test_client().get(
        "/api/documents/1/content", headers={"Authorization": "Bearer "}
    )
    assert response.status_code == 401


def test_healthz_needs_no_token(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"service": "documents", "status": "ok"}


def test_unknown_override_is_refused() -> None:
    with pytest.raises(TypeError, match="mailer"):
        create_app(config(), mailer=object())
