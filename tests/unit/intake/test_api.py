"""POST /api/v1/referrals with fakes behind the real app: tokens, checks, errors, replays."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.intake.references import london_date
from shared.forms import samples
from shared.forms.checks import check_item, check_page
from shared.forms.model import Form, Page
from shared.forms.registry import FORMS, REFERRAL_FORMS
from tests.unit.intake.api_fakes import ApiWorld, api_world

URL = "/api/v1/referrals"
SERIOUS = FORMS["serious-incident"]
PRACTICE = FORMS["practice-learning"]


@pytest.fixture
def world() -> ApiWorld:
    return api_world()


@pytest.fixture
def client(world: ApiWorld) -> FlaskClient:
    return world.app.test_client()


def today(world: ApiWorld) -> date:
    return london_date(world.clock())


def body(form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    return {"form": form.id, "answers": answers}


def post(client: FlaskClient, world: ApiWorld, payload: Any, **headers: str) -> TestResponse:
    return client.post(URL, json=payload, headers={**world.auth, **headers})


def post_bytes(client: FlaskClient, world: ApiWorld, data: bytes) -> TestResponse:
    return client.post(URL, data=data, headers=world.auth, content_type="application/json")


def assert_error(response: TestResponse, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    found: dict[str, Any] = response.get_json()
    assert found["error"] == error
    assert isinstance(found["reason"], str) and found["reason"]
    return found


@pytest.mark.parametrize("form", [SERIOUS, PRACTICE], ids=lambda f: f.id)
@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_a_referral_is_stored_handed_off_and_its_reference_returned(
    client: FlaskClient, world: ApiWorld, form: Form, largest: bool
) -> None:
    answers = samples.answers(form, today=today(world), largest=largest)
    response = post(client, world, body(form, answers))
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {
        "reference": "TEST-2026-0001",
        "form": form.id,
        "version": form.version,
    }
    assert response.headers["Cache-Control"] == "no-store"
    (row,) = world.referrals.rows
    new = row["new"]
    assert (new.kind, new.form_id, new.form_version, new.source) == (
        form.route,
        form.id,
        form.version,
        "api",
    )
    assert new.submission_key is None
    assert set(new.answers) == set(answers)
    assert world.queue.opened == [1]
    assert world.tokens.get(world.issued.token.id).last_used_at == world.clock()


def test_the_api_needs_no_csrf_token_nor_cookie(world: ApiWorld) -> None:
    assert world.app.config.get("WTF_CSRF_ENABLED", True)
    response = world.app.test_client(use_cookies=False).post(
        URL,
        json=body(SERIOUS, samples.answers(SERIOUS, today=today(world))),
        headers=world.auth,
    )
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


def test_a_referral_is_accepted_while_the_queue_is_down(
    client: FlaskClient, world: ApiWorld
) -> None:
    world.queue.available = False
    response = post(client, world, body(SERIOUS, samples.answers(SERIOUS, today=today(world))))
    assert response.status_code == 201
    assert world.referrals.rows[0]["handed_off_at"] is None


def _required_page_questions() -> list[tuple[Form, Page, str]]:
    return [
        (form, page, question.id)
        for form in (SERIOUS, PRACTICE)
        for page in form.pages
        for question in page.questions
        if question.required
    ]


@pytest.mark.parametrize(
    ("form", "page", "question_id"),
    _required_page_questions(),
    ids=lambda v: v if isinstance(v, str) else getattr(v, "id", ""),
)
def test_a_missing_answer_gets_the_web_forms_message_under_its_question_id(
    client: FlaskClient, world: ApiWorld, form: Form, page: Page, question_id: str
) -> None:
    answers = samples.answers(form, today=today(world))
    del answers[question_id]
    web_raw: dict[str, list[str]] = {}
    for question in page.questions:
        if question.id != question_id:
            web_raw.update(question.to_raw(answers[question.id]))
    web = check_page(page, web_raw, today(world))

    found = assert_error(post(client, world, body(form, answers)), 422, "invalid_answers")
    assert found["errors"] == {question_id: next(iter(web.errors.values()))}
    assert len(web.errors) == 1
    assert found["reason"] == (
        "1 answer needs correcting: see 'errors', by question id, in the web form's words."
    )
    assert world.referrals.rows == [] and world.queue.opened == []


def test_errors_inside_a_repeating_group_name_the_item_and_question(
    client: FlaskClient, world: ApiWorld
) -> None:
    answers = samples.answers(PRACTICE, today=today(world), items=3)
    answers["family_members"][1]["relationship"] = "   "
    answers["chronology"][2]["date"] = "2999-01-01"
    answers["child_name"] = "x" * 5000
    found = assert_error(post(client, world, body(PRACTICE, answers)), 422, "invalid_answers")

    group = next(
        p.repeating for p in PRACTICE.pages if p.repeating and p.repeating.id == "family_members"
    )
    item = {k: v for k, v in answers["family_members"][1].items() if k != "relationship"}
    web_item = check_item(group, group.item_to_raw(item), today(world))
    assert found["errors"]["family_members[1].relationship"] == next(iter(web_item.errors.values()))
    assert found["errors"]["family_members[1].relationship"] == (
        "Enter their relationship to the child"
    )
    assert "chronology[2].date" in found["errors"]
    assert found["errors"]["child_name"] == "Child's name must be 200 characters or fewer"
    assert found["reason"].startswith("3 answers need correcting")


def test_unknown_questions_and_wrong_shapes_are_errors_not_failures(
    client: FlaskClient, world: ApiWorld
) -> None:
    answers: dict[str, Any] = samples.answers(PRACTICE, today=today(world))
    answers["favourite_colour"] = "blue"
    answers["family_members"] = {"not": "a list"}
    answers["child_name"] = {"first": "Jo"}
    found = assert_error(post(client, world, body(PRACTICE, answers)), 422, "invalid_answers")
    assert found["errors"]["favourite_colour"] == "This is not a question on this form"
    assert "family_members" in found["errors"]


def test_an_unknown_form_is_refused_with_the_forms_there_are(
    client: FlaskClient, world: ApiWorld
) -> None:
    found = assert_error(
        post(client, world, {"form": "rapid-review-report", "answers": {}}), 422, "unknown_form"
    )
    assert "serious-incident" in found["reason"] and "practice-learning" in found["reason"]


def test_a_form_that_is_not_a_referral_form_is_refused_though_it_is_known(
    client: FlaskClient, world: ApiWorld
) -> None:
    # an agency returns the scoping form (App. iii) from its letter's link; it opens no case
    scoping = FORMS["scoping"]
    assert scoping.id not in REFERRAL_FORMS
    answers = samples.answers(scoping, today=today(world))
    found = assert_error(post(client, world, body(scoping, answers)), 422, "unknown_form")
    assert found["reason"] == (
        "There is no form 'scoping' to refer with: use one of serious-incident, "
        "practice-learning (GET /api/v1/forms lists them)."
    )
    assert world.referrals.rows == [] and world.queue.opened == []
    assert client.get("/api/v1/forms/scoping/schema.json").status_code == 404


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, 'Bearer realm="cspr intake API"'),
        ({"Authorization": "Basic bWFzaDpzZWNyZXQ="}, 'error="invalid_token"'),
        ({"Authorization": "Bearer"}, 'error="invalid_token"'),
        ({"Authorization": "Bearer not-a-token-we-issued"}, 'error="invalid_token"'),
        ({"Authorization": "Bearer " + "x" * 5000}, 'error="invalid_token"'),
    ],
    ids=["missing", "basic", "empty", "unknown", "huge"],
)
def test_requests_without_a_valid_token_are_refused(
    client: FlaskClient, world: ApiWorld, headers: dict[str, str], challenge: str
) -> None:
    response = client.post(URL, json=body(SERIOUS, {}), headers=headers)
    assert_error(response, 401, "unauthorized")
    assert challenge in response.headers["WWW-Authenticate"]
    assert world.referrals.rows == []


def test_a_revoked_token_is_refused(client: FlaskClient, world: ApiWorld) -> None:
    world.tokens.revoke(world.issued.token.id, at=world.clock())
    response = post(client, world, body(SERIOUS, samples.answers(SERIOUS, today=today(world))))
    found = assert_error(response, 401, "unauthorized")
    assert "revoked" in found["reason"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert world.referrals.rows == []


SI = b'{"form": "serious-incident", "answers": '


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", "invalid_json", "empty"),
        (b"{'form': 'serious-incident'}", "invalid_json", "not valid JSON"),
        (SI + b"{}", "invalid_json", "not valid JSON"),
        (SI + b'{"child_name": "Zo\xeb"}}', "invalid_json", "UTF-8"),
        (b"\xff\xfe{\x00}\x00", "invalid_json", "UTF-8"),
        (SI + b'{"x": NaN}}', "invalid_json", "NaN"),
        (SI + b'{"x": "\\ud800"}}', "invalid_json", "half"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json", "nested"),
        (SI + b'{"n": ' + b"9" * 5000 + b"}}", "invalid_json", "number"),
        (b"[]", "invalid_request", "JSON object"),
        (b'"serious-incident"', "invalid_request", "JSON object"),
        (b'{"answers": {}}', "invalid_request", "'form'"),
        (b'{"form": 7, "answers": {}}', "invalid_request", "'form'"),
        (b'{"form": "serious-incident"}', "invalid_request", "'answers'"),
        (SI + b"[]}", "invalid_request", "'answers'"),
        (SI + b'{}, "version": 1}', "invalid_request", "'version'"),
    ],
)
def test_bodies_that_are_not_a_request_are_400_with_a_reason(
    client: FlaskClient, world: ApiWorld, data: bytes, error: str, words: str
) -> None:
    found = assert_error(post_bytes(client, world, data), 400, error)
    assert words in found["reason"]
    assert world.referrals.rows == []


def test_a_body_over_the_limit_is_413(client: FlaskClient, world: ApiWorld) -> None:
    limit = world.app.config["MAX_CONTENT_LENGTH"]
    data = json.dumps({"form": "serious-incident", "answers": {"x": "a" * limit}}).encode()
    found = assert_error(post_bytes(client, world, data), 413, "request_entity_too_large")
    assert f"{limit:,} bytes" in found["reason"]
    assert world.referrals.rows == []


def chunked(client: FlaskClient, world: ApiWorld, data: bytes) -> TestResponse:
    """A body sent without Content-Length, as a server that de-chunks it passes it on."""
    return client.post(
        URL,
        input_stream=io.BytesIO(data),
        headers={**world.auth, "Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_is_413_not_cut_short(
    client: FlaskClient, world: ApiWorld
) -> None:
    limit = world.app.config["MAX_CONTENT_LENGTH"]
    answers = samples.answers(SERIOUS, today=today(world))
    answers["outline"] = "a" * limit
    response = chunked(client, world, json.dumps(body(SERIOUS, answers)).encode())
    assert_error(response, 413, "request_entity_too_large")
    assert world.referrals.rows == []


def test_a_chunked_body_within_the_limit_is_read_whole(
    client: FlaskClient, world: ApiWorld
) -> None:
    answers = samples.answers(SERIOUS, today=today(world), largest=True)
    response = chunked(client, world, json.dumps(body(SERIOUS, answers)).encode())
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize(
    ("method", "url"),
    [("GET", URL), ("PUT", URL), ("DELETE", URL), ("POST", "/api/v1/forms")],
)
def test_wrong_methods_are_405_json_naming_the_allowed_ones(
    client: FlaskClient, world: ApiWorld, method: str, url: str
) -> None:
    response = client.open(url, method=method, headers=world.auth)
    assert_error(response, 405, "method_not_allowed")
    assert ("POST" if url == URL else "GET") in response.headers["Allow"]


def test_an_unknown_api_path_is_404_json(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/cases"), 404, "not_found")
