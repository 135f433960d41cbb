"""The Initial Scoping and Information Sharing Form (App. iii), its Section 1 pre-filled from
the referral, and the choice-with-details question its people are confirmed with."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from shared.forms import samples
from shared.forms.checks import check_answers, check_item
from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import Option, YesNoDetails
from shared.forms.definitions.scoping import SCOPING
from shared.forms.prefill import family_composition, prefilled_answers
from shared.forms.registry import FORMS, REFERRAL_FORMS
from shared.forms.repeating import error_field
from shared.forms.schema import json_schema
from tests.unit.forms.support import PL, SI, TODAY, group, item_question, question

FAMILY = group(SCOPING, "family_composition")
MATCHES = item_question(SCOPING, "family_composition", "matches")
NOT_CONFIRMED = "Select whether these details match the information held on your systems"

#: the seed's words for each question (App. iii)
SEED_LABELS = {
    "completer_name": "Name",
    "completer_agency": "Agency and Job Title",
    "completer_address": "Address",
    "completer_phone": "Telephone number",
    "completer_email": "E-mail address",
    "involvement_summary": "Provide a brief summary of your agency's involvement with the "
    "subject child AND the individuals listed in the family composition.",
    "practice_analysis": "Brief analysis of individual or / and agency practice.",
    "partnership_concerns": "Please identify any areas for concern as to the way in which "
    "partners have worked together to safeguard the subject child.",
    "other_agencies": "Are you aware of the involvement of any other agencies?",
    "further_information": "Please include any further relevant information that you wish to "
    "bring to the attention of the Rapid Review meeting.",
}
SEED_HINTS = {
    "involvement_summary": "Please focus on the key significant events in chronological order "
    "and, where appropriate, include the date of commencement and completion of service.",
    "practice_analysis": "Please identify any outstanding practice or potential learning.",
}
SEED_PERSON_LABELS = {
    "role": "Relationship to child",
    "name": "Name",
    "also_known_as": "Also known as",
    "nhs_number": "National health number",
    "date_of_birth": "D.O.B",
    "date_of_death": "D.O.D",
    "home_address": "Home address",
    "previous_addresses": "Previous addresses",
    "matches": "Do these details match the information held on your systems?",
}


def scoping_answers(people: list[dict[str, Any]]) -> dict[str, Any]:
    """A complete return (contact details and Section 2) with ``people`` as Section 1."""
    return {**samples.answers(SCOPING, today=TODAY), "family_composition": people}


def confirmed(people: list[dict[str, Any]], value: Any) -> list[dict[str, Any]]:
    return [{**person, "matches": value} for person in people]


def referral(form: Any = SI, items: int = 3) -> dict[str, Any]:
    return samples.answers(form, today=TODAY, items=items)


# The definition


def test_the_form_is_appendix_iii_in_the_seeds_words() -> None:
    assert (SCOPING.id, SCOPING.version, SCOPING.caption) == ("scoping", 1, "Appendix iii")
    assert SCOPING.document_title == (
        "INITIAL SCOPING AND INFORMATION SHARING FORM FOR A RAPID REVIEW"
    )
    assert SCOPING.title == "Initial scoping and information sharing"
    assert SCOPING.route == "serious_incident"
    assert SCOPING.intro[0].startswith(
        "Working Together to Safeguard Children 2023 provides clear criteria in chapter 5"
    )
    assert [s.title for s in SCOPING.sections] == [
        "Contact details of individual / agency completing this form",
        "Section 1: Composition of the Child's Family",
        "Section 2: Agency Information and Involvement",
    ]
    assert [p.id for p in SCOPING.pages] == [
        "contact",
        "family-composition",
        "involvement",
        "other-agencies",
        "further-information",
    ]
    page = SCOPING.page("family-composition")
    assert page is not None and page.title == "Composition of the Child's Family"
    assert page.intro == (
        "All agencies are asked to check whether the details below match information held on "
        "their systems. Please advise of any anomalies.",
    )


def test_it_is_served_but_is_not_a_referral_form() -> None:
    assert FORMS["scoping"] is SCOPING
    assert "scoping" not in REFERRAL_FORMS


@pytest.mark.parametrize(("answer_id", "label"), SEED_LABELS.items())
def test_questions_keep_the_seeds_words(answer_id: str, label: str) -> None:
    found = question(SCOPING, answer_id)
    assert found.label == label
    assert found.hint == SEED_HINTS.get(answer_id, found.hint)


@pytest.mark.parametrize(("answer_id", "label"), SEED_PERSON_LABELS.items())
def test_each_person_is_asked_in_the_seeds_words(answer_id: str, label: str) -> None:
    assert item_question(SCOPING, "family_composition", answer_id).label == label


def test_the_people_group_and_its_confirmation() -> None:
    assert (FAMILY.item_name, FAMILY.items_name, FAMILY.title_question) == (
        "person",
        "people",
        "name",
    )
    assert (FAMILY.min_items, FAMILY.max_items) == (1, 40)
    required = {q.id for q in FAMILY.questions if q.required}
    assert required == {"role", "name", "matches"}
    assert isinstance(MATCHES, ChoiceDetails)
    assert [(o.value, o.label) for o in MATCHES.options] == [
        ("yes", "Yes, the details match our records"),
        ("anomaly", "No, there are anomalies"),
        ("not_known", "This person is not known to our agency"),
    ]
    assert (MATCHES.details_for, MATCHES.details_label) == (
        "anomaly",
        "Please advise of any anomalies",
    )
    other = question(SCOPING, "other_agencies")
    assert isinstance(other, YesNoDetails)
    assert other.details_label == "If yes, please give details."


def test_answer_ids_are_unique_across_the_form_and_within_the_group() -> None:
    inputs = [name for page in SCOPING.pages for q in page.questions for name in q.field_names()]
    top = [a for page in SCOPING.pages for a in page.answer_ids]
    assert len(inputs) == len(set(inputs)) and len(top) == len(set(top))
    inner = [name for q in FAMILY.questions for name in q.field_names()]
    assert len(inner) == len(set(inner))


def test_the_completers_phone_and_email_are_required_as_the_referrers_are() -> None:
    assert question(SCOPING, "completer_phone").required
    assert question(SCOPING, "completer_email").required
    assert not question(SCOPING, "completer_address").required
    # the referral forms are as they were: the lead's phone stays optional
    assert question(SI, "referrer_phone").required and not question(SI, "dsl_phone").required
    errors = check_answers(SCOPING, {}, TODAY).errors
    assert errors["completer_phone"] == (
        "Enter the telephone number of the person completing this form"
    )
    assert errors["completer_agency"] == (
        "Enter the agency and job title of the person completing this form"
    )
    assert errors["family_composition"] == "Add at least 1 person"
    assert "further_information" not in errors


@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_the_schema_validates_the_sample_answers(largest: bool) -> None:
    validator = Draft202012Validator(
        json_schema(SCOPING), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    given = samples.answers(SCOPING, today=TODAY, largest=largest, items=3)
    assert [e.message for e in validator.iter_errors(given)] == []
    assert check_answers(SCOPING, given, TODAY).ok


# The agency confirms every pre-filled person


def test_each_person_not_yet_confirmed_is_one_error() -> None:
    people = family_composition(SI.id, referral(items=2))
    checked = check_answers(SCOPING, scoping_answers(people), TODAY)
    assert checked.errors == {
        f"family_composition[{index}].matches": NOT_CONFIRMED for index in range(3)
    }


def test_every_person_confirmed_passes() -> None:
    people = family_composition(SI.id, referral(items=2))
    checked = check_answers(SCOPING, scoping_answers(confirmed(people, {"answer": "yes"})), TODAY)
    assert checked.ok, checked.errors
    assert [p["matches"] for p in checked.answers["family_composition"]] == [{"answer": "yes"}] * 3


def test_anomalies_must_be_given_with_no_and_are_kept() -> None:
    people = family_composition(SI.id, referral(items=1))
    without = confirmed(people, {"answer": "anomaly"})
    checked = check_answers(SCOPING, scoping_answers(without), TODAY)
    assert checked.errors == {
        "family_composition[0].matches": "Enter the anomalies",
        "family_composition[1].matches": "Enter the anomalies",
    }
    given = {"answer": "anomaly", "details": "We hold a different date of birth"}
    checked = check_answers(SCOPING, scoping_answers(confirmed(people, given)), TODAY)
    assert checked.ok, checked.errors
    assert checked.answers["family_composition"][0]["matches"] == given


def test_a_person_not_known_to_the_agency_needs_no_details() -> None:
    people = confirmed(family_composition(PL.id, referral(PL)), {"answer": "not_known"})
    assert check_answers(SCOPING, scoping_answers(people), TODAY).ok


# Pre-filled from the referral


@pytest.mark.parametrize("form", [SI, PL], ids=[SI.id, PL.id])
def test_the_child_comes_first_then_each_family_member(form: Any) -> None:
    given = referral(form, items=3)
    people = family_composition(form.id, given)
    assert people[0] == {
        "role": "Subject child",
        "name": given["child_name"],
        "date_of_birth": given["child_date_of_birth"],
        "home_address": given["child_home_address"],
    }
    assert people[1:] == [
        {
            "role": member["relationship"],
            "name": member["name"],
            "date_of_birth": member["date_of_birth"],
            "home_address": member["address"],
        }
        for member in given["family_members"]
    ]
    assert all("matches" not in person for person in people)
    assert prefilled_answers(form.id, given) == {"family_composition": people}


@pytest.mark.parametrize("form", [SI, PL], ids=[SI.id, PL.id])
@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_prefilled_people_are_in_the_scoping_forms_stored_shape(form: Any, largest: bool) -> None:
    given = samples.answers(form, today=TODAY, largest=largest, items=3)
    for person in family_composition(form.id, given):
        raw = FAMILY.item_to_raw({**person, "matches": {"answer": "yes"}})
        result = check_item(FAMILY, raw, TODAY)
        assert result.ok, result.errors
        # the form's own Date and Address reads give back exactly what was pre-filled
        assert result.values == {**person, "matches": {"answer": "yes"}}


def test_missing_values_are_left_out_and_empty_members_skipped() -> None:
    given = {
        "child_name": "Child Q",
        "child_date_of_birth": "not a date",
        "family_members": [
            {"name": "Jo Example", "relationship": "Mother", "address": "  "},
            {},
            "not a member",
        ],
    }
    assert family_composition(SI.id, given) == [
        {"role": "Subject child", "name": "Child Q"},
        {"role": "Mother", "name": "Jo Example"},
    ]
    assert family_composition(PL.id, {}) == [{"role": "Subject child"}]


@pytest.mark.parametrize("form_id", ["scoping", "rapid-review-report", ""])
def test_other_forms_prefill_nobody(form_id: str) -> None:
    assert family_composition(form_id, referral()) == []
    assert prefilled_answers(form_id, referral()) == {"family_composition": []}


def test_never_more_people_than_the_form_takes() -> None:
    members = [{"name": f"Person {i}", "relationship": "Cousin"} for i in range(60)]
    people = family_composition(SI.id, {"child_name": "Child Q", "family_members": members})
    assert len(people) == FAMILY.max_items


# The choice-with-details question type

CHOICE = ChoiceDetails(
    id="seen",
    label="Have you seen them?",
    name="whether you have seen them",
    options=(Option("yes", "Yes"), Option("changed", "Yes, but changed"), Option("no", "No")),
    details_for="changed",
    details_label="What changed?",
    details_name="what changed",
)
OPTIONAL_DETAILS = ChoiceDetails(
    id="seen",
    label="Have you seen them?",
    name="whether you have seen them",
    options=CHOICE.options,
    details_for="changed",
    details_required=False,
)


@pytest.mark.parametrize(
    ("raw", "value", "error"),
    [
        ({"seen": ["yes"]}, {"answer": "yes"}, None),
        ({"seen": ["no"], "seen_details": ["ignored"]}, {"answer": "no"}, None),
        ({"seen": ["changed"], "seen_details": [" New address \r\n"]}, None, None),
        ({"seen": ["changed"]}, None, "Enter what changed"),
        ({"seen": ["changed"], "seen_details": ["x" * 2_001]}, None, "Details of what changed "),
        ({"seen": ["changed"], "seen_details": ["bad \ufffd"]}, None, "Details of what changed "),
        ({}, None, "Select whether you have seen them"),
        ({"seen": ["maybe"]}, None, "Select whether you have seen them"),
    ],
)
def test_choice_details_reads_what_was_posted(
    raw: dict[str, list[str]], value: Any, error: str | None
) -> None:
    reading = CHOICE.read(raw, TODAY)
    if error:
        assert reading.value is None and reading.error and reading.error.startswith(error)
    elif value is None:
        assert reading == type(reading)(value={"answer": "changed", "details": "New address"})
    else:
        assert reading == type(reading)(value=value)


def test_choice_details_errors_belong_to_the_box_under_the_option_chosen() -> None:
    assert CHOICE.field_names() == ("seen", "seen_details")
    assert error_field(CHOICE, {"seen": ["changed"]}) == "seen_details"
    assert error_field(CHOICE, {"seen": ["yes"]}) == error_field(CHOICE, {}) == "seen"
    assert OPTIONAL_DETAILS.read({"seen": ["changed"]}, TODAY).value == {"answer": "changed"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"answer": "yes"}, "Yes"),
        ({"answer": "changed", "details": "New address"}, "Yes, but changed: New address"),
        ({"answer": "nonsense"}, "Not given"),
        (None, "Not given"),
        ("yes", "Not given"),
    ],
)
def test_choice_details_displays_the_option_and_its_details(value: Any, shown: str) -> None:
    assert CHOICE.display(value) == shown


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        ({"answer": "yes"}, {"seen": ["yes"], "seen_details": []}),
        (
            {"answer": "changed", "details": "New address"},
            {"seen": ["changed"], "seen_details": ["New address"]},
        ),
        ("no", {"seen": ["no"], "seen_details": []}),
        (None, {"seen": [], "seen_details": []}),
    ],
)
def test_choice_details_round_trips_through_to_raw(value: Any, raw: dict[str, list[str]]) -> None:
    assert CHOICE.to_raw(value) == raw
    if value is not None:
        read = CHOICE.read(raw, TODAY).value
        assert read == (value if isinstance(value, dict) else {"answer": value})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, None),
        ("yes", None),
        ({"answer": "changed", "details": "x"}, None),
        (5, "Select whether you have seen them"),
        (["yes"], "Select whether you have seen them"),
        ({"answer": 1}, "Select whether you have seen them"),
        ({"answer": "changed", "details": 7}, "Enter what changed as text"),
    ],
)
def test_choice_details_refuses_answers_of_the_wrong_type(value: Any, message: str | None) -> None:
    assert CHOICE.wrong_type(value) == message


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"answer": "yes"}, True),
        ({"answer": "changed", "details": "New address"}, True),
        ({"answer": "changed"}, False),
        ({"answer": "maybe"}, False),
        ({"details": "x"}, False),
        ({"answer": "yes", "extra": "x"}, False),
        ({"answer": "changed", "details": "x" * 2_001}, False),
        ("yes", False),
    ],
)
def test_choice_details_schema(value: Any, ok: bool) -> None:
    schema = CHOICE.described()
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == "Have you seen them?"
    assert schema["properties"]["details"]["title"] == "What changed?"
    assert Draft202012Validator(schema).is_valid(value) is ok


def test_optional_details_are_optional_in_the_schema_too() -> None:
    assert Draft202012Validator(OPTIONAL_DETAILS.schema()).is_valid({"answer": "changed"})


def test_details_must_belong_to_one_of_the_options() -> None:
    with pytest.raises(ValueError, match="details_for"):
        ChoiceDetails(id="q", label="Q?", name="q", options=CHOICE.options, details_for="other")
