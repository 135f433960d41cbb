"""The route-by-role matrix, built from the URL map: a new route cannot be forgotten.

Every route of the app is requested as every role: the roles its row in
``services/scheduler/web/access.py`` names get past the check, every other role gets a 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound

from services.scheduler.bootstrap import Container
from services.scheduler.web.access import ACCESS, PUBLIC, allowed
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import add_staff, attach_document, audit_rows, open_case
from tests.unit.scheduler.fakes import FakeDocumentsClient
from tests.unit.scheduler.web_helpers import page, sign_in, text

#: what needs no declaration: assets, health checks, signing in and out, approval links
EXEMPT = {
    "static",
    "govuk_assets",
    "govuk_bundle",
    "cspr_css",
    "health.healthz",
    "health.readyz",
    "auth.sign_in",
    "auth.sign_out",
    "api_v1.openapi",
    # the token in the emailed link is the credential (tests/unit/scheduler/test_approval_link.py)
    "approval_link.page",
}
#: a value for each URL variable; a route with a new variable name needs one here
SAMPLE_ARGUMENTS = {
    "reference": "GSCP-2026-0001",
    "document_id": 7,
    "key": "record_leads_informed",
    "action": "record_leads_informed",
    "agency_id": 1,
    "change": "remove",
    "entry_id": 1,
    "participant_id": 1,
    "page_id": "background",
    "number": 1,
    "message_id": 1,
    "name": "scoping_letter",
    "pack_id": 1,
    "fmt": "pdf",
}
#: a query string for a route that answers 400 without one
SAMPLE_QUERIES = {"working_days.api": "?from=2026-04-09&add=5"}
ROLES = ("ops", "chair", "partner-lead", "admin")


def declared_routes(app: Flask) -> Iterator[tuple[str, str, str]]:
    """(endpoint, method, URL) for every route that needs a declaration."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        missing = set(rule.arguments) - set(SAMPLE_ARGUMENTS)
        assert not missing, f"add sample values for {missing} ({rule.rule}) to this test"
        values = {name: SAMPLE_ARGUMENTS[name] for name in rule.arguments}
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            url = adapter.build(rule.endpoint, values, method=method)
            yield rule.endpoint, method, url + SAMPLE_QUERIES.get(rule.endpoint, "")


@pytest.fixture
def as_role(
    app: Flask, container: Container, documents: FakeDocumentsClient
) -> dict[str, FlaskClient]:
    """A signed-in browser for every role, and a case with a document to look at."""
    open_case(container, reference="GSCP-2026-0001")
    attach_document(container, case_reference="GSCP-2026-0001", document_id=7)
    documents.put(7, b"%PDF-1.7 test", "application/pdf")
    clients = {}
    for role in ROLES:
        email = f"{role}@partnership.example"
        add_staff(container, email=email, role=role)
        client = app.test_client()
        assert sign_in(client, email).status_code == 302
        clients[role] = client
    return clients


def test_only_assets_health_and_signing_in_and_out_are_public() -> None:
    assert PUBLIC == EXEMPT


def test_every_route_declares_which_roles_may_use_it(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    undeclared = sorted(endpoints - EXEMPT - set(ACCESS))
    assert not undeclared, f"add these endpoints to ACCESS in web/access.py: {undeclared}"
    assert not set(ACCESS) - endpoints, "ACCESS names endpoints that no longer exist"
    for endpoint, rule in ACCESS.items():
        assert rule.roles, f"{endpoint} allows nobody"


def test_each_role_gets_exactly_the_routes_declared_for_it(
    app: Flask, as_role: dict[str, FlaskClient]
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # a POST is judged by role here, not by token
    wrong = []
    for endpoint, method, url in declared_routes(app):
        for role, client in as_role.items():
            response = client.open(url, method=method)
            response.close()
            may = allowed(role, endpoint)
            if may == (response.status_code == 403) or response.status_code in (401, 500):
                wrong.append(f"{role} {method} {url}: {response.status_code}, allowed={may}")
    assert not wrong, "\n".join(wrong)


def test_signed_out_people_are_sent_to_sign_in_or_get_a_401(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # judged by who is asking, not by token
    client = app.test_client()
    for _endpoint, method, url in declared_routes(app):
        response = client.open(url, method=method)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/sign-in?next="), url


def test_the_service_token_opens_only_the_routes_declared_for_services(
    app: Flask, as_role: dict[str, FlaskClient]
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # judged by who is asking, not by token
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    for endpoint, method, url in declared_routes(app):
        response = client.open(url, method=method, headers=bearer)
        response.close()
        if ACCESS[endpoint].service:
            assert response.status_code == 200, url
        elif url.startswith("/api/"):
            assert response.status_code == 401, f"{url} must not accept the service token"
        else:
            assert response.status_code == 302, f"{url} must not accept the service token"


def test_a_refusal_says_why_and_is_audited(
    as_role: dict[str, FlaskClient], container: Container
) -> None:
    response = as_role["admin"].get("/cases/GSCP-2026-0001")
    assert response.status_code == 403
    soup = page(response)
    assert text(soup, "h1") == "You do not have access to this page"
    assert (
        "Only the partnership operations team, the chair or a lead representative can use "
        "this page. You are signed in as an administrator." in soup.get_text()
    )
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference) == (
        "access.denied",
        "admin@partnership.example",
        "GSCP-2026-0001",
    )
    assert event.detail == "endpoint=console.case; method=GET; role=admin"
    assert "case.viewed" not in [e.action for e in audit_rows(container.engine)[-2:]]


def test_a_refusal_from_the_api_is_json(as_role: dict[str, FlaskClient]) -> None:
    response = as_role["admin"].get("/api/cases")
    assert response.status_code == 403
    assert response.json == {
        "error": "forbidden",
        "reason": "Only the partnership operations team, the chair or a lead representative "
        "can use this page. You are signed in as an administrator.",
    }
    ops = as_role["ops"].get("/audit.csv")
    assert ops.status_code == 403
    assert "Only an administrator can use this page" in ops.get_data(as_text=True)


def test_a_route_nobody_declared_is_refused_to_everyone(app: Flask, container: Container) -> None:
    app.add_url_rule("/forgotten", "forgotten", lambda: "should not be seen")
    add_staff(container, email="admin@partnership.example", role="admin")
    client = app.test_client()
    sign_in(client, "admin@partnership.example")
    response = client.get("/forgotten")
    assert response.status_code == 403
    assert "should not be seen" not in response.get_data(as_text=True)


def test_pages_offer_only_what_the_role_may_do(app: Flask, as_role: dict[str, FlaskClient]) -> None:
    adapter = app.url_map.bind("localhost")
    for role, client in as_role.items():
        landing = client.get("/")
        assert landing.status_code == 302
        pages = [landing.headers["Location"], "/cases/GSCP-2026-0001", "/audit", "/agencies"]
        for path in pages:
            response = client.get(path)
            if response.status_code == 403:
                continue
            soup = page(response)
            targets = [a["href"] for a in soup.select("a[href]")]
            targets += [f["action"] for f in soup.select("form[action]")]
            for target in targets:
                parts = urlsplit(str(target))
                if parts.netloc or not parts.path.startswith("/"):
                    continue
                method = "POST" if soup.select_one(f'form[action="{target}"]') else "GET"
                try:
                    endpoint, _ = adapter.match(parts.path, method=method)
                except (NotFound, MethodNotAllowed):
                    continue
                assert endpoint in PUBLIC or allowed(role, str(endpoint)), (
                    f"{role} is offered {target} on {path}"
                )


def test_landing_pages_and_navigation_by_role(as_role: dict[str, FlaskClient]) -> None:
    def nav(client: FlaskClient, path: str) -> list[str]:
        return [a.get_text(strip=True) for a in page(client.get(path)).select("#navigation a")]

    assert as_role["ops"].get("/").headers["Location"] == "/cases"
    assert as_role["admin"].get("/").headers["Location"] == "/audit"
    assert nav(as_role["ops"], "/cases") == [
        "Cases",
        "Dashboard",
        "Working days",
        "Meetings",
        "Agencies",
        "Emails",
    ]
    assert nav(as_role["chair"], "/cases") == ["Cases", "Dashboard", "Working days", "Emails"]
    assert nav(as_role["partner-lead"], "/cases") == ["Cases", "Dashboard", "Working days"]
    assert nav(as_role["admin"], "/audit") == [
        "Working days",
        "Meetings",
        "Agencies",
        "Templates",
        "Emails",
        "Audit log",
    ]


def test_case_data_is_for_casework_and_the_audit_log_for_admins(app: Flask) -> None:
    """The policy itself, by path: widening either needs this test changed too."""
    for rule in app.url_map.iter_rules():
        roles = {r.value for r in ACCESS[rule.endpoint].roles} if rule.endpoint in ACCESS else None
        if rule.rule in (
            "/cases/<reference>/owner",
            "/cases/<reference>/packs",
            # a message is sent again by the ops team or the chair, who act on failures
            "/cases/<reference>/messages/<int:message_id>/resend",
        ) or (
            rule.rule.startswith("/cases/")
            and any(p in rule.rule for p in ("/agencies/", "/meeting/participants/", "/report/"))
            and not rule.rule.endswith("/return")
        ):
            # a case's owner is chosen by (and from) the ops team and the chair, who also
            # keep the case's agencies and the meeting's participants (the API lets casework
            # in: the domain refuses a lead representative with its reason)
            assert roles == {"ops", "chair"}, rule.rule
        elif rule.rule == "/api/v1/cases/<reference>/packs":
            # packs are built by ops and the chair; everyone on casework reads and downloads
            assert roles == {"ops", "chair"}, rule.rule
        elif "/cases" in rule.rule:
            assert roles == {"ops", "chair", "partner-lead"}, rule.rule
        if rule.rule.startswith("/agencies"):
            # the partnership's directory is kept like the meeting schedule
            assert roles == {"admin", "ops"}, rule.rule
        if rule.rule.startswith(("/audit", "/templates")):
            # the documents' templates are configuration, like the audit log is oversight
            assert roles == {"admin"}, rule.rule
