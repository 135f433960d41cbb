"""The administrators' template pages, with the documents service's template API faked:
the list, a template's fields and versions, an upload accepted or refused with a GOV.UK
error summary, going back to the built-in template, downloads; each audited."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import add_staff, audit_rows
from tests.unit.scheduler.template_fakes import REFUSED, FakeTemplatesClient
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in, text

ADMIN = "admin@partnership.example"
PAGE = "/templates/scoping_letter"
LETTER = b"PK our own letter"


@pytest.fixture
def admin(app: Flask, container: Container) -> FlaskClient:
    add_staff(container, email=ADMIN, role="admin", name="Ada Admin")
    client = app.test_client()
    sign_in(client, ADMIN)
    return client


def audited(c: Container, action: str) -> list[str]:
    return [e.detail for e in audit_rows(c.engine) if e.action == action]


def upload(client: FlaskClient, data: bytes, filename: str = "Our letter.docx") -> TestResponse:
    return client.post(
        PAGE,
        data={"csrf_token": csrf_token(client, PAGE), "template": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def choose(client: FlaskClient, version: str) -> TestResponse:
    return client.post(
        f"{PAGE}/active", data={"csrf_token": csrf_token(client, PAGE), "version": version}
    )


def test_the_list_says_which_template_is_in_use(
    admin: FlaskClient, container: Container, templates: FakeTemplatesClient
) -> None:
    templates.upload("scoping_letter", "Letter.docx", LETTER, "someone@partnership.example")
    soup = page(admin.get("/templates"))
    rows = {
        tr["data-template"]: [td.get_text(" ", strip=True) for td in tr("td")]
        for tr in soup.select("#templates tbody tr")
    }
    assert rows == {
        "answers": ["Built-in", "Not uploaded"],
        "scoping_letter": ["Version 1", "9 April 2026 10:15:00 by someone@partnership.example"],
    }
    link = one(soup, "tr[data-template=scoping_letter] th a")
    assert (link.get_text(strip=True), link["href"]) == (
        "Letter to accompany the scoping form (Appendix ii)",
        PAGE,
    )
    assert audited(container, "templates.viewed") == ["template=all"]


def test_a_template_page_lists_its_fields_and_offers_an_upload(
    admin: FlaskClient, container: Container
) -> None:
    soup = page(admin.get(PAGE))
    assert text(soup, "h1") == "Letter to accompany the scoping form (Appendix ii)"
    fields = [
        [c.get_text(strip=True) for c in tr(["th", "td"])] for tr in soup.select("#fields tbody tr")
    ]
    assert fields == [
        ["reference", "The case reference, GSCP-2026-0001", "Yes"],
        ["logo", "The partnership's logo", "No"],
    ]
    form = one(soup, "form[enctype='multipart/form-data']")
    assert form["action"] == PAGE
    assert one(form, "input[type=file]")["id"] == "template-file"
    assert "1.5 MB" in text(soup, "#template-file-hint")
    built_in = one(soup, "#versions tr[data-version=built-in]")
    assert "In use" in built_in.get_text()
    assert one(soup, "#download-in-use")["href"] == f"{PAGE}/download"
    assert audited(container, "templates.viewed") == ["template=scoping_letter"]


def test_an_accepted_upload_is_in_use_and_audited(
    admin: FlaskClient, container: Container, templates: FakeTemplatesClient
) -> None:
    response = upload(admin, LETTER)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}?uploaded=1&unused=logo"
    assert templates.uploads == [("scoping_letter", "Our letter.docx", LETTER, ADMIN)]

    soup = page(admin.get(response.headers["Location"]))
    banner = text(soup, "#uploaded")
    assert "Version 1 is now in use." in banner
    assert "It does not use these fields: logo." in banner
    assert one(soup, "#versions tr[data-version='1']").select_one(".govuk-tag--green") is not None
    [detail] = audited(container, "templates.replaced")
    assert detail.startswith("template=scoping_letter; version=1; sha256=")


def test_a_refused_upload_lists_each_problem_in_the_error_summary(
    admin: FlaskClient, container: Container
) -> None:
    response = upload(admin, REFUSED + LETTER)
    assert response.status_code == 400
    soup = page(response)
    assert soup.title is not None and soup.title.get_text().startswith("Error: ")
    summary = [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-error-summary a")]
    assert summary == [
        (
            "The template uses fields cspr does not provide: child_nam. Use only the fields "
            "listed on this page",
            "#template-file",
        ),
        ("The template must use these fields: reference", "#template-file"),
    ]
    assert "child_nam" in text(soup, "#template-file-error")
    assert audited(container, "templates.upload_refused") == [
        "template=scoping_letter; problems=unknown_fields,missing_fields"
    ]
    assert audited(container, "templates.replaced") == []


def test_no_file_is_an_error_on_the_page(admin: FlaskClient) -> None:
    response = admin.post(PAGE, data={"csrf_token": csrf_token(admin, PAGE)})
    assert response.status_code == 400
    assert text(page(response), ".govuk-error-summary a") == (
        "Select a Word document (.docx) to upload"
    )


def test_a_file_larger_than_a_request_may_be_is_an_error_on_the_page(
    admin: FlaskClient, container: Container, templates: FakeTemplatesClient
) -> None:
    response = upload(admin, b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    soup = page(response)
    assert text(soup, ".govuk-error-summary a") == "The selected file must be smaller than 1.5 MB"
    assert templates.uploads == []
    assert audited(container, "templates.upload_refused") == [
        "template=scoping_letter; problems=too_large"
    ]


def test_going_back_to_the_built_in_template_or_an_earlier_version(
    admin: FlaskClient, container: Container, templates: FakeTemplatesClient
) -> None:
    upload(admin, LETTER)
    upload(admin, LETTER + b"2")
    response = choose(admin, "built-in")
    assert response.status_code == 303
    soup = page(admin.get(response.headers["Location"]))
    assert text(soup, "#in-use-again .govuk-notification-banner__content") == (
        "The built-in template is in use again."
    )
    assert templates.templates["scoping_letter"].active is None
    assert "Version 1" in text(page(admin.get(choose(admin, "1").headers["Location"])), "#in-use")
    assert audited(container, "templates.reverted") == [
        "template=scoping_letter; version=built-in",
        "template=scoping_letter; version=1",
    ]
    assert choose(admin, "nine").status_code == 400
    assert choose(admin, "9").status_code == 404


def test_downloads_name_the_version_and_are_audited(
    admin: FlaskClient, container: Container
) -> None:
    built_in = admin.get(f"{PAGE}/download")
    assert built_in.headers["Content-Disposition"] == 'attachment; filename="scoping_letter.docx"'
    assert built_in.headers["Cache-Control"] == "no-store"
    upload(admin, LETTER)
    in_use = admin.get(f"{PAGE}/download")
    assert in_use.data == LETTER
    assert in_use.headers["Content-Disposition"] == 'attachment; filename="scoping_letter-v1.docx"'
    assert admin.get(f"{PAGE}/download?version=built-in").data.startswith(b"PK built-in")
    assert audited(container, "templates.downloaded") == [
        "template=scoping_letter; version=built-in",
        "template=scoping_letter; version=1",
        "template=scoping_letter; version=built-in",
    ]


def test_when_the_documents_service_is_down_the_pages_say_so(
    admin: FlaskClient, templates: FakeTemplatesClient
) -> None:
    templates.failing = True
    for response in (admin.get("/templates"), admin.get(PAGE), admin.get(f"{PAGE}/download")):
        assert response.status_code == 503
        assert (
            "not answering" in page(response).get_text() or "did not" in page(response).get_text()
        )


def test_an_unknown_template_is_not_found(admin: FlaskClient) -> None:
    assert admin.get("/templates/nothing").status_code == 404
