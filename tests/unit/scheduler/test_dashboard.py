"""The dashboard: every unmet clock of an open case due this week, overdue ones first."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from services.scheduler.bootstrap import Container
from services.scheduler.dashboard import end_of_week
from services.scheduler.tables import case, deadline
from tests.unit.scheduler.factories import add_staff, open_case
from tests.unit.scheduler.web_helpers import one, page, sign_in, text

# the fixed clock says Thursday 9 April 2026: the working week ends on Friday 10 April


def items(section: Tag) -> list[str]:
    return [li.get_text(" ", strip=True) for li in section.select("li")]


def test_due_this_week_grouped_by_day(staff_client: FlaskClient, container: Container) -> None:
    # received 2 April: informing the leads was due 7 April (overdue); the rest next week
    open_case(container, reference="GSCP-2026-0001")
    # received 8 April: due today; received 9 April: due Friday
    open_case(
        container, reference="GSCP-2026-0002", received_at=datetime(2026, 4, 8, 9, 0, tzinfo=UTC)
    )
    open_case(
        container, reference="GSCP-2026-0003", received_at=datetime(2026, 4, 9, 8, 0, tzinfo=UTC)
    )
    # a closed case's clocks and a met clock are not shown
    open_case(container, reference="GSCP-2026-0004")
    open_case(
        container, reference="GSCP-2026-0005", received_at=datetime(2026, 4, 8, 9, 0, tzinfo=UTC)
    )
    with container.engine.begin() as conn:
        conn.execute(
            update(case).where(case.c.reference == "GSCP-2026-0004").values(state="closed")
        )
        conn.execute(
            update(deadline)
            .where(deadline.c.case_id == select_case_id(container, "GSCP-2026-0005"))
            .values(met_on=date(2026, 4, 9))
        )

    soup = page(staff_client.get("/dashboard"))

    assert text(soup, "h1") == "Due this week"
    assert items(one(soup, "#overdue")) == [
        "GSCP-2026-0001 : Chair informs the three lead representatives Overdue "
        "2 working days overdue"
    ]
    overdue_tag = one(soup, "#overdue .govuk-tag")
    assert "govuk-tag--red" in overdue_tag["class"]
    days = {s["data-day"]: s for s in soup.select(".cspr-due-day")}
    assert list(days) == ["2026-04-09", "2026-04-10"]
    assert text(days["2026-04-09"], "h2") == "Today, Thursday 9 April 2026"
    assert items(days["2026-04-09"]) == [
        "GSCP-2026-0002 : Chair informs the three lead representatives Due today"
    ]
    assert items(days["2026-04-10"]) == [
        "GSCP-2026-0003 : Chair informs the three lead representatives Due within 1 working day"
    ]
    assert "govuk-tag--orange" in one(days["2026-04-10"], ".govuk-tag")["class"]
    assert one(soup, "a[href='/cases/GSCP-2026-0003']")
    assert text(soup, "#navigation a[aria-current]") == "Dashboard"


def select_case_id(container: Container, reference: str) -> int:
    with container.engine.connect() as conn:
        found = conn.execute(select(case.c.id).where(case.c.reference == reference))
        return int(found.scalar_one())


def test_an_empty_week_says_so(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/dashboard"))
    assert soup.select_one("#overdue") is None
    assert [s.get_text(" ", strip=True) for s in soup.select(".cspr-due-day")] == [
        "Today, Thursday 9 April 2026 Nothing due.",
        "Friday 10 April 2026 Nothing due.",
    ]


def test_the_working_week_ends_on_friday() -> None:
    assert end_of_week(date(2026, 4, 6)) == date(2026, 4, 10)
    assert end_of_week(date(2026, 4, 10)) == date(2026, 4, 10)
    # at a weekend: the coming week
    assert end_of_week(date(2026, 4, 11)) == date(2026, 4, 17)


def test_the_dashboard_is_for_casework(app: Flask, container: Container) -> None:
    add_staff(container, email="admin@partnership.example", role="admin")
    client = app.test_client()
    sign_in(client, "admin@partnership.example")
    assert client.get("/dashboard").status_code == 403
