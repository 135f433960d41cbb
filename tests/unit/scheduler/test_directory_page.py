"""The partnership's agency directory in the console: the list, adding and changing an
entry (GOV.UK errors, a duplicate name), making one inactive and active again, the audit
trail, who may keep it, and what a case keeps when ops pick an entry."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler import agencies, directory
from services.scheduler.bootstrap import Container
from tests.unit.scheduler.agency_factories import add_directory_entry
from tests.unit.scheduler.factories import add_staff, audit_rows, open_case
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in, text

CASE = "GSCP-2026-0001"
POLICE = "Greenwich Police Safeguarding Unit"
TYPED = {
    "name": "Oxleas NHS Foundation Trust",
    "kind": "health",
    "representative": "Dr Sam Named",
    "email": "Sam.Named@Oxleas.example",
    "phone": "020 8000 1111",
}


def post(client: FlaskClient, path: str, data: dict[str, str]) -> TestResponse:
    return client.post(path, data={"csrf_token": csrf_token(client, "/agencies"), **data})


def rows(soup: BeautifulSoup) -> dict[str, list[str]]:
    return {
        one(tr, "th").get_text(strip=True): [td.get_text(" ", strip=True) for td in tr("td")]
        for tr in soup.select("#directory tbody tr")
    }


def directory_changes(c: Container) -> list[tuple[str | None, str]]:
    return [
        (e.actor_email, e.detail)
        for e in audit_rows(c.engine)
        if e.action == "agencies.directory_changed"
    ]


@pytest.fixture
def admin(app: Flask, container: Container) -> FlaskClient:
    add_staff(container, email="admin@partnership.example", role="admin")
    client = app.test_client()
    sign_in(client, "admin@partnership.example")
    return client


def test_the_list_shows_active_and_inactive_entries_with_what_can_be_done(
    staff_client: FlaskClient, container: Container
) -> None:
    police = add_directory_entry(container)
    school = add_directory_entry(
        container,
        name="Ashgrove Academy",
        kind="education",
        representative="Ms Dee Lead",
        email="dsl@ashgrove.example",
        phone="",
        active=False,
    )
    soup = page(staff_client.get("/agencies"))
    assert text(soup, "h1") == "The partnership's agencies"
    assert soup.title is not None and soup.title.get_text().startswith("The partnership's")
    assert one(soup, "#navigation a[aria-current]").get_text(strip=True) == "Agencies"
    headers = [th.get_text(strip=True) for th in soup.select("#directory thead th")]
    assert headers[:6] == ["Name", "Type", "Representative", "Email", "Phone", "Status"]
    assert rows(soup) == {
        "Ashgrove Academy": [
            "School, college or early years setting",
            "Ms Dee Lead",
            "dsl@ashgrove.example",
            "",
            "Inactive",
            "Change the details of Ashgrove Academy Make active : Ashgrove Academy",
        ],
        POLICE: [
            "Police",
            "DS Pat Jones",
            "pat.jones@police.example",
            "020 7946 0000",
            "Active",
            f"Change the details of {POLICE} Make inactive : {POLICE}",
        ],
    }
    change = one(soup, f'tr[data-entry-id="{police}"] a')
    assert change["href"] == f"/agencies/{police}"
    form = one(soup, f'tr[data-entry-id="{school}"] form')
    assert (form["method"], form["action"]) == ("post", f"/agencies/{school}/active")
    assert one(form, 'input[name="active"]')["value"] == "yes"
    assert one(soup, "#add-agency")["href"] == "/agencies/add"
    assert "does not change the agencies already on a case" in text(soup, "#cases-keep-details")


def test_an_empty_directory_says_so(staff_client: FlaskClient) -> None:
    soup = page(staff_client.get("/agencies"))
    assert text(soup, "#no-entries") == "No agencies are in the directory yet."


def test_adding_an_agency_saves_it_and_audits_its_id_only(
    staff_client: FlaskClient, container: Container
) -> None:
    form = page(staff_client.get("/agencies/add"))
    assert text(form, "h1") == "Add an agency"
    assert [i["name"] for i in form.select("form input[type=text]")] == [
        "name",
        "representative",
        "email",
        "phone",
    ]
    assert len(form.select('input[type=radio][name="kind"]')) == 8
    response = post(staff_client, "/agencies/add", TYPED)
    assert (response.status_code, response.headers["Location"]) == (303, "/agencies")
    (entry,) = directory.entries(container)
    assert entry.active
    assert entry.details.name == "Oxleas NHS Foundation Trust"
    assert entry.details.email == "sam.named@oxleas.example"
    assert entry.details.phone == "020 8000 1111"
    assert directory_changes(container) == [
        ("ops.person@partnership.example", f"entry_id={entry.id}; added")
    ]
    listed = rows(page(staff_client.get("/agencies")))
    assert listed["Oxleas NHS Foundation Trust"][0] == (
        "Health (NHS trust, GP, health visiting, the ICB)"
    )


def test_missing_and_wrong_details_get_a_govuk_error_summary(
    staff_client: FlaskClient, container: Container
) -> None:
    response = post(
        staff_client,
        "/agencies/add",
        {"name": "", "representative": "Dr Sam Named", "email": "not-an-email"},
    )
    assert response.status_code == 400
    soup = page(response)
    assert soup.title is not None and soup.title.get_text().startswith("Error: Add an agency")
    summary = one(soup, ".govuk-error-summary")
    assert [(a.get_text(strip=True), a["href"]) for a in summary.select("a")] == [
        ("Enter the agency's name", "#name"),
        ("Select the type of agency", "#kind"),
        ("Enter an email address in the correct format, like name@example.com", "#email"),
    ]
    assert "Enter the agency's name" in text(soup, "#name-error")
    assert one(soup, "#representative")["value"] == "Dr Sam Named"
    assert one(soup, "#email")["value"] == "not-an-email"
    assert directory.entries(container) == []
    assert directory_changes(container) == []


def test_a_name_already_in_the_directory_is_refused_on_the_name(
    staff_client: FlaskClient, container: Container
) -> None:
    add_directory_entry(container)
    response = post(staff_client, "/agencies/add", {**TYPED, "name": POLICE.upper()})
    assert response.status_code == 400
    soup = page(response)
    message = f"An agency called {POLICE.upper()} is already in the directory"
    assert [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")] == [message]
    assert message in text(soup, "#name-error")
    assert len(directory.entries(container)) == 1


def test_changing_an_entry_keeps_its_id_and_refuses_another_entrys_name(
    staff_client: FlaskClient, container: Container
) -> None:
    police = add_directory_entry(container)
    other = add_directory_entry(container, name="Ashgrove Academy", kind="education")
    form = page(staff_client.get(f"/agencies/{police}"))
    assert text(form, "h1") == f"Change the details of {POLICE}"
    assert one(form, "#name")["value"] == POLICE
    assert one(form, "#kind-2")["checked"] is not None  # police, the second type
    assert one(form, "#phone")["value"] == "020 7946 0000"
    assert "keep the details they were sent" in text(form, "#cases-keep-details")

    changed = {**TYPED, "name": POLICE, "kind": "police", "representative": "DI New Person"}
    response = post(staff_client, f"/agencies/{police}", changed)
    assert response.status_code == 303
    assert directory.entry(container, police).details.representative == "DI New Person"

    clash = post(staff_client, f"/agencies/{other}", {**changed, "name": POLICE})
    assert clash.status_code == 400
    assert f"An agency called {POLICE} is already in the directory" in text(
        page(clash), "#name-error"
    )
    assert directory.entry(container, other).details.name == "Ashgrove Academy"
    # an entry may keep its own name
    assert directory_changes(container)[-1][1] == f"entry_id={police}; changed"


def test_unknown_entries_are_404(staff_client: FlaskClient) -> None:
    assert staff_client.get("/agencies/99").status_code == 404
    assert post(staff_client, "/agencies/99", TYPED).status_code == 404
    assert post(staff_client, "/agencies/99/active", {"active": "no"}).status_code == 404


def test_making_an_entry_inactive_and_active_again(
    staff_client: FlaskClient, container: Container
) -> None:
    police = add_directory_entry(container)
    open_case(container, reference=CASE)
    response = post(staff_client, f"/agencies/{police}/active", {"active": "no"})
    assert (response.status_code, response.headers["Location"]) == (303, "/agencies")
    assert not directory.entry(container, police).active
    assert rows(page(staff_client.get("/agencies")))[POLICE][4] == "Inactive"
    # ops are no longer offered it on a case, and cannot add it by its id
    case_page = page(staff_client.get(f"/cases/{CASE}/agencies"))
    assert case_page.select("#directory_id") == []
    refused = post(staff_client, f"/cases/{CASE}/agencies/add", {"directory_id": str(police)})
    assert refused.status_code == 400
    # making it inactive again changes nothing and is not audited twice
    post(staff_client, f"/agencies/{police}/active", {"active": "no"})
    post(staff_client, f"/agencies/{police}/active", {"active": "yes"})
    assert directory.entry(container, police).active
    assert [d for _, d in directory_changes(container)] == [
        f"entry_id={police}; added",
        f"entry_id={police}; made_inactive",
        f"entry_id={police}; made_active",
    ]
    options = page(staff_client.get(f"/cases/{CASE}/agencies")).select("#directory_id option")
    assert [o["value"] for o in options] == [str(police)]
    assert post(staff_client, f"/agencies/{police}/active", {"active": "x"}).status_code == 400


def test_a_case_keeps_what_it_was_given_when_the_directory_changes(
    staff_client: FlaskClient, container: Container
) -> None:
    police = add_directory_entry(container)
    open_case(container, reference=CASE)
    response = post(staff_client, f"/cases/{CASE}/agencies/add", {"directory_id": str(police)})
    assert response.status_code == 303
    # on the case now, it is not offered again; the others still are
    school = add_directory_entry(container, name="Riverside Primary", kind="education")
    offered = page(staff_client.get(f"/cases/{CASE}/agencies")).select("#directory_id option")
    assert [o["value"] for o in offered] == [str(school)]
    (added,) = agencies.case_agencies(container, CASE).agencies
    assert added.agency.source == "directory"
    assert (added.agency.name, added.agency.details.representative) == (POLICE, "DS Pat Jones")
    assert added.agency.details.email == "pat.jones@police.example"

    moved = {**TYPED, "name": "Metropolitan Police", "kind": "police"}
    assert post(staff_client, f"/agencies/{police}", moved).status_code == 303
    assert post(staff_client, f"/agencies/{police}/active", {"active": "no"}).status_code == 303
    (kept,) = agencies.case_agencies(container, CASE).agencies
    assert kept.agency.details == added.agency.details
    row = one(page(staff_client.get(f"/cases/{CASE}/agencies")), "#agencies tbody tr")
    assert POLICE in row.get_text() and "Metropolitan Police" not in row.get_text()


def test_admins_keep_the_directory_and_casework_roles_other_than_ops_may_not(
    app: Flask, admin: FlaskClient, container: Container
) -> None:
    assert admin.get("/agencies").status_code == 200
    assert post(admin, "/agencies/add", TYPED).status_code == 303
    (entry,) = directory.entries(container)
    assert directory_changes(container) == [
        ("admin@partnership.example", f"entry_id={entry.id}; added")
    ]
    for role in ("chair", "partner-lead"):
        email = f"{role}@partnership.example"
        add_staff(container, email=email, role=role)
        client = app.test_client()
        sign_in(client, email)
        for path in ("/agencies", "/agencies/add", f"/agencies/{entry.id}"):
            response = client.get(path)
            assert response.status_code == 403, (role, path)
            assert "Only the partnership operations team or an administrator can use " in (
                page(response).get_text()
            )
        nav = [a.get_text(strip=True) for a in page(client.get("/cases")).select("#navigation a")]
        assert "Agencies" not in nav
