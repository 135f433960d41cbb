"""JSON API v1, a case's agencies: the list with each scoping status, who may read it, and
adding an agency (typed in or from the directory) with the console's messages as JSON errors."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from services.scheduler import agencies, directory
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agency_changes import AGENCY_INPUTS
from tests.unit.scheduler.agency_factories import (
    add_case_agency,
    add_directory_entry,
)
from tests.unit.scheduler.api_agency_helpers import CASE, TYPED, URL, bearer, js
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import audit_rows, open_case


@pytest.fixture
def ops(container: Container) -> dict[str, str]:
    return bearer(container, "ops")


@pytest.fixture
def case(container: Container) -> str:
    return open_case(container, reference=CASE)


def test_the_list_gives_each_agency_and_its_scoping_status(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    school = add_case_agency(container, reference=CASE)
    response = client.get(URL, headers=ops)
    assert response.status_code == 200
    assert js(response) == {
        "agencies": [
            {
                "id": school,
                "name": "Greenwich Primary School",
                "kind": "education",
                "kind_label": "School, college or early years setting",
                "representative": "Ms Dee Lead",
                "email": "dsl@school.example",
                "source": "typed",
                "status": "not_sent",
                "status_label": "Not sent",
                "due_on": None,
                "link_serial": None,
                "submitted_at": None,
                "removed": False,
            }
        ],
        "returned": 0,
    }
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference, event.detail) == (
        "case.agencies_viewed",
        "ops@partnership.example",
        CASE,
        "api v1",
    )


def test_casework_roles_and_the_service_token_read_it(
    client: FlaskClient, container: Container, case: str
) -> None:
    for role in ("chair", "partner-lead"):
        assert client.get(URL, headers=bearer(container, role)).status_code == 200
    service = client.get(URL, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"})
    assert service.status_code == 200
    assert js(service) == {"agencies": [], "returned": 0}
    assert audit_rows(container.engine)[-1].detail == "api v1; service token"
    admin = client.get(URL, headers=bearer(container, "admin"))
    assert admin.status_code == 403
    assert js(admin)["error"] == "forbidden"


def test_adding_a_typed_agency_is_201_with_the_agency(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    response = client.post(URL, json={**TYPED, "phone": "020 8000 1111"}, headers=ops)
    assert response.status_code == 201, response.json
    body = js(response)
    assert body["id"] > 0
    assert (body["name"], body["kind"], body["email"], body["source"], body["status"]) == (
        "Oxleas NHS Foundation Trust",
        "health",
        "sam.named@oxleas.example",
        "typed",
        "not_sent",
    )
    (listed,) = js(client.get(URL, headers=ops))["agencies"]
    assert listed == body
    event = next(e for e in audit_rows(container.engine) if e.action == "case.agency_added")
    assert (event.actor_email, event.detail) == (
        "ops@partnership.example",
        f"case_agency_id={body['id']}",
    )


def test_adding_from_the_directory_copies_the_entry_which_may_change_later(
    client: FlaskClient, container: Container, ops: dict[str, str], case: str
) -> None:
    entry = add_directory_entry(container)
    response = client.post(URL, json={"directory_id": entry}, headers=ops)
    assert response.status_code == 201, response.json
    added = js(response)
    assert (added["name"], added["representative"], added["source"]) == (
        "Greenwich Police Safeguarding Unit",
        "DS Pat Jones",
        "directory",
    )
    directory.save_entry(
        container,
        {**TYPED, "name": "Met Police", "kind": "police"},
        directory.Keeper(None, None),
        entry_id=entry,
    )
    assert js(client.get(URL, headers=ops))["agencies"] == [added]


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"directory_id": "1"}, {"directory_id": "Choose an agency from the directory"}),
        ({"directory_id": True}, {"directory_id": "Choose an agency from the directory"}),
        ({"directory_id": 2**40}, {"directory_id": "Choose an agency from the directory"}),
        (
            {"directory_id": 99},
            {"directory_id": "That agency is not in the directory any more: choose another."},
        ),
        (
            {"directory_id": "inactive"},
            {"directory_id": "That agency is not in the directory any more: choose another."},
        ),
    ],
)
def test_a_directory_id_that_is_wrong_unknown_or_inactive_is_422(
    client: FlaskClient,
    container: Container,
    ops: dict[str, str],
    case: str,
    body: dict[str, Any],
    errors: dict[str, str],
) -> None:
    if body["directory_id"] == "inactive":
        body = {"directory_id": add_directory_entry(container, active=False)}
    response = client.post(URL, json=body, headers=ops)
    assert response.status_code == 422
    reason = next(iter(errors.values()))
    assert js(response) == {"error": "invalid_input", "reason": reason, "errors": errors}
    assert agencies.case_agencies(container, CASE).agencies == ()


def test_typed_details_get_the_consoles_messages_by_input_id(
    client: FlaskClient, ops: dict[str, str], case: str
) -> None:
    response = client.post(
        URL, json={"name": "", "kind": 7, "email": "nope", "phone": ["x"]}, headers=ops
    )
    assert response.status_code == 422
    body = js(response)
    assert body["error"] == "invalid_input"
    assert body["errors"] == {
        "name": "Enter the agency's name",
        "kind": "Select the type of agency",
        "representative": "Enter the name of the agency's representative",
        "email": "Enter an email address in the correct format, like name@example.com",
        "phone": "Telephone number (optional) must be a string",
    }
    # the reason says them in the order the console's form asks
    assert body["reason"] == "; ".join(body["errors"][s.id] for s in AGENCY_INPUTS)
    long = client.post(URL, json={**TYPED, "name": "x" * 301}, headers=ops)
    assert js(long)["errors"] == {"name": "The agency's name must be 300 characters or fewer"}
