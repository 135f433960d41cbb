"""The internal API of the partnership's own templates, with every port faked: the list and
its fields, an upload accepted or refused with its problems, choosing the version in use,
and the files; JSON errors with ``error`` and ``reason``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.documents.app import create_app
from services.documents.catalogue import CATALOGUE
from services.documents.common import sha256_hex
from services.documents.render import SCOPING_LETTER_TEMPLATE, template_version
from shared import runtime
from shared.config import load_config
from tests.unit.documents.factories import Fakes
from tests.unit.documents.word_files import LETTER_LINES, word_file

TOKEN = "unit-test-service-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def body(response: TestResponse) -> Any:
    """The response's JSON (a test fails on anything else)."""
    found = response.get_json()
    assert found is not None, response.get_data(as_text=True)
    return found


ADMIN = "admin@partnership.example"
LETTER = word_file(*LETTER_LINES)


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    runtime.clear()
    yield Fakes()
    runtime.clear()


@pytest.fixture
def client(fakes: Fakes) -> FlaskClient:
    config = load_config(
        "documents",
        {"CSPR_ENV": "test", "SERVICE_TOKEN": TOKEN, "UNOSERVER_POOL": "127.0.0.1:9"},
    )
    return create_app(config, **fakes.overrides()).test_client()


def upload(client: FlaskClient, data: bytes, filename: str = "Our letter.docx") -> TestResponse:
    return client.post(
        f"/api/templates/scoping_letter/versions?filename={quote(filename)}&uploaded_by={ADMIN}",
        data=data,
        headers={**AUTH, "Content-Type": "application/octet-stream"},
    )


def test_every_template_is_listed_with_its_fields_and_the_limit(client: FlaskClient) -> None:
    listed = body(client.get("/api/templates", headers=AUTH))
    assert listed["max_bytes"] == 1536 * 1024
    assert listed["max_size"] == "1.5 MB"
    assert [t["name"] for t in listed["templates"]] == list(CATALOGUE)
    letter = listed["templates"][1]
    assert letter["title"] == "Letter to accompany the scoping form (Appendix ii)"
    assert letter["built_in_version"] == template_version(SCOPING_LETTER_TEMPLATE)
    assert (letter["active"], letter["choice"], letter["versions"]) == (None, None, [])
    fields = {f["name"]: f for f in letter["fields"]}
    assert fields["reference"] == {
        "name": "reference",
        "description": "The case reference, GSCP-2026-0001",
        "required": True,
    }
    assert fields["logo"]["required"] is False


def test_an_accepted_upload_is_the_next_version_and_in_use(
    client: FlaskClient, fakes: Fakes
) -> None:
    response = upload(client, LETTER)
    assert response.status_code == 201
    made = body(response)["version"]
    assert made["version"] == 1
    assert made["template_version"] == f"scoping_letter custom v1 sha256:{sha256_hex(LETTER)[:12]}"
    assert (made["filename"], made["uploaded_by"], made["size"]) == (
        "Our letter.docx",
        ADMIN,
        len(LETTER),
    )
    assert "logo" in body(response)["unused_fields"]
    assert len(fakes.converter.calls) == 1, "test-converted"

    shown = body(client.get("/api/templates/scoping_letter", headers=AUTH))
    assert shown["active"]["version"] == 1
    assert shown["choice"]["chosen_by"] == ADMIN
    assert body(upload(client, LETTER))["version"]["version"] == 2


def test_a_refused_upload_lists_its_problems(client: FlaskClient, fakes: Fakes) -> None:
    response = upload(client, word_file("{{ reference }} {{ childs_name }}"))
    assert response.status_code == 422
    assert body(response)["error"] == "template_refused"
    assert body(response)["reason"]
    assert [p["code"] for p in body(response)["problems"]] == ["unknown_fields", "missing_fields"]
    assert body(response)["problems"][0]["fields"] == ["childs_name"]
    assert fakes.template_library.versions("scoping_letter") == []


def test_choosing_the_built_in_template_or_an_earlier_version(
    client: FlaskClient, fakes: Fakes
) -> None:
    upload(client, LETTER)
    upload(client, LETTER)

    def choose(version: object) -> TestResponse:
        return client.put(
            "/api/templates/scoping_letter/active",
            json={"version": version, "chosen_by": ADMIN},
            headers=AUTH,
        )

    assert body(choose(None))["active"] is None
    assert fakes.template_library.active("scoping_letter") is None
    assert body(choose(1))["active"]["version"] == 1
    missing = choose(7)
    assert missing.status_code == 404
    assert body(missing) == {
        "error": "not_found",
        "reason": "Template scoping_letter has no version 7.",
    }
    assert choose("1").status_code == 400
    assert choose(True).status_code == 400


def test_the_files_in_use_built_in_or_a_version(client: FlaskClient) -> None:
    built_in = client.get("/api/templates/scoping_letter/content", headers=AUTH)
    assert built_in.data == SCOPING_LETTER_TEMPLATE.read_bytes()
    assert built_in.headers["X-Checksum-SHA256"] == sha256_hex(built_in.data)
    assert 'filename="scoping_letter.docx"' in built_in.headers["Content-Disposition"]

    upload(client, LETTER)
    in_use = client.get("/api/templates/scoping_letter/content", headers=AUTH)
    assert in_use.data == LETTER
    assert 'filename="scoping_letter-v1.docx"' in in_use.headers["Content-Disposition"]
    again = client.get("/api/templates/scoping_letter/content?version=built-in", headers=AUTH)
    assert again.data == SCOPING_LETTER_TEMPLATE.read_bytes()
    assert (
        client.get("/api/templates/scoping_letter/content?version=1", headers=AUTH).data == LETTER
    )
    assert (
        client.get("/api/templates/scoping_letter/content?version=2", headers=AUTH).status_code
        == 404
    )
    assert (
        client.get("/api/templates/scoping_letter/content?version=x", headers=AUTH).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/templates/nothing"),
        ("GET", "/api/templates/nothing/content"),
        ("POST", "/api/templates/nothing/versions?filename=a.docx&uploaded_by=x@example.org"),
        ("PUT", "/api/templates/nothing/active"),
    ],
)
def test_an_unknown_template_is_a_json_404(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(
        path, method=method, headers=AUTH, json={"version": None, "chosen_by": "x"}
    )
    assert response.status_code == 404
    assert set(body(response)) == {"error", "reason"}


def test_the_service_token_is_required(client: FlaskClient) -> None:
    response = client.get("/api/templates")
    assert response.status_code == 401
    assert body(response)["error"] == "unauthorized"


def test_an_upload_says_who_and_what(client: FlaskClient) -> None:
    response = client.post("/api/templates/scoping_letter/versions", data=LETTER, headers=AUTH)
    assert response.status_code == 400
    assert body(response)["error"] == "bad_request"


def test_a_store_that_is_down_is_a_503(client: FlaskClient, fakes: Fakes) -> None:
    upload(client, LETTER)
    fakes.template_library.down = True
    response = client.get("/api/templates/scoping_letter/content", headers=AUTH)
    assert response.status_code == 503
    assert set(body(response)) == {"error", "reason"}
