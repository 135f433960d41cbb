"""Action inputs: one checker for a web form's and a JSON body's values, GOV.UK wording."""

from __future__ import annotations

from datetime import date

import pytest

from services.scheduler.domain.inputs import (
    Input,
    Kind,
    Option,
    clean_inputs,
    date_input,
    text_input,
)

TODAY = date(2026, 12, 24)
WHEN = date_input("informed_on", "the date the agencies were informed")
CHOICE = Input(
    "response",
    "Does the Panel agree?",
    Kind.RADIOS,
    "Select whether the Panel agrees",
    options=(Option("agrees", "Yes"), Option("does_not_agree", "No")),
)
DETAIL = Input(
    "detail",
    "Please state",
    Kind.TEXT,
    "Enter why not",
    only_when=("response", frozenset({"does_not_agree"})),
    max_length=10,
    noun="Why not",
)
TICKS = Input(
    "decisions",
    "What did the group decide?",
    Kind.CHECKBOXES,
    "Select what the group decided",
    options=(
        Option("audit", "Audit"),
        Option("training", "Training"),
        Option("none", "None", exclusive=True),
    ),
    exclusive_error='Select what the group decided, or select "None"',
)
CONFIRM = Input(
    "considered", "Considered", Kind.CONFIRM, "Confirm that other options were considered"
)


def one(spec: Input, raw: object) -> tuple[dict[str, object], dict[str, str]]:
    return clean_inputs((spec,), {spec.id: raw}, TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 24)),
        ("2026-12-23", date(2026, 12, 23)),
        (" 2026-12-23 ", date(2026, 12, 23)),
        ({"day": "28", "month": "12", "year": "2025"}, date(2025, 12, 28)),
        ({"day": 1, "month": 2, "year": 2026}, date(2026, 2, 1)),
    ],
)
def test_a_date_from_a_form_or_a_json_body(raw: object, expected: date) -> None:
    assert one(WHEN, raw) == ({"informed_on": expected}, {})


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (None, "Enter the date the agencies were informed"),
        ("", "Enter the date the agencies were informed"),
        ({"day": "", "month": "", "year": ""}, "Enter the date the agencies were informed"),
        (
            {"day": "3", "month": "", "year": "2026"},
            "The date the agencies were informed must include a month",
        ),
        (
            {"day": "", "month": "", "year": "2026"},
            "The date the agencies were informed must include a day and month",
        ),
        (
            {"day": "30", "month": "2", "year": "2026"},
            "The date the agencies were informed must be a real date",
        ),
        (
            {"day": "3", "month": "2", "year": "26"},
            "The date the agencies were informed must be a real date",
        ),
        (
            {"day": "x", "month": "2", "year": "2026"},
            "The date the agencies were informed must be a real date",
        ),
        ("24/12/2026", "The date the agencies were informed must be a real date"),
        ("2026-12-25", "The date the agencies were informed must be today or in the past"),
        (date(2027, 1, 1), "The date the agencies were informed must be today or in the past"),
    ],
)
def test_date_errors(raw: object, error: str) -> None:
    assert one(WHEN, raw) == ({}, {"informed_on": error})


def test_a_meeting_being_arranged_may_be_ahead() -> None:
    ahead = date_input("meeting_on", "the date of the special meeting", allow_future=True)
    assert one(ahead, "2027-01-14") == ({"meeting_on": date(2027, 1, 14)}, {})


def test_a_choice_and_the_text_revealed_under_it() -> None:
    specs = (CHOICE, DETAIL)
    assert clean_inputs(specs, {"response": "agrees", "detail": "ignored"}, TODAY) == (
        {"response": "agrees"},
        {},
    )
    assert clean_inputs(specs, {"response": "does_not_agree"}, TODAY) == (
        {"response": "does_not_agree"},
        {"detail": "Enter why not"},
    )
    assert clean_inputs(
        specs, {"response": "does_not_agree", "detail": " too long text "}, TODAY
    ) == (
        {"response": "does_not_agree"},
        {"detail": "Why not must be 10 characters or fewer"},
    )
    assert clean_inputs(specs, {"response": "maybe"}, TODAY) == (
        {},
        {"response": "Select whether the Panel agrees"},
    )
    assert clean_inputs(specs, {}, TODAY) == ({}, {"response": "Select whether the Panel agrees"})


@pytest.mark.parametrize(
    ("raw", "values", "errors"),
    [
        (["audit", "training"], {"decisions": frozenset({"audit", "training"})}, {}),
        ("audit", {"decisions": frozenset({"audit"})}, {}),
        (["none"], {"decisions": frozenset({"none"})}, {}),
        ([], {}, {"decisions": "Select what the group decided"}),
        (["audit", "party"], {}, {"decisions": "Select what the group decided"}),
        (["audit", "none"], {}, {"decisions": 'Select what the group decided, or select "None"'}),
        (42, {}, {"decisions": "Select what the group decided"}),
    ],
)
def test_checkboxes(raw: object, values: dict[str, object], errors: dict[str, str]) -> None:
    assert one(TICKS, raw) == (values, errors)


@pytest.mark.parametrize("raw", [True, "yes", "on", "true", "Y"])
def test_a_confirmation_given(raw: object) -> None:
    assert one(CONFIRM, raw) == ({"considered": True}, {})


@pytest.mark.parametrize("raw", [False, None, "", "no"])
def test_a_confirmation_not_given(raw: object) -> None:
    assert one(CONFIRM, raw) == ({}, {"considered": "Confirm that other options were considered"})


def test_optional_text_says_so_in_its_label_and_may_be_left_out() -> None:
    notes = text_input("notes", "Notes")
    assert notes.label == "Notes (optional)" and not notes.required
    assert one(notes, "   ") == ({}, {})
    assert one(notes, "  seen  ") == ({"notes": "seen"}, {})
    required = text_input("reason", "Reason", "Enter the reason")
    assert required.label == "Reason" and required.required
    assert one(required, " ") == ({}, {"reason": "Enter the reason"})


def test_unknown_ids_are_ignored() -> None:
    assert clean_inputs((WHEN,), {"informed_on": "2026-12-01", "state": "closed"}, TODAY) == (
        {"informed_on": date(2026, 12, 1)},
        {},
    )


def test_option_labels() -> None:
    assert CHOICE.option_label("agrees") == "Yes"
    assert CHOICE.option_label("unknown") == "unknown"
