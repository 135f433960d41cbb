"""A case's owner: chosen on the case page by ops and the chair, audited, shown and filtered
on in the case list, and in the JSON API."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler import owners
from services.scheduler.bootstrap import Container
from services.scheduler.case_list import CaseQuery
from services.scheduler.store import staff as staff_store
from services.scheduler.store.staff import StaffUser
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import add_staff, api_token, audit_rows, open_case
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in, text

CASE = "GSCP-2026-0001"
OTHER = "GSCP-2026-0002"
THIRD = "GSCP-2026-0003"


@pytest.fixture
def people(container: Container) -> dict[str, StaffUser]:
    return {
        "ops": add_staff(container, email="ops@partnership.example", name="Olive Ops"),
        "chair": add_staff(
            container, email="chair@partnership.example", name="Charles Chair", role="chair"
        ),
        "lead": add_staff(
            container, email="lead@partnership.example", name="Lee Lead", role="partner-lead"
        ),
        "admin": add_staff(
            container, email="admin@partnership.example", name="Ada Admin", role="admin"
        ),
    }


@pytest.fixture
def cases(container: Container) -> list[str]:
    return [open_case(container, reference=r) for r in (CASE, OTHER, THIRD)]


def browser(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def choose(client: FlaskClient, value: str, reference: str = CASE) -> TestResponse:
    token = csrf_token(client, f"/cases/{reference}")
    return client.post(f"/cases/{reference}/owner", data={"csrf_token": token, "owner": value})


def owner_id(container: Container, reference: str = CASE) -> int | None:
    from services.scheduler.store.cases import case_by_reference

    with container.engine.connect() as conn:
        row = case_by_reference(conn, reference)
    assert row is not None
    return row.owner_id


def assign(container: Container, reference: str, person: StaffUser | None) -> None:
    owners.change_owner(
        container,
        reference,
        person.id if person else None,
        actor_id=None,
        actor_email=None,
        remote_addr=None,
    )


@pytest.mark.usefixtures("cases")
def test_ops_assigns_an_owner_and_it_is_shown_and_audited(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    client = browser(app, "ops@partnership.example")
    soup = page(client.get(f"/cases/{CASE}"))
    assert text(soup, "#owner-name") == "Not assigned"
    options = [(o["value"], o.get_text(strip=True)) for o in soup.select("#owner option")]
    # active ops and chair only, by name, after "Not assigned"
    chair, ops = people["chair"], people["ops"]
    assert options == [("", "Not assigned"), (str(chair.id), chair.name), (str(ops.id), ops.name)]

    response = choose(client, str(chair.id))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/{CASE}#owner"
    assert owner_id(container) == chair.id
    soup = page(client.get(f"/cases/{CASE}"))
    assert text(soup, "#owner-name") == "Charles Chair"
    assert one(soup, f'#owner option[value="{chair.id}"]').has_attr("selected")

    event = next(e for e in audit_rows(container.engine) if e.action == "case.owner_changed")
    assert (event.actor_email, event.case_reference) == ("ops@partnership.example", CASE)
    # ids, never names
    assert event.detail == f"owner_id={chair.id}; previous_owner_id=none"
    assert "Charles" not in event.detail


@pytest.mark.usefixtures("cases")
def test_the_chair_unassigns(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    assign(container, CASE, people["ops"])
    client = browser(app, "chair@partnership.example")
    assert choose(client, "").status_code == 303
    assert owner_id(container) is None
    assert text(page(client.get(f"/cases/{CASE}")), "#owner-name") == "Not assigned"
    event = [e for e in audit_rows(container.engine) if e.action == "case.owner_changed"][-1]
    assert event.detail == f"owner_id=none; previous_owner_id={people['ops'].id}"


@pytest.mark.usefixtures("cases")
def test_choosing_the_same_owner_again_changes_nothing(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    client = browser(app, "ops@partnership.example")
    choose(client, str(people["ops"].id))
    choose(client, str(people["ops"].id))
    changed = [e for e in audit_rows(container.engine) if e.action == "case.owner_changed"]
    assert len(changed) == 1


@pytest.mark.usefixtures("cases")
def test_a_partner_lead_sees_the_owner_but_cannot_change_it(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    assign(container, CASE, people["chair"])
    client = browser(app, "lead@partnership.example")
    soup = page(client.get(f"/cases/{CASE}"))
    assert text(soup, "#owner-name") == "Charles Chair"
    assert soup.select_one("#owner-form") is None
    token = csrf_token(client, f"/cases/{CASE}")
    response = client.post(
        f"/cases/{CASE}/owner", data={"csrf_token": token, "owner": str(people["lead"].id)}
    )
    assert response.status_code == 403
    assert owner_id(container) == people["chair"].id
    assert audit_rows(container.engine)[-1].action == "access.denied"


@pytest.mark.usefixtures("cases")
@pytest.mark.parametrize("who", ["unknown", "text", "inactive", "lead", "admin"])
def test_someone_who_cannot_own_a_case_is_a_form_error(
    app: Flask, container: Container, people: dict[str, StaffUser], who: str
) -> None:
    assign(container, CASE, people["ops"])
    with container.engine.begin() as conn:
        staff_store.set_active(conn, people["chair"].id, False)
    value = {
        "unknown": "9999",
        "text": "nobody'; --",
        "inactive": str(people["chair"].id),
        "lead": str(people["lead"].id),
        "admin": str(people["admin"].id),
    }[who]
    client = browser(app, "ops@partnership.example")
    response = choose(client, value)
    assert response.status_code == 400
    soup = page(response)
    assert text(soup, ".govuk-error-summary__title") == "There is a problem"
    assert text(soup, ".govuk-error-summary__list a") == "Choose an owner from the list"
    assert one(soup, ".govuk-error-summary__list a")["href"] == "#owner"
    assert text(soup, "#owner-error").endswith("Choose an owner from the list")
    assert text(soup, "title").startswith("Error: ")
    # the inactive chair is no longer offered
    values = [o["value"] for o in soup.select("#owner option")]
    assert values == ["", str(people["ops"].id)]
    assert owner_id(container) == people["ops"].id


@pytest.mark.usefixtures("people")
def test_an_unknown_case_is_404(app: Flask) -> None:
    client = browser(app, "ops@partnership.example")
    token = csrf_token(client, "/cases")
    response = client.post("/cases/GSCP-2026-9999/owner", data={"csrf_token": token})
    assert response.status_code == 404


@pytest.mark.usefixtures("cases")
def test_the_form_needs_its_csrf_token(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    client = browser(app, "ops@partnership.example")
    response = client.post(f"/cases/{CASE}/owner", data={"owner": str(people["ops"].id)})
    assert response.status_code == 400
    assert owner_id(container) is None


def listed(client: FlaskClient, query: str = "") -> list[str]:
    soup = page(client.get(f"/cases?{query}"))
    # the same day and no clock met: newest first, so sorted here
    return sorted(str(r["data-reference"]) for r in soup.select("#cases tbody tr"))


@pytest.mark.usefixtures("cases")
def test_the_list_filters_by_owner_and_shows_it(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    assign(container, CASE, people["ops"])
    assign(container, OTHER, people["chair"])
    client = browser(app, "ops@partnership.example")
    assert listed(client) == [CASE, OTHER, THIRD]
    assert listed(client, "owner=me") == [CASE]
    assert listed(client, "owner=none") == [THIRD]
    assert listed(client, f"owner={people['chair'].id}") == [OTHER]
    assert listed(client, "owner=me&route=practice_learning") == []
    # values the list does not know are ignored
    assert listed(client, "owner=someone") == [CASE, OTHER, THIRD]
    # "me" is whoever is asking
    assert listed(browser(app, "chair@partnership.example"), "owner=me") == [OTHER]

    soup = page(client.get(f"/cases?owner={people['chair'].id}"))
    owner_cells = [td.get_text(strip=True) for td in soup.select("#cases td[data-owner]")]
    assert owner_cells == ["Charles Chair"]
    options = [(o["value"], o.get_text(strip=True)) for o in soup.select("#filters #owner option")]
    assert options == [
        ("", "Anyone"),
        ("me", "Me"),
        ("none", "Not assigned"),
        (str(people["chair"].id), "Charles Chair"),
        (str(people["ops"].id), "Olive Ops"),
    ]
    assert one(soup, f'#filters #owner option[value="{people["chair"].id}"]').has_attr("selected")
    everyone = page(client.get("/cases"))
    cells = {
        str(r["data-reference"]): one(r, "td[data-owner]").get_text(strip=True)
        for r in everyone.select("#cases tbody tr")
    }
    assert cells == {CASE: "Olive Ops", OTHER: "Charles Chair", THIRD: "Not assigned"}


def test_pagination_keeps_the_owner_filter(
    app: Flask, container: Container, people: dict[str, StaffUser]
) -> None:
    for n in range(1, 28):
        reference = open_case(container, reference=f"GSCP-2026-{n:04d}")
        if n != 5:
            assign(container, reference, people["ops"])
    client = browser(app, "ops@partnership.example")
    soup = page(client.get("/cases?owner=me"))
    assert text(soup, "#showing") == "Showing 1 to 25 of 26 cases"
    assert one(soup, "#pagination a[rel=next]")["href"] == "/cases?owner=me&page=2"
    second = page(client.get("/cases?owner=me&page=2"))
    assert text(second, "#showing") == "Showing 26 to 26 of 26 cases"
    assert one(second, "#pagination a[rel=prev]")["href"] == "/cases?owner=me"
    query = CaseQuery.from_args({"owner": str(people["chair"].id), "state": "closed"})
    assert query.href(2) == f"/cases?state=closed&owner={people['chair'].id}&page=2"
    assert query.filtered


def js(response: TestResponse) -> Any:
    data = response.get_json()
    assert data is not None, response.status_code
    return data


def api(client: FlaskClient, query: str, headers: dict[str, str]) -> Any:
    return client.get(f"/api/v1/cases?{query}", headers=headers)


@pytest.mark.usefixtures("cases")
def test_the_api_filters_by_owner_and_says_who_it_is(
    client: FlaskClient, container: Container, people: dict[str, StaffUser]
) -> None:
    assign(container, CASE, people["ops"])
    assign(container, OTHER, people["chair"])
    ops = {"Authorization": f"Bearer {api_token(container, email='ops@partnership.example')}"}

    def refs(query: str) -> list[str]:
        response = api(client, query, ops)
        assert response.status_code == 200, response.json
        return sorted(c["reference"] for c in response.json["cases"])

    assert refs("owner=me") == [CASE]
    assert refs("owner=none") == [THIRD]
    assert refs(f"owner={people['chair'].id}") == [OTHER]
    assert refs("owner=9999") == []
    assert refs("owner=none&route=serious_incident") == [THIRD]
    listing = {c["reference"]: c["owner"] for c in api(client, "", ops).json["cases"]}
    assert listing == {
        CASE: {"id": people["ops"].id, "name": "Olive Ops"},
        OTHER: {"id": people["chair"].id, "name": "Charles Chair"},
        THIRD: None,
    }
    detail = js(client.get(f"/api/v1/cases/{OTHER}", headers=ops))
    assert detail["owner"] == {"id": people["chair"].id, "name": "Charles Chair"}
    assert js(client.get(f"/api/v1/cases/{THIRD}", headers=ops))["owner"] is None

    for bad in ("someone", "", "0", "-1", "1.5", "ME"):
        wrong = api(client, f"owner={bad}", ops)
        assert wrong.status_code == 400, bad
        assert wrong.json == {
            "error": "bad_request",
            "reason": "owner must be me, none or a staff id",
        }
    # the service token is nobody: "me" means nothing to it
    service = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    assert api(client, "owner=none", service).status_code == 200
    me = api(client, "owner=me", service)
    assert me.status_code == 400
    assert js(me)["reason"] == "owner=me needs a staff member's API token"


def test_the_openapi_document_describes_the_owner(client: FlaskClient) -> None:
    doc = js(client.get("/api/v1/openapi.json"))
    params = doc["paths"]["/api/v1/cases"]["get"]["parameters"]
    assert "owner" in [p["name"] for p in params]
    for schema in ("CaseSummary", "CaseDetail"):
        assert "owner" in doc["components"]["schemas"][schema]["required"]
