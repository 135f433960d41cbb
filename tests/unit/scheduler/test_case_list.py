"""The console's case list: filters, search, pagination and odd query strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import update

from services.scheduler.bootstrap import Container
from services.scheduler.case_list import CasePage, CaseQuery, matches
from services.scheduler.tables import case
from tests.unit.scheduler.factories import open_case, serious_incident_answers
from tests.unit.scheduler.web_helpers import one, page

# the fixed clock says Thursday 9 April 2026
THURSDAY_2_APRIL = datetime(2026, 4, 2, 10, 30, tzinfo=UTC)


def listed(soup: BeautifulSoup) -> list[str]:
    return [r["data-reference"] for r in soup.select("#cases tbody tr")]  # type: ignore[misc]


def set_state(c: Container, reference: str, state: str) -> None:
    with c.engine.begin() as conn:
        conn.execute(update(case).where(case.c.reference == reference).values(state=state))


@pytest.fixture
def three_cases(container: Container) -> None:
    # 0001 overdue (received 2 April), 0002 due tomorrow, 0003 practice learning (no clock)
    open_case(container, reference="GSCP-2026-0001")
    open_case(
        container,
        reference="GSCP-2026-0002",
        received_at=datetime(2026, 4, 9, 8, 0, tzinfo=UTC),
        answers=serious_incident_answers(child_name="Ben  Jones-Smith"),
    )
    open_case(
        container,
        reference="GSCP-2026-0003",
        kind="practice_learning",
        received_at=datetime(2026, 4, 9, 8, 30, tzinfo=UTC),
        answers=serious_incident_answers(child_name="Cara Jones"),
    )


@pytest.mark.usefixtures("three_cases")
def test_closed_cases_only_with_the_filter_and_last(
    staff_client: FlaskClient, container: Container
) -> None:
    set_state(container, "GSCP-2026-0001", "closed")
    assert listed(page(staff_client.get("/cases"))) == ["GSCP-2026-0002", "GSCP-2026-0003"]
    soup = page(staff_client.get("/cases?closed=yes"))
    # a closed case has nothing pending: its unmet clock no longer makes it overdue
    assert listed(soup) == ["GSCP-2026-0002", "GSCP-2026-0003", "GSCP-2026-0001"]
    closed = [c.get_text(strip=True) for c in soup.select("tr[data-reference='GSCP-2026-0001'] td")]
    assert closed[-2:] == ["None", "Closed"]
    assert one(soup, "#closed").has_attr("checked")
    # asking for the closed state includes them
    assert listed(page(staff_client.get("/cases?state=closed"))) == ["GSCP-2026-0001"]


@pytest.mark.usefixtures("three_cases")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("route=practice_learning", ["GSCP-2026-0003"]),
        ("route=serious_incident", ["GSCP-2026-0001", "GSCP-2026-0002"]),
        ("state=leads_informed", ["GSCP-2026-0002"]),
        ("overdue=yes", ["GSCP-2026-0001"]),
        ("overdue=yes&route=practice_learning", []),
        # values the list does not know are ignored, never an error
        (
            "route=nonsense&state=nonsense&overdue=maybe",
            ["GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2026-0003"],
        ),
    ],
)
def test_filters(
    staff_client: FlaskClient, container: Container, query: str, expected: list[str]
) -> None:
    set_state(container, "GSCP-2026-0002", "leads_informed")
    response = staff_client.get(f"/cases?{query}")
    assert response.status_code == 200
    soup = page(response)
    assert listed(soup) == expected
    if not expected:
        assert "No cases match these filters" in one(soup, "#no-match").get_text()


@pytest.mark.usefixtures("three_cases")
def test_the_filter_form_works_without_javascript(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/cases?route=serious_incident&state=leads_informed&q=ben"))
    form = one(soup, "form#filters")
    assert (form["method"], form["action"]) == ("get", "/cases")
    assert one(soup, "#route-serious_incident").has_attr("checked")
    assert one(soup, "#state option[selected]")["value"] == "leads_informed"
    assert one(soup, "label[for='q']").get_text(strip=True) == "Reference or child's name"
    assert one(soup, "#q")["value"] == "ben"
    labels = [o.get_text(strip=True) for o in soup.select("#state option")]
    assert labels[:3] == ["Any state", "Referral received", "Lead representatives informed"]


@pytest.mark.usefixtures("three_cases")
@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("GSCP-2026-0002", ["GSCP-2026-0002"]),
        ("gscp-2026-000", ["GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2026-0003"]),
        ("jones", ["GSCP-2026-0002", "GSCP-2026-0003"]),
        ("  BEN   smith ", ["GSCP-2026-0002"]),
        ("ada", ["GSCP-2026-0001"]),
        ("2026-0002", []),  # a reference matches from its beginning only
        ("zed", []),
    ],
)
def test_search_by_reference_or_name(
    staff_client: FlaskClient, search: str, expected: list[str]
) -> None:
    soup = page(staff_client.get("/cases", query_string={"q": search}))
    assert listed(soup) == expected


def test_a_name_matches_on_any_part() -> None:
    assert matches("jones", "GSCP-2026-0001", "Ben Jones-Smith")
    assert matches("smith ben", "GSCP-2026-0001", "Ben Jones-Smith")
    assert not matches("given", "GSCP-2026-0001", "")


@pytest.fixture
def thirty_cases(container: Container) -> None:
    for n in range(1, 31):
        name = "Dan Odd" if n % 2 else "Eve Even"
        open_case(
            container,
            reference=f"GSCP-2026-{n:04d}",
            received_at=THURSDAY_2_APRIL + timedelta(minutes=n),
            answers=serious_incident_answers(child_name=name),
        )


def page_links(soup: BeautifulSoup) -> dict[str, dict[str, list[str]]]:
    return {
        a.get_text(" ", strip=True): parse_qs(urlsplit(str(a["href"])).query)
        for a in soup.select("#pagination a")
    }


@pytest.mark.usefixtures("thirty_cases")
def test_25_a_page_with_links_that_keep_the_filters(staff_client: FlaskClient) -> None:
    first = page(staff_client.get("/cases?route=serious_incident&overdue=yes"))
    # all due the same day: the newest first
    assert listed(first) == [f"GSCP-2026-{n:04d}" for n in range(30, 5, -1)]
    assert one(first, "#showing").get_text(strip=True) == "Showing 1 to 25 of 30 cases"
    links = page_links(first)
    assert set(links) == {"1", "2", "Next page"}
    assert links["Next page"] == {
        "route": ["serious_incident"],
        "overdue": ["yes"],
        "page": ["2"],
    }
    current = one(first, "#pagination [aria-current='page']")
    assert current.get_text(strip=True) == "1"

    second = page(staff_client.get("/cases?route=serious_incident&overdue=yes&page=2"))
    assert listed(second) == [f"GSCP-2026-{n:04d}" for n in range(5, 0, -1)]
    assert "Previous page" in page_links(second)
    assert "Next page" not in page_links(second)


@pytest.mark.usefixtures("thirty_cases")
def test_a_name_search_is_paged_too(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/cases?q=odd"))
    assert len(listed(soup)) == 15
    assert soup.select_one("#pagination") is None  # one page: no pagination
    assert set(listed(soup)) == {f"GSCP-2026-{n:04d}" for n in range(1, 31, 2)}
    assert {r.find_all("td")[0].get_text() for r in soup.select("#cases tbody tr")} == {"Dan Odd"}
    # a search over more than a page: the second page, its links keeping the search
    second = page(staff_client.get("/cases?q=gscp-2026-00&page=2"))
    assert listed(second) == [f"GSCP-2026-{n:04d}" for n in range(5, 0, -1)]
    assert page_links(second)["Previous page"] == {"q": ["gscp-2026-00"]}


@pytest.mark.usefixtures("thirty_cases")
@pytest.mark.parametrize(
    ("given", "shown"), [("-1", 1), ("abc", 1), ("0", 1), ("", 1), ("99999", 2), ("2", 2)]
)
def test_bad_page_numbers_show_the_first_or_the_last_page(
    staff_client: FlaskClient, given: str, shown: int
) -> None:
    response = staff_client.get(f"/cases?page={given}")
    assert response.status_code == 200
    soup = page(response)
    assert one(soup, "#pagination [aria-current='page']").get_text(strip=True) == str(shown)
    assert len(listed(soup)) == (25 if shown == 1 else 5)


@pytest.mark.parametrize(
    ("current", "numbers"),
    [
        (1, [1, 2, None, 10]),
        (5, [1, None, 4, 5, 6, None, 10]),
        (10, [1, None, 9, 10]),
    ],
)
def test_page_numbers_leave_out_the_middle(current: int, numbers: list[int | None]) -> None:
    listing = CasePage(CaseQuery(page=current), [], total=250, pages=10)
    assert listing.page_numbers() == numbers


def test_query_strings_round_trip() -> None:
    query = CaseQuery.from_args({"route": "practice_learning", "q": " Ada  ", "page": "3"})
    assert query == CaseQuery(route="practice_learning", search="Ada", page=3)
    assert query.href(1) == "/cases?route=practice_learning&q=Ada"
    assert CaseQuery().href(1) == "/cases"
    assert not CaseQuery(page=4).filtered
