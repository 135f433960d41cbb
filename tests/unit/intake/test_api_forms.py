"""GET /api/v1/forms and each form's JSON Schema: public, and true to the definitions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from shared.forms import samples
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS
from tests.unit.intake.api_fakes import api_world

FORM_LIST = [FORMS[form_id] for form_id in REFERRAL_FORMS]
TODAY = date(2026, 11, 20)


@pytest.fixture
def client() -> FlaskClient:
    return api_world().app.test_client(use_cookies=False)


def schema_of(client: FlaskClient, form: Form) -> dict[str, Any]:
    response = client.get(f"/api/v1/forms/{form.id}/schema.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    found: dict[str, Any] = response.get_json()
    return found


def test_the_forms_are_listed_without_a_token(client: FlaskClient) -> None:
    response = client.get("/api/v1/forms")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "forms": [
            {
                "id": form.id,
                "version": form.version,
                "title": form.title,
                "caption": form.caption,
                "schema": f"http://localhost/api/v1/forms/{form.id}/schema.json",
            }
            for form in FORM_LIST
        ]
    }
    assert [f["id"] for f in response.get_json()["forms"]] == [
        "serious-incident",
        "practice-learning",
    ]


@pytest.mark.parametrize("form", FORM_LIST, ids=lambda f: f.id)
def test_each_listed_schema_url_serves_a_2020_12_schema(client: FlaskClient, form: Form) -> None:
    schema = schema_of(client, form)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"http://localhost/api/v1/forms/{form.id}/schema.json"
    assert schema["title"] == form.title


@pytest.mark.parametrize("form", FORM_LIST, ids=lambda f: f.id)
@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_the_schema_accepts_the_sample_answers(
    client: FlaskClient, form: Form, largest: bool
) -> None:
    validator = Draft202012Validator(schema_of(client, form))
    answers = samples.answers(form, today=TODAY, largest=largest, items=2)
    assert [e.message for e in validator.iter_errors(answers)] == []


@pytest.mark.parametrize("form", FORM_LIST, ids=lambda f: f.id)
def test_the_schema_refuses_what_the_form_does_not_ask(client: FlaskClient, form: Form) -> None:
    validator = Draft202012Validator(schema_of(client, form))
    answers = samples.answers(form, today=TODAY)
    assert not validator.is_valid({**answers, "not_a_question": "x"})
    required = next(q.id for page in form.pages for q in page.questions if q.required)
    assert not validator.is_valid({k: v for k, v in answers.items() if k != required})


@pytest.mark.parametrize("form", FORM_LIST, ids=lambda f: f.id)
def test_every_property_title_is_the_definitions_label(client: FlaskClient, form: Form) -> None:
    properties = schema_of(client, form)["properties"]
    titles: dict[str, str] = {}
    expected: dict[str, str] = {}
    for page in form.pages:
        group = page.repeating
        if group is None:
            for question in page.questions:
                expected[question.id] = question.label
                titles[question.id] = properties[question.id]["title"]
            continue
        expected[group.id] = group.label
        titles[group.id] = properties[group.id]["title"]
        items = properties[group.id]["items"]["properties"]
        for question in group.questions:
            expected[f"{group.id}[].{question.id}"] = question.label
            titles[f"{group.id}[].{question.id}"] = items[question.id]["title"]
    assert titles == expected
    assert set(properties) == {key for page in form.pages for key in page.answer_ids}


def test_an_unknown_form_has_no_schema(client: FlaskClient) -> None:
    response = client.get("/api/v1/forms/scoping/schema.json")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "reason": "There is no form 'scoping'."}
    assert response.headers["Cache-Control"] == "no-store"
