"""The JSON Schema (2020-12) of each form's answers, for API clients."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.choices import YesNoDetails
from shared.forms.model import Form
from shared.forms.questions import Question
from shared.forms.schema import DIALECT, json_schema
from tests.unit.forms.support import ALL_FORMS, SI, TODAY, answers, group

FORM_IDS = [f.id for f in ALL_FORMS]


def validator(form: Form) -> Draft202012Validator:
    return Draft202012Validator(
        json_schema(form), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def valid(form: Form, given: dict[str, Any]) -> bool:
    return validator(form).is_valid(given)


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_the_schema_is_a_valid_2020_12_schema(form: Form) -> None:
    schema = json_schema(form, base_url="https://cspr.example")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://cspr.example/api/v1/forms/{form.id}/schema.json"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
@pytest.mark.parametrize("items", [0, 1, 3])
def test_the_sample_answers_are_valid(form: Form, largest: bool, items: int) -> None:
    given = samples.answers(form, today=TODAY, largest=largest, items=items)
    errors = [e.message for e in validator(form).iter_errors(given)]
    assert errors == []


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_every_property_is_titled_with_its_question_label(form: Form) -> None:
    properties = json_schema(form)["properties"]
    assert list(properties) == [a for page in form.pages for a in page.answer_ids]
    for answer_id, described in properties.items():
        found = form.question(answer_id)
        assert found is not None
        assert described["title"] == found.label
        if isinstance(found, Question):
            continue
        item = described["items"]
        assert item["additionalProperties"] is False
        assert {k: v["title"] for k, v in item["properties"].items()} == {
            q.id: q.label for q in found.questions
        }


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_required_properties_are_the_required_questions(form: Form) -> None:
    required: list[str] = []
    for page in form.pages:
        if page.repeating is None:
            required += [q.id for q in page.questions if q.required]
        elif page.repeating.min_items:
            required.append(page.repeating.id)
    assert json_schema(form)["required"] == required


def test_hints_become_descriptions() -> None:
    properties = json_schema(SI)["properties"]
    assert properties["child_date_of_birth"]["description"] == "For example, 27 3 2007"
    assert "description" not in properties["child_name"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"answer": "yes", "details": "DI Smith"}, True),
        ({"answer": "no"}, True),
        ({"answer": "yes"}, False),
        ({"details": "DI Smith"}, False),
        ({"answer": "maybe"}, False),
        ({"answer": "no", "extra": "x"}, False),
        ({"answer": "yes", "details": "x" * 2_001}, False),
    ],
)
def test_yes_no_details_requires_details_with_yes(value: dict[str, str], ok: bool) -> None:
    assert valid(SI, answers(criminal_investigation=value)) is ok


def test_details_are_optional_when_the_question_says_so() -> None:
    q = YesNoDetails(id="q", label="Q?", name="q", details_required=False)
    assert Draft202012Validator(q.schema()).is_valid({"answer": "yes"})


@pytest.mark.parametrize(
    "changes",
    [
        {"favourite_colour": "blue"},
        {"child_name": "x" * 201},
        {"child_name": 5},
        {"incident_type": "murder"},
        {"looked_after": "Yes"},
        {"child_date_of_birth": "14/03/2019"},
        {"family_members": [{"name": "Jo", "relationship": "Mother", "shoe_size": "9"}]},
        {"family_members": [{"name": "Jo"}]},
        {"family_members": "Jo"},
        {"chronology": [{"date": "2026-01-01", "time": "25:00", "event": "x"}]},
        {"agencies": [{"agency": "A", "reason": "R"}] * 31},
    ],
    ids=lambda c: next(iter(c)),
)
def test_the_schema_and_the_checker_both_refuse(changes: dict[str, Any]) -> None:
    given = answers(**changes)
    assert not valid(SI, given)
    assert not check_answers(SI, given, TODAY).ok


def test_groups_give_their_bounds() -> None:
    family = json_schema(SI)["properties"]["family_members"]
    assert (family["minItems"], family["maxItems"]) == (0, group(SI, "family_members").max_items)
    assert family["items"]["required"] == ["name", "relationship"]


def test_choices_carry_their_labels() -> None:
    incident = json_schema(SI)["properties"]["incident_type"]
    assert incident["oneOf"] == [
        {"const": "death", "title": "Death"},
        {"const": "serious-incident", "title": "Serious incident"},
    ]
