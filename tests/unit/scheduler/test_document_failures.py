"""Documents that could not be made, on the case page and in the case JSON of API v1: read
through documents' read model from the table its worker writes (``SqlFailures``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from services.documents.failure_records import SqlFailures
from services.documents.ports import DocumentFailure
from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import add_staff, api_token, open_case
from tests.unit.scheduler.web_helpers import one, page

CASE = "GSCP-2026-0001"
FIRST = datetime(2026, 4, 8, 9, 15, tzinfo=UTC)
LATER = datetime(2026, 4, 9, 8, 30, tzinfo=UTC)
TEMPLATE_REASON = (
    "The Letter to the Child Safeguarding Practice Review Panel template uses a field cspr "
    "does not provide: panel_chair_title"
)
CONVERT_REASON = (
    "LibreOffice could not convert the Referral of a serious incident to PDF (Fault 1: "
    "Could not load document)"
)


def fail(
    container: Container, *, kind: str, stage: str, reason: str, document: str, at: datetime
) -> int:
    return SqlFailures(container.engine).failed(
        DocumentFailure(CASE, kind, "report-v1", document, stage, reason, "job-1"), at
    )


def with_failures(container: Container) -> None:
    open_case(container, reference=CASE)
    for at in (FIRST, LATER):
        fail(
            container,
            kind="referral",
            stage="convert",
            reason=CONVERT_REASON,
            document="Referral of a serious incident",
            at=at,
        )
    fail(
        container,
        kind="panel-letter",
        stage="render",
        reason=TEMPLATE_REASON,
        document="Letter to the Child Safeguarding Practice Review Panel",
        at=FIRST,
    )
    # made since: not shown
    fail(
        container,
        kind="scoping-letter-3",
        stage="store",
        reason="The document store failed",
        document="Letter to accompany the scoping form: Oxleas",
        at=FIRST,
    )
    SqlFailures(container.engine).resolved(CASE, "scoping-letter-3", LATER)


def test_the_case_page_lists_each_document_not_made_and_why(
    staff_client: FlaskClient, container: Container
) -> None:
    with_failures(container)
    soup = page(staff_client.get(f"/cases/{CASE}"))
    box = one(soup, "#document-failures")

    assert one(box, ".govuk-warning-text").get_text(" ", strip=True) == (
        "! Warning 2 documents could not be made."
    )
    rows = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in box.select("tbody tr")
    ]
    assert rows == [
        [
            "Referral of a serious incident",
            "Converting to PDF",
            "9 April 2026 09:30:00",
            "2",
            CONVERT_REASON,
        ],
        [
            "Letter to the Child Safeguarding Practice Review Panel",
            "Filling in the template",
            "8 April 2026 10:15:00",
            "1",
            f"{TEMPLATE_REASON} Not tried again automatically: the template needs correcting.",
        ],
    ]


def test_a_case_with_every_document_made_shows_no_warning(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(container, reference=CASE)
    fail(
        container,
        kind="referral",
        stage="convert",
        reason=CONVERT_REASON,
        document="Referral",
        at=FIRST,
    )
    SqlFailures(container.engine).resolved(CASE, "referral", LATER)
    soup = page(staff_client.get(f"/cases/{CASE}"))
    assert soup.select_one("#document-failures") is None
    assert soup.select_one(".govuk-warning-text") is None


def test_the_case_json_lists_them_as_its_openapi_document_says(
    client: FlaskClient, container: Container
) -> None:
    with_failures(container)
    add_staff(container, email="ops@partnership.example", role="ops")
    token = api_token(container, email="ops@partnership.example")

    body: dict[str, Any] = client.get(
        f"/api/v1/cases/{CASE}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()

    assert body["document_failures"] == [
        {
            "kind": "referral",
            "document": "Referral of a serious incident",
            "stage": "convert",
            "reason": CONVERT_REASON,
            "failed_at": "2026-04-09T08:30:00+00:00",
            "attempts": 2,
        },
        {
            "kind": "panel-letter",
            "document": "Letter to the Child Safeguarding Practice Review Panel",
            "stage": "render",
            "reason": TEMPLATE_REASON,
            "failed_at": "2026-04-08T09:15:00+00:00",
            "attempts": 1,
        },
    ]
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "document_failures" in schemas["CaseDetail"]["required"]
    validator = Draft202012Validator(schemas["DocumentFailure"])
    for entry in body["document_failures"]:
        assert list(validator.iter_errors(entry)) == []
