"""The console's case actions: offered only to who may take them, a form per action with a
GOV.UK error summary, refused on the server otherwise, and written to the timeline."""

from __future__ import annotations

from flask.testing import FlaskClient

from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import add_staff, open_case
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in

LEADS = "/cases/GSCP-2026-0001/actions/record_leads_informed"
CRITERIA = "/cases/GSCP-2026-0001/actions/decide_criteria"


def offered(client: FlaskClient) -> list[str]:
    soup = page(client.get("/cases/GSCP-2026-0001"))
    return [a.get_text(strip=True) for a in soup.select("#actions a")]


def test_ops_are_offered_what_ops_may_do_and_it_is_recorded(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(container)
    assert offered(staff_client) == [
        "Record that the lead representatives were informed",
        "Correct the date the partnership became aware",
    ]
    form = page(staff_client.get(LEADS))
    assert one(form, "h1").get_text(strip=True).startswith("Record that the lead")

    token = csrf_token(staff_client, LEADS)
    empty = staff_client.post(LEADS, data={"csrf_token": token})
    summary = page(empty).select(".govuk-error-summary__list a")
    assert [a["href"] for a in summary] == ["#informed_on-day"]
    assert one(page(empty), "title").get_text().startswith("Error:")

    done = staff_client.post(
        LEADS,
        data={"csrf_token": token, "informed_on-day": "9", "informed_on-month": "4",
              "informed_on-year": "2026"},
    )  # fmt: skip
    assert done.status_code == 303
    assert done.headers["Location"].endswith("/cases/GSCP-2026-0001#timeline")
    case_page = page(staff_client.get("/cases/GSCP-2026-0001"))
    assert one(case_page, "#state").get_text(strip=True) == "Lead representatives informed"
    entries = case_page.select("#timeline-entries li")
    assert len(entries) == 1 and "ops.person@partnership.example" in entries[0].get_text()
    met = case_page.select_one("tr[data-clock='inform_lead_representatives']")
    # received Thursday 2 April; due Tuesday 7 April after Easter; recorded on 9 April
    assert met is not None and "Met late" in met.get_text()
    assert "2 working days late" in met.get_text()
    # ops may not decide the criteria: not offered, and refused if asked for
    assert offered(staff_client) == ["Correct the date the partnership became aware"]
    refused = staff_client.get(CRITERIA)
    assert refused.status_code == 409
    assert "Only the chair can" in page(refused).get_text()


def test_the_chair_decides_with_a_rationale(client: FlaskClient, container: Container) -> None:
    open_case(container)
    add_staff(container, email="ops.person@partnership.example")
    chair = add_staff(container, email="chair@partnership.example", role="chair")
    sign_in(client, chair.email)
    token = csrf_token(client, LEADS)
    client.post(
        LEADS,
        data={"csrf_token": token, "informed_on-day": "9", "informed_on-month": "4",
              "informed_on-year": "2026"},
    )  # fmt: skip
    assert offered(client)[0] == "Record the decision on whether the criteria are met"
    missing = client.post(CRITERIA, data={"csrf_token": token, "criteria": "met"})
    errors = [a.get_text(strip=True) for a in page(missing).select(".govuk-error-summary a")]
    assert "Enter the rationale for the decision" in errors
    assert client.get("/cases/GSCP-2026-0009/actions/decide_criteria").status_code == 404


def test_an_unknown_action_is_not_found(staff_client: FlaskClient, container: Container) -> None:
    open_case(container)
    assert staff_client.get("/cases/GSCP-2026-0001/actions/make_tea").status_code == 404
