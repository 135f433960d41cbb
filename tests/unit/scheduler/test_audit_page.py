"""The admins' audit log: newest first, filters, pages, CSV export; reading it is audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.scheduler.audit_log import CSV_HEADER, EXPORT_BATCH, PAGE_SIZE, safe_cell
from services.scheduler.bootstrap import Container
from services.scheduler.casework import audit_event
from services.scheduler.store import audit
from services.scheduler.store.audit import AuditEvent
from tests.unit.scheduler.factories import add_staff, audit_rows
from tests.unit.scheduler.fakes import FixedClock
from tests.unit.scheduler.web_helpers import one, page, sign_in, text

ADMIN = "admin@partnership.example"


@pytest.fixture
def admin(app: Flask, container: Container) -> FlaskClient:
    add_staff(container, email=ADMIN, name="Ada Admin", role="admin")
    client = app.test_client()
    assert sign_in(client, ADMIN).headers["Location"] == "/audit"
    return client


def add_events(c: Container, count: int, **fields: str | None) -> None:
    """``count`` events a second apart, in one transaction."""
    start = c.clock()
    with c.engine.begin() as conn:
        for n in range(count):
            audit.record(
                conn,
                AuditEvent(
                    at=start + timedelta(seconds=n),
                    action=fields.get("action") or "case.viewed",
                    actor_id=None,
                    actor_email=fields.get("actor_email", "ops@partnership.example"),
                    case_reference=fields.get("case_reference", f"GSCP-2026-{n:04d}"),
                    detail=fields.get("detail") or f"event {n}",
                    remote_addr=fields.get("remote_addr"),
                ),
            )


def rows(client: FlaskClient, path: str) -> list[list[str]]:
    soup = page(client.get(path))
    return [
        [cell.get_text(" ", strip=True) for cell in tr.select("td")]
        for tr in soup.select("#events tbody tr")
    ]


def exported(client: FlaskClient, path: str = "/audit.csv") -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_log_newest_first_in_uk_time(admin: FlaskClient, container: Container) -> None:
    audit_event(
        container,
        "document.downloaded",
        actor_email="chair@partnership.example",
        case_reference="GSCP-2026-0007",
        detail="document_id=3; GSCP-2026-0007-referral.pdf",
        remote_addr="10.1.1.1",
    )
    shown = rows(admin, "/audit")
    # the fixed clock: Thursday 9 April 2026, 10:00 in London
    assert shown[0] == [
        "9 April 2026 10:00:00",
        "chair@partnership.example",
        "document.downloaded",
        "GSCP-2026-0007",
        "document_id=3; GSCP-2026-0007-referral.pdf",
        "10.1.1.1",
    ]
    assert [r[2] for r in shown[1:]] == ["staff.signed_in", "staff.added"]
    # an admin may not open cases, so the reference is not a link
    assert not page(admin.get("/audit")).select("#events a")


def test_filters_by_case_reference_and_action(admin: FlaskClient, container: Container) -> None:
    add_events(container, 3)
    add_events(container, 2, action="document.downloaded", case_reference="GSCP-2026-0001")
    by_case = rows(admin, "/audit?reference=+gscp-2026-0001+")
    assert [(r[2], r[3]) for r in by_case] == [
        ("document.downloaded", "GSCP-2026-0001"),
        ("document.downloaded", "GSCP-2026-0001"),
        ("case.viewed", "GSCP-2026-0001"),
    ]
    both = rows(admin, "/audit?reference=GSCP-2026-0001&action=case.viewed")
    assert [(r[2], r[3]) for r in both] == [("case.viewed", "GSCP-2026-0001")]
    soup = page(admin.get("/audit?action=document.downloaded"))
    assert text(soup, "#count").startswith("2 events.")
    assert one(soup, "#export")["href"] == "/audit.csv?action=document.downloaded"
    options = [o["value"] for o in soup.select("select#action option")]
    assert options[0] == "" and "staff.signed_in" in options


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("reference=<script>", "Enter a case reference like GSCP-2026-0001"),
        ("action=made.up", "Choose an action from the list"),
    ],
)
def test_bad_filters_are_errors_not_results(admin: FlaskClient, query: str, message: str) -> None:
    soup = page(admin.get(f"/audit?{query}"))
    assert text(soup, ".govuk-error-summary a") == message
    assert text(soup, "title").startswith("Error: ")
    assert soup.select_one("#events") is None
    assert admin.get(f"/audit.csv?{query}").status_code == 400


def test_pages_of_fifty_keep_the_filters(admin: FlaskClient, container: Container) -> None:
    add_events(container, 2 * PAGE_SIZE + 10, action="case.viewed")
    first = page(admin.get("/audit?action=case.viewed"))
    assert text(first, "#count").startswith(f"{2 * PAGE_SIZE + 10} events, page 1 of 3.")
    assert len(first.select("#events tbody tr")) == PAGE_SIZE
    assert one(first, ".govuk-pagination__next a")["href"] == "/audit?action=case.viewed&page=2"
    last = rows(admin, "/audit?action=case.viewed&page=3")
    assert [r[4] for r in last] == [f"event {n}" for n in range(9, -1, -1)]
    assert rows(admin, "/audit?action=case.viewed&page=99") == last
    assert rows(admin, "/audit?action=case.viewed&page=nonsense")[0][4] == "event 109"


def test_reading_the_log_is_audited(admin: FlaskClient, container: Container) -> None:
    admin.get("/audit?reference=GSCP-2026-0001&page=2")
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.detail) == (
        "audit.viewed",
        ADMIN,
        "reference=GSCP-2026-0001; action=-; page=1",
    )


def test_csv_export_with_a_header_newest_first_and_audited(
    admin: FlaskClient, container: Container, clock: FixedClock
) -> None:
    add_events(container, 2, case_reference="GSCP-2026-0001")
    response = admin.get("/audit.csv?reference=GSCP-2026-0001")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="cspr-audit-20260409-1000.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == list(CSV_HEADER)
    assert [(r[2], r[5], r[6]) for r in table[1:]] == [
        ("case.viewed", "GSCP-2026-0001", "event 1"),
        ("case.viewed", "GSCP-2026-0001", "event 0"),
    ]
    assert table[1][1] == "2026-04-09T09:00:01+00:00"
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.detail) == (
        "audit.exported",
        "reference=GSCP-2026-0001; action=-; csv",
    )
    # the export itself is in the next export
    assert exported(admin, "/audit.csv?action=audit.exported")[1][2] == "audit.exported"


def test_an_empty_export_is_the_header_alone(admin: FlaskClient) -> None:
    assert exported(admin, "/audit.csv?reference=GSCP-2099-0001") == [list(CSV_HEADER)]


def test_a_long_export_comes_in_batches_without_gaps(
    admin: FlaskClient, container: Container
) -> None:
    add_events(container, 2 * EXPORT_BATCH + 7, action="case.viewed")
    table = exported(admin, "/audit.csv?action=case.viewed")
    ids = [int(r[0]) for r in table[1:]]
    assert len(ids) == 2 * EXPORT_BATCH + 7
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)


def test_cells_that_would_run_as_formulas_are_defused(
    admin: FlaskClient, container: Container
) -> None:
    add_events(
        container,
        1,
        actor_email="+44@example.com",
        case_reference="@SUM(A1)",
        detail='=HYPERLINK("http://evil.example","click")',
        remote_addr="-2+3",
    )
    row = exported(admin, "/audit.csv?action=case.viewed")[1]
    assert row[4:] == [
        "'+44@example.com",
        "'@SUM(A1)",
        """'=HYPERLINK("http://evil.example","click")""",
        "'-2+3",
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("GSCP-2026-0001", "GSCP-2026-0001"),
        (None, ""),
        (42, "42"),
    ],
)
def test_safe_cell(value: object, cell: str) -> None:
    assert safe_cell(value) == cell
