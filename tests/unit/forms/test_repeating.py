"""Repeating groups ("add another"): items checked one by one, counts, paths of errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.forms import samples
from shared.forms.checks import check_answers, check_item, check_page
from shared.forms.choices import YesNoDetails
from shared.forms.model import Form, Page, Section
from shared.forms.questions import ShortText
from shared.forms.repeating import Repeating
from tests.unit.forms.support import SI, TODAY, answers, group

FAMILY = group(SI, "family_members")
AGENCIES = group(SI, "agencies")
CHRONOLOGY = group(SI, "chronology")


def member(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"name": "Jo Example", "relationship": "Mother"}
    found.update(changes)
    return {k: v for k, v in found.items() if v is not None}


def test_an_item_posted_from_its_page_is_read_and_cleaned() -> None:
    raw = {
        "name": ["  Jo\u202e  Example "],
        "relationship": ["Mother"],
        "date_of_birth": ["1", "2", "1990"],
        "address": ["1 High Street\r\nTown"],
    }
    result = check_item(FAMILY, raw, TODAY)
    assert result.ok
    assert result.values == {
        "name": "Jo Example",
        "relationship": "Mother",
        "date_of_birth": "1990-02-01",
        "address": "1 High Street\nTown",
    }


def test_an_items_errors_are_keyed_by_its_input_names_in_order() -> None:
    result = check_item(FAMILY, {"date_of_birth": ["31", "2", "1990"]}, TODAY)
    assert list(result.errors.items()) == [
        ("name", "Enter their name"),
        ("relationship", "Enter their relationship to the child"),
        ("date_of_birth", "Their date of birth must be a real date"),
    ]


def test_a_group_page_is_not_checked_as_a_question_page() -> None:
    page = SI.page("family-members")
    assert page is not None
    with pytest.raises(ValueError, match="repeating group"):
        check_page(page, {}, TODAY)


def test_item_errors_have_paths_counted_from_zero() -> None:
    family = [member(), member(relationship=""), member(name="x" * 201, shoe_size="9")]
    checked = check_answers(SI, answers(family_members=family), TODAY)
    assert checked.errors == {
        "family_members[1].relationship": "Enter their relationship to the child",
        "family_members[2].shoe_size": "This is not a question on this form",
        "family_members[2].name": "Their name must be 200 characters or fewer",
    }


def test_a_chronology_event_in_the_future_is_refused_on_its_date() -> None:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    events = samples.answers(SI, today=TODAY, items=3)["chronology"]
    events[2]["date"] = tomorrow
    checked = check_answers(SI, answers(chronology=events), TODAY)
    assert checked.errors == {
        "chronology[2].date": "Date of the event must be today or in the past"
    }


def test_yes_no_details_inside_an_item_is_keyed_by_its_question_id() -> None:
    group_ = Repeating(
        id="people",
        label="People",
        item_name="person",
        questions=(YesNoDetails(id="known", label="Known?", name="they are known"),),
    )
    form = one_group_form(group_)
    checked = check_answers(form, {"people": [{"known": {"answer": "yes"}}]}, TODAY)
    assert checked.errors == {"people[0].known": "Enter the details"}


@pytest.mark.parametrize(("wrong", "path"), [(5, "name"), (["x"], "relationship")])
def test_a_wrong_type_inside_an_item_is_a_message(wrong: Any, path: str) -> None:
    checked = check_answers(SI, answers(family_members=[member(**{path: wrong})]), TODAY)
    assert list(checked.errors) == [f"family_members[0].{path}"]
    assert checked.errors[f"family_members[0].{path}"].endswith("as text")


def test_no_items_is_an_empty_list() -> None:
    checked = check_answers(SI, answers(family_members=None, chronology=[]), TODAY)
    assert checked.ok
    assert checked.answers["family_members"] == []
    assert checked.answers["chronology"] == []


def test_the_most_items_allowed_and_one_more() -> None:
    full = [member(name=f"Person {i}") for i in range(FAMILY.max_items)]
    assert check_answers(SI, answers(family_members=full), TODAY).ok
    checked = check_answers(SI, answers(family_members=[*full, member()]), TODAY)
    assert checked.errors == {
        "family_members": "You can add up to 30 family members or significant others"
    }
    assert "family_members" not in checked.answers


@pytest.mark.parametrize(
    ("repeating", "message"),
    [
        (AGENCIES, "You can add up to 30 agencies"),
        (CHRONOLOGY, "You can add up to 50 events"),
    ],
)
def test_too_many_messages_use_the_plural(repeating: Repeating, message: str) -> None:
    assert repeating.too_many() == message


def one_group_form(repeating: Repeating) -> Form:
    return Form(
        id="test",
        version=1,
        title="Test",
        document_title="TEST",
        caption="Appendix x",
        route="test",
        sections=(Section("Only", (Page("things", "Things", repeating=repeating),)),),
    )


@pytest.mark.parametrize(
    ("least", "count", "message"),
    [
        (1, 0, "Add at least 1 agency"),
        (2, 1, "Add at least 2 agencies"),
        (2, 2, None),
    ],
)
def test_too_few_items(least: int, count: int, message: str | None) -> None:
    repeating = Repeating(
        id="agencies",
        label="Agencies",
        item_name="agency",
        item_plural="agencies",
        min_items=least,
        questions=(ShortText(id="agency", label="Agency", name="the agency"),),
    )
    items = [{"agency": f"Agency {i}"} for i in range(count)]
    checked = check_answers(one_group_form(repeating), {"agencies": items}, TODAY)
    assert checked.errors == ({"agencies": message} if message else {})


def test_without_a_plural_an_s_is_added() -> None:
    repeating = Repeating(
        id="notes", label="Notes", item_name="note", min_items=2, max_items=3, questions=()
    )
    assert (repeating.too_few(), repeating.too_many()) == (
        "Add at least 2 notes",
        "You can add up to 3 notes",
    )


@pytest.mark.parametrize(
    ("repeating", "item", "title"),
    [
        (FAMILY, {"name": "Jo Example"}, "Family member or significant other 1: Jo Example"),
        (FAMILY, {"relationship": "Mother"}, "Family member or significant other 1"),
        (CHRONOLOGY, {"date": "2026-03-14", "event": "x"}, "Event 1: 14 March 2026"),
        (AGENCIES, {"agency": "Riverside Primary School"}, "Agency 1: Riverside Primary School"),
    ],
)
def test_items_are_titled_by_their_title_question(
    repeating: Repeating, item: dict[str, str], title: str
) -> None:
    assert repeating.title_of(0, item) == title


@pytest.mark.parametrize("index", [0, 1, 4])
def test_an_item_round_trips_through_the_strings_a_page_posts(index: int) -> None:
    for repeating in (FAMILY, AGENCIES, CHRONOLOGY):
        item = samples.answers(SI, today=TODAY, items=index + 1)[repeating.id][index]
        result = check_item(repeating, repeating.item_to_raw(item), TODAY)
        values, errors = result.values, result.errors
        assert errors == {}
        assert values == item
