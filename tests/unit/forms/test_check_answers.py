"""check_answers: a whole form's answers in their stored shape (JSON API, drafts)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.forms import samples
from shared.forms.checks import check_answers, page_of_error
from shared.forms.model import Form
from shared.forms.questions import Question
from tests.unit.forms.support import ALL_FORMS, PL, SI, TODAY, answers, question

FORM_IDS = [f.id for f in ALL_FORMS]


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_sample_answers_are_accepted_unchanged(form: Form, largest: bool) -> None:
    given_answers = samples.answers(form, today=TODAY, largest=largest)
    checked = check_answers(form, given_answers, TODAY)
    assert checked.ok, checked.errors
    assert checked.answers == given_answers


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(ALL_FORMS),
    st.booleans(),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 5),
)
def test_sample_answers_are_accepted_whatever_today_is(
    form: Form, largest: bool, today: date, items: int
) -> None:
    checked = check_answers(
        form, samples.answers(form, today=today, largest=largest, items=items), today
    )
    assert checked.ok, checked.errors


def required_ids(form: Form) -> list[str]:
    """The required questions and the groups that need at least one item, in form order."""
    return [
        answer_id
        for page in form.pages
        for answer_id in page.answer_ids
        if (q := form.question(answer_id)) is not None
        and (q.required if isinstance(q, Question) else q.min_items > 0)
    ]


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_nothing_answered_names_every_required_question_in_form_order(form: Form) -> None:
    checked = check_answers(form, {}, TODAY)
    assert list(checked.errors) == required_ids(form)
    assert all(m.startswith(("Enter ", "Select ", "Add ")) for m in checked.errors.values())


def test_the_first_messages_of_an_empty_referral() -> None:
    errors = check_answers(SI, {}, TODAY).errors
    assert list(errors.items())[:4] == [
        ("referrer_name", "Enter the name of the person making the referral"),
        (
            "referrer_agency",
            "Enter the agency designation and title of the person making the referral",
        ),
        ("referrer_phone", "Enter the telephone number of the person making the referral"),
        ("referrer_email", "Enter the email address of the person making the referral"),
    ]
    assert errors["child_name"] == "Enter the child's name"
    assert errors["looked_after"] == (
        "Select yes if the child or young person is looked after, or no"
    )
    assert "chronology" not in errors  # no events is an answer


def test_optional_questions_left_out_are_absent_from_the_answers() -> None:
    checked = check_answers(SI, answers(child_gender=None, child_disability=""), TODAY)
    assert checked.ok
    assert "child_gender" not in checked.answers
    assert "child_disability" not in checked.answers


@pytest.mark.parametrize("key", ["favourite_colour", "name", "criminal_investigation_details", ""])
def test_an_unknown_key_is_not_a_question(key: str) -> None:
    checked = check_answers(SI, answers(**{key: "x"}), TODAY)
    assert checked.errors == {key: "This is not a question on this form"}


def test_a_question_of_the_other_form_is_unknown() -> None:
    assert check_answers(PL, answers(PL, siblings_action="None"), TODAY).errors == {
        "siblings_action": "This is not a question on this form"
    }


@pytest.mark.parametrize("value", [5, 5.5, True, ["Jo"], {"first": "Jo"}])
def test_a_text_answer_of_another_json_type_is_refused_not_stringified(value: Any) -> None:
    checked = check_answers(SI, answers(child_name=value), TODAY)
    assert checked.errors == {"child_name": "Enter the child's name as text"}
    assert "child_name" not in checked.answers


REFERRER = "the person making the referral"
SELECT_INVESTIGATION = (
    "Select yes if the case is known to be the subject of a criminal investigation, or no"
)


@pytest.mark.parametrize(
    ("answer_id", "value", "message"),
    [
        (
            "child_date_of_birth",
            20190314,
            "Enter the child's date of birth as a date, like 2019-03-14",
        ),
        ("referrer_email", ["a@b.example"], f"Enter the email address of {REFERRER} as text"),
        ("referrer_phone", 1632960001, f"Enter the telephone number of {REFERRER} as text"),
        ("incident_type", ["death"], "Select whether the child died or was seriously harmed"),
        ("looked_after", True, "Select yes if the child or young person is looked after, or no"),
        ("criminal_investigation", ["yes"], SELECT_INVESTIGATION),
        ("criminal_investigation", {"answer": 1}, SELECT_INVESTIGATION),
        (
            "criminal_investigation",
            {"answer": "yes", "details": 5},
            "Enter who the lead investigator is as text",
        ),
    ],
)
def test_wrong_json_types_give_messages_not_exceptions(
    answer_id: str, value: Any, message: str
) -> None:
    assert check_answers(SI, answers(**{answer_id: value}), TODAY).errors == {answer_id: message}


@pytest.mark.parametrize("value", ["Jo Bloggs", 3, {"name": "Jo"}, [["Jo"]], ["Jo"]])
def test_a_group_that_is_not_a_list_of_objects_is_refused(value: Any) -> None:
    checked = check_answers(SI, answers(family_members=value), TODAY)
    assert checked.errors == {
        "family_members": "Details of Family Members and any Significant Others: "
        "give a list of family members or significant others"
    }


def test_errors_use_the_web_forms_words_keyed_by_question_id() -> None:
    name = question(SI, "child_name")
    posted = name.read({"child_name": ["x" * 201]}, TODAY)
    checked = check_answers(SI, answers(child_name="x" * 201), TODAY)
    assert checked.errors == {"child_name": posted.error}


def test_many_errors_are_all_reported_at_once() -> None:
    checked = check_answers(
        SI,
        answers(
            child_name="",
            child_date_of_birth=(TODAY + timedelta(days=1)).isoformat(),
            referrer_email="nope",
            unknown=1,
        ),
        TODAY,
    )
    assert set(checked.errors) == {"unknown", "child_name", "child_date_of_birth", "referrer_email"}


@pytest.mark.parametrize("value", ["14/03/2019", "2019-02-30", "yesterday"])
def test_a_date_not_in_iso_form_is_refused(value: str) -> None:
    checked = check_answers(SI, answers(child_date_of_birth=value), TODAY)
    assert "child_date_of_birth" in checked.errors


@pytest.mark.parametrize(
    ("path", "page_id"),
    [("child_name", "child"), ("family_members[2].relationship", "family-members"), ("x", None)],
)
def test_an_error_path_leads_to_its_page(path: str, page_id: str | None) -> None:
    page = page_of_error(SI, path)
    assert (page.id if page else None) == page_id
