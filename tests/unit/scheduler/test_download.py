"""Downloading a case's documents through the documents service port."""

from __future__ import annotations

from flask.testing import FlaskClient

from services.scheduler.bootstrap import Container
from services.scheduler.web.downloads import attachment
from tests.unit.scheduler.factories import attach_document, audit_rows, open_case
from tests.unit.scheduler.fakes import FakeDocumentsClient
from tests.unit.scheduler.web_helpers import page, text

PDF = b"%PDF-1.7 fake but long enough to come in several chunks"


def case_with_document(c: Container, documents: FakeDocumentsClient) -> None:
    open_case(c, reference="GSCP-2026-0001")
    attach_document(c, case_reference="GSCP-2026-0001", document_id=7, format="pdf", size=len(PDF))
    documents.put(7, PDF, "application/pdf")


def test_download_streams_the_file_as_an_attachment(
    staff_client: FlaskClient, container: Container, documents: FakeDocumentsClient
) -> None:
    case_with_document(container, documents)
    response = staff_client.get(
        "/cases/GSCP-2026-0001/documents/7", environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert response.status_code == 200
    assert response.is_streamed
    assert response.get_data() == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="GSCP-2026-0001-referral.pdf"'
    )
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["Cache-Control"] == "no-store"
    response.close()
    assert documents.opened == [7]
    assert documents.closed == 1
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.case_reference, event.remote_addr) == (
        "document.downloaded",
        "GSCP-2026-0001",
        "10.0.0.9",
    )
    assert "document_id=7" in event.detail
    assert event.actor_email == "ops.person@partnership.example"


def test_a_document_of_another_case_is_a_404(
    staff_client: FlaskClient, container: Container, documents: FakeDocumentsClient
) -> None:
    case_with_document(container, documents)
    open_case(container, reference="GSCP-2026-0002")
    response = staff_client.get("/cases/GSCP-2026-0002/documents/7")
    assert response.status_code == 404
    assert text(page(response), "h1") == "Page not found"
    assert documents.opened == [], "the documents service is never asked"
    assert "document.downloaded" not in [e.action for e in audit_rows(container.engine)]


def test_unknown_document_is_a_404(staff_client: FlaskClient, container: Container) -> None:
    open_case(container, reference="GSCP-2026-0001")
    assert staff_client.get("/cases/GSCP-2026-0001/documents/99").status_code == 404
    assert staff_client.get("/cases/GSCP-2026-0001/documents/abc").status_code == 404


def test_documents_service_failure_is_a_502_page(
    staff_client: FlaskClient, container: Container, documents: FakeDocumentsClient
) -> None:
    case_with_document(container, documents)
    documents.failing = True
    response = staff_client.get("/cases/GSCP-2026-0001/documents/7")
    assert response.status_code == 502
    soup = page(response)
    assert text(soup, "h1") == "Sorry, the document cannot be downloaded now"
    assert "document.downloaded" not in [e.action for e in audit_rows(container.engine)]


def test_non_ascii_file_names_are_encoded() -> None:
    assert attachment("référral.pdf") == (
        "attachment; filename=\"rfrral.pdf\"; filename*=UTF-8''r%C3%A9f%C3%A9rral.pdf"
    )
    assert attachment('a"b.pdf').startswith('attachment; filename="ab.pdf"')


def test_a_file_whose_checksum_differs_from_the_recorded_one_is_not_sent(
    staff_client: FlaskClient, container: Container, documents: FakeDocumentsClient
) -> None:
    case_with_document(container, documents)
    documents.vouched_sha256 = "cd" * 32
    response = staff_client.get("/cases/GSCP-2026-0001/documents/7")
    assert response.status_code == 502
    assert PDF not in response.get_data()
    assert documents.closed == 1
    assert "document.downloaded" not in [e.action for e in audit_rows(container.engine)]


def test_a_matching_checksum_is_sent(
    staff_client: FlaskClient, container: Container, documents: FakeDocumentsClient
) -> None:
    case_with_document(container, documents)
    documents.vouched_sha256 = "AB" * 32
    assert staff_client.get("/cases/GSCP-2026-0001/documents/7").get_data() == PDF
