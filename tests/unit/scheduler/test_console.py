"""The case list and the case page, read as parsed HTML."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bs4 import Tag
from flask.testing import FlaskClient
from sqlalchemy import update

from services.scheduler.bootstrap import Container
from services.scheduler.tables import deadline
from tests.unit.scheduler.factories import attach_document, audit_rows, open_case
from tests.unit.scheduler.web_helpers import one, page, text

# the fixed clock says Thursday 9 April 2026


def cells(row: Tag | None) -> list[str]:
    assert row is not None
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def test_no_cases_yet(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/cases"))
    assert "There are no cases yet" in one(soup, "main").get_text()


def test_case_list_shows_the_next_deadline_and_how_it_stands(
    staff_client: FlaskClient, container: Container
) -> None:
    # received Thursday 2 April: the 1-day clock fell due on Tuesday 7 April (overdue)
    open_case(container, reference="GSCP-2026-0001")
    # received Wednesday 8 April: 1-day clock due Thursday 9 April (today)
    open_case(
        container, reference="GSCP-2026-0002", received_at=datetime(2026, 4, 8, 9, 0, tzinfo=UTC)
    )
    # received today: 1-day clock due Friday 10 April
    open_case(
        container, reference="GSCP-2026-0003", received_at=datetime(2026, 4, 9, 8, 0, tzinfo=UTC)
    )
    open_case(
        container,
        reference="GSCP-2026-0004",
        kind="practice_learning",
        received_at=datetime(2026, 4, 9, 8, 30, tzinfo=UTC),
    )

    soup = page(staff_client.get("/cases"))
    rows = {r["data-reference"]: cells(r) for r in soup.select("#cases tbody tr")}
    # reference, child, route, state, owner, next deadline (label, due date), its status
    assert rows["GSCP-2026-0001"] == [
        "GSCP-2026-0001",
        "Ada Example",
        "Serious incident",
        "Referral received",
        "Not assigned",
        "Chair informs the three lead representatives due 7 April 2026",
        "Overdue 2 working days overdue",
    ]
    assert rows["GSCP-2026-0002"][5:] == [
        "Chair informs the three lead representatives due 9 April 2026",
        "Due today",
    ]
    assert rows["GSCP-2026-0003"][5:] == [
        "Chair informs the three lead representatives due 10 April 2026",
        "Due within 1 working day",
    ]
    assert rows["GSCP-2026-0004"][2:] == [
        "Practice learning",
        "Referral received",
        "Not assigned",
        "None",
        "",
    ]
    # the most pressing first, cases without clocks last
    assert list(rows) == ["GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2026-0003", "GSCP-2026-0004"]
    assert soup.select_one("#cases a[href='/cases/GSCP-2026-0001']") is not None
    tags = {
        ref: one(soup, f"tr[data-reference='{ref}'] .govuk-tag")["class"]
        for ref in ("GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2026-0003")
    }
    assert "govuk-tag--red" in tags["GSCP-2026-0001"]
    assert "govuk-tag--orange" in tags["GSCP-2026-0002"]
    assert "govuk-tag--orange" in tags["GSCP-2026-0003"]


def test_case_list_counts_working_days_left(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(
        container, reference="GSCP-2026-0010", received_at=datetime(2026, 4, 9, 8, 0, tzinfo=UTC)
    )
    with container.engine.begin() as conn:
        conn.execute(
            update(deadline)
            .where(deadline.c.clock == "inform_lead_representatives")
            .values(met_on=date(2026, 4, 9))
        )
    soup = page(staff_client.get("/cases"))
    row = cells(soup.select_one("tr[data-reference='GSCP-2026-0010']"))
    # criteria decision and Panel notification: 5 working days after 9 April = 16 April
    assert row[5:] == [
        "Chair decides whether criteria are met due 16 April 2026",
        "On track 5 working days left",
    ]
    assert (
        "govuk-tag--green" in one(soup, "tr[data-reference='GSCP-2026-0010'] .govuk-tag")["class"]
    )


def test_case_page(staff_client: FlaskClient, container: Container) -> None:
    open_case(container, reference="GSCP-2026-0001")
    attach_document(
        container,
        case_reference="GSCP-2026-0001",
        document_id=7,
        format="docx",
        size=20_480,
        sha256="1234567890abcdef" * 4,
    )
    attach_document(
        container, case_reference="GSCP-2026-0001", document_id=8, format="pdf", size=512
    )

    soup = page(staff_client.get("/cases/GSCP-2026-0001"))

    assert text(soup, "h1") == "GSCP-2026-0001"
    assert text(soup, "#state") == "Referral received"
    deadlines = [cells(r) for r in soup.select("#deadlines tbody tr")]
    # clock, starts, due, met, status (with text, never colour alone)
    assert deadlines == [
        [
            "Chair informs the three lead representatives",
            "2 April 2026",
            "7 April 2026",
            "",
            "Overdue 2 working days overdue",
        ],
        [
            "Chair decides whether criteria are met",
            "2 April 2026",
            "13 April 2026",
            "",
            "On track 2 working days left",
        ],
        [
            "Notify the national Panel",
            "2 April 2026",
            "13 April 2026",
            "",
            "On track 2 working days left",
        ],
        [
            "Rapid Review complete and sent to the Panel",
            "2 April 2026",
            "27 April 2026",
            "",
            "On track 12 working days left",
        ],
    ]
    documents = [cells(r) for r in soup.select("#documents tbody tr")]
    assert documents == [
        [
            "GSCP-2026-0001-referral.docx",
            "DOCX",
            "20 KB",
            "1234567890ab",
            "Download GSCP-2026-0001-referral.docx",
        ],
        [
            "GSCP-2026-0001-referral.pdf",
            "PDF",
            "512 bytes",
            "abababababab",
            "Download GSCP-2026-0001-referral.pdf",
        ],
    ]
    links = [a["href"] for a in soup.select("#documents a")]
    assert links == ["/cases/GSCP-2026-0001/documents/7", "/cases/GSCP-2026-0001/documents/8"]

    # the referral itself: tests/unit/scheduler/test_console_referral.py
    assert soup.select_one("#referral") is not None


def test_viewing_a_case_is_audited_without_personal_data(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(container, reference="GSCP-2026-0001")
    staff_client.get("/cases/GSCP-2026-0001", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference, event.remote_addr) == (
        "case.viewed",
        "ops.person@partnership.example",
        "GSCP-2026-0001",
        "10.1.2.3",
    )
    assert "Ada" not in event.detail and "hospital" not in event.detail


def test_unknown_case_is_a_404_page(staff_client: FlaskClient, container: Container) -> None:
    response = staff_client.get("/cases/GSCP-2026-0404")
    assert response.status_code == 404
    soup = page(response)
    assert text(soup, "h1") == "Page not found"
    assert "No case with reference GSCP-2026-0404" in soup.get_text()
    assert [e.action for e in audit_rows(container.engine)] == ["staff.added", "staff.signed_in"]


def test_case_pages_are_not_cached(staff_client: FlaskClient, container: Container) -> None:
    open_case(container)
    assert staff_client.get("/cases/GSCP-2026-0001").headers["Cache-Control"] == "no-store"
