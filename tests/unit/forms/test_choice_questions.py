"""Time, single and multiple choice, yes/no and yes/no with details."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.forms.checks import check_answers, check_page
from shared.forms.choices import MultipleChoice, Option, YesNo, YesNoDetails
from shared.forms.questions import Time
from shared.forms.repeating import error_field
from tests.unit.forms.support import SI, TODAY, answers, item_question, question

TIME = item_question(SI, "chronology", "time")
INCIDENT_TYPE = question(SI, "incident_type")
LOOKED_AFTER = question(SI, "looked_after")


def yes_no_details(answer_id: str) -> YesNoDetails:
    found = question(SI, answer_id)
    assert isinstance(found, YesNoDetails)
    return found


INVESTIGATION = yes_no_details("criminal_investigation")
AGENCIES = MultipleChoice(
    id="agencies_involved",
    label="Which agencies are involved?",
    name="the agencies involved",
    options=(Option("police", "Police"), Option("health", "Health"), Option("school", "School")),
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("14:30", "14:30"),
        ("14.30", "14:30"),
        ("9:05", "09:05"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
        ("2pm", "14:00"),
        ("2 pm", "14:00"),
        ("2.30pm", "14:30"),
        ("2:30 PM", "14:30"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("12:15am", "00:15"),
        ("11:59pm", "23:59"),
        ("7", "07:00"),
        (" 14:30\x00 ", "14:30"),
    ],
)
def test_times_people_type(typed: str, stored: str) -> None:
    assert TIME.read({"time": [typed]}, TODAY).value == stored


@pytest.mark.parametrize(
    "typed",
    [
        "25:00",
        "24:00",
        "14:60",
        "13pm",
        "0am",
        "2:3pm",
        "14:30:00",
        "noon",
        "2pm\ufffd",
        "1" * 100_000,
    ],
)
def test_what_is_not_a_time(typed: str) -> None:
    reading = TIME.read({"time": [typed]}, TODAY)
    assert reading == type(reading)(error="Enter the time of the event like 14:30 or 2:30pm")


def test_a_time_is_optional_in_the_chronology_but_may_be_required() -> None:
    assert TIME.read({"time": [""]}, TODAY).error is None
    required = Time(id="at", label="At", name="the time")
    assert required.read({}, TODAY).error == "Enter the time"


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_stored_time_round_trips(hour: int, minute: int) -> None:
    stored = f"{hour:02d}:{minute:02d}"
    assert TIME.read(TIME.to_raw(stored), TODAY).value == stored


@pytest.mark.parametrize("chosen", ["death", "serious-incident"])
def test_a_choice_stores_its_option_value(chosen: str) -> None:
    assert INCIDENT_TYPE.read({INCIDENT_TYPE.id: [chosen]}, TODAY).value == chosen


@pytest.mark.parametrize("chosen", ["", "Death", "murder", "death ", "serious_incident"])
def test_a_choice_outside_the_options_is_refused(chosen: str) -> None:
    reading = INCIDENT_TYPE.read({INCIDENT_TYPE.id: [chosen]}, TODAY)
    assert reading.error == "Select whether the child died or was seriously harmed"


def test_a_choice_is_shown_by_its_label() -> None:
    assert INCIDENT_TYPE.display("serious-incident") == "Serious incident"
    assert INCIDENT_TYPE.display(None) == INCIDENT_TYPE.display("nonsense") == "Not given"


@pytest.mark.parametrize(
    ("ticked", "stored"),
    [
        (["school", "police"], ["police", "school"]),
        (["health", "health", "police"], ["police", "health"]),
        (["school"], ["school"]),
        (["", "health"], ["health"]),
    ],
)
def test_multiple_choice_keeps_the_options_order_once_each(
    ticked: list[str], stored: list[str]
) -> None:
    assert AGENCIES.read({AGENCIES.id: ticked}, TODAY).value == stored


@pytest.mark.parametrize("ticked", [[], [""], ["fire"], ["police", "fire"]])
def test_multiple_choice_refuses_nothing_or_unknown_options(ticked: list[str]) -> None:
    assert AGENCIES.read({AGENCIES.id: ticked}, TODAY).error == "Select the agencies involved"


def test_multiple_choice_shows_labels_one_a_line_and_round_trips() -> None:
    assert AGENCIES.display(["police", "school"]) == "Police\nSchool"
    assert AGENCIES.display([]) == "Not given"
    assert AGENCIES.read(AGENCIES.to_raw(["health"]), TODAY).value == ["health"]
    optional = MultipleChoice(id="x", label="X", name="x", required=False, options=AGENCIES.options)
    assert optional.read({}, TODAY).error is None


@pytest.mark.parametrize(("chosen", "stored"), [("yes", "yes"), ("no", "no")])
def test_yes_no(chosen: str, stored: str) -> None:
    assert LOOKED_AFTER.read({"looked_after": [chosen]}, TODAY).value == stored
    assert LOOKED_AFTER.display(stored) == stored.capitalize()


@pytest.mark.parametrize("chosen", ["", "Yes", "true", "maybe"])
def test_yes_no_refuses_anything_else(chosen: str) -> None:
    assert LOOKED_AFTER.read({"looked_after": [chosen]}, TODAY).error == (
        "Select yes if the child or young person is looked after, or no"
    )


def test_an_optional_yes_no_left_empty_but_not_one_answered_wrongly() -> None:
    optional = YesNo(id="q", label="Q?", name="", required=False)
    assert optional.read({}, TODAY).error is None
    assert optional.read({"q": ["perhaps"]}, TODAY).error == "Select yes or no"


def test_yes_with_details_stores_them_cleaned() -> None:
    raw = {INVESTIGATION.id: ["yes"], INVESTIGATION.details_id: ["  DI Jo\u202e Smith\x00 "]}
    assert INVESTIGATION.read(raw, TODAY).value == {"answer": "yes", "details": "DI Jo Smith"}


def test_no_does_not_store_details() -> None:
    raw = {INVESTIGATION.id: ["no"], INVESTIGATION.details_id: ["left over from yes"]}
    assert INVESTIGATION.read(raw, TODAY).value == {"answer": "no"}


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ("", "Enter who the lead investigator is"),
        (" \n ", "Enter who the lead investigator is"),
        ("x" * 2_001, "Details of who the lead investigator is must be 2,000 characters or fewer"),
        (
            "x" * 100_000,
            "Details of who the lead investigator is must be 2,000 characters or fewer",
        ),
        (
            "DI \ufffd",
            "Details of who the lead investigator is contain characters that could not be "
            "read: type them again",
        ),
    ],
)
def test_yes_needs_readable_details_and_the_error_goes_to_the_details_box(
    details: str, message: str
) -> None:
    raw = {INVESTIGATION.id: ["yes"], INVESTIGATION.details_id: [details]}
    assert INVESTIGATION.read(raw, TODAY).error == message
    assert error_field(INVESTIGATION, raw) == "criminal_investigation_details"
    page = SI.page("circumstances")
    assert page is not None
    posted = {k: list(v) for k, v in raw.items()}
    assert check_page(page, posted, TODAY).errors["criminal_investigation_details"] == message
    checked = check_answers(SI, answers(criminal_investigation={"answer": "yes"}), TODAY)
    assert checked.errors == {"criminal_investigation": "Enter who the lead investigator is"}


def test_with_no_answer_the_error_goes_to_the_radios() -> None:
    assert error_field(INVESTIGATION, {}) == "criminal_investigation"
    assert error_field(INVESTIGATION, {INVESTIGATION.id: ["no"]}) == "criminal_investigation"
    assert error_field(LOOKED_AFTER, {"looked_after": ["yes"]}) == "looked_after"


def test_details_may_be_optional() -> None:
    q = YesNoDetails(id="q", label="Q?", name="q", details_required=False)
    assert q.read({"q": ["yes"]}, TODAY).value == {"answer": "yes"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"answer": "yes", "details": "DI Smith"}, "Yes: DI Smith"),
        ({"answer": "yes"}, "Yes"),
        ({"answer": "no"}, "No"),
        (None, "Not given"),
        ("yes", "Not given"),
    ],
)
def test_yes_no_details_shown(value: object, shown: str) -> None:
    assert INVESTIGATION.display(value) == shown


@pytest.mark.parametrize(
    "value", [{"answer": "yes", "details": "DI Smith"}, {"answer": "no"}, {"answer": "yes"}]
)
def test_yes_no_details_round_trip(value: dict[str, str]) -> None:
    q = YesNoDetails(id="q", label="Q?", name="q", details_required=False)
    assert q.read(q.to_raw(value), TODAY).value == value


def test_a_bare_yes_or_no_from_an_api_client_is_read_as_such() -> None:
    assert check_answers(SI, answers(criminal_investigation="no"), TODAY).ok
    checked = check_answers(SI, answers(criminal_investigation="yes"), TODAY)
    assert checked.errors == {"criminal_investigation": "Enter who the lead investigator is"}
