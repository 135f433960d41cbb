"""Short and long text, address, email and phone questions: cleaning, lengths, formats."""

from __future__ import annotations

import pytest

from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.questions import Address, Email, LongText, Phone, Question, ShortText
from tests.unit.forms.support import ALL_FORMS, SI, TODAY, answers, question

CHILD_NAME = question(SI, "child_name")
OUTLINE = question(SI, "outline")
REFERRER_EMAIL = question(SI, "referrer_email")
REFERRER_PHONE = question(SI, "referrer_phone")
DSL_PHONE = question(SI, "dsl_phone")

TEXT_TYPES = (ShortText, LongText, Address, Email, Phone)


def read(q: Question, typed: str) -> tuple[object, str | None]:
    reading = q.read({q.id: [typed]}, TODAY)
    return reading.value, reading.error


def text_questions(form: Form) -> list[Question]:
    return [q for q in form.questions() if type(q) in TEXT_TYPES]


ALL_TEXT = [
    pytest.param(q, id=f"{form.id}:{q.id}") for form in ALL_FORMS for q in text_questions(form)
]


@pytest.mark.parametrize("q", ALL_TEXT)
def test_empty_is_missing_when_required_and_no_answer_when_optional(q: Question) -> None:
    for typed in ("", "   ", "\x00", "\u202e"):
        assert read(q, typed) == (None, f"Enter {q.name}" if q.required else None)
    assert q.read({}, TODAY).value is None


@pytest.mark.parametrize("q", ALL_TEXT)
def test_100000_characters_are_refused_with_the_length_message(q: Question) -> None:
    message = read(q, "x" * 100_000)[1]
    assert message is not None
    assert message.endswith(f"must be {q.max_length:,} characters or fewer")


@pytest.mark.parametrize("q", ALL_TEXT)
def test_undecodable_input_is_reported_on_its_own_field(q: Question) -> None:
    typed = "Jo \ufffd Bloggs"
    assert read(q, typed) == (None, q.garbled())
    assert q.garbled().endswith("contains characters that could not be read: type them again")


@pytest.mark.parametrize("blank", [" ", "   ", "\t", "\n\n", " \r\n ", "\u00a0", "\x00", "\u2003"])
@pytest.mark.parametrize(
    "field", ["child_name", "referrer_name", "referrer_agency", "referrer_email", "outline"]
)
def test_whitespace_only_is_not_an_answer(field: str, blank: str) -> None:
    checked = check_answers(SI, answers(**{field: blank}), TODAY)
    assert checked.errors == {field: f"Enter {question(SI, field).name}"}


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("child_name", 200, "Child's name must be 200 characters or fewer"),
        (
            "referrer_name",
            200,
            "Name of the person making the referral must be 200 characters or fewer",
        ),
        (
            "referrer_agency",
            300,
            "Agency designation and title of the person making the referral "
            "must be 300 characters or fewer",
        ),
        (
            "outline",
            10_000,
            "Brief outline of the child and family circumstances and the incident "
            "must be 10,000 characters or fewer",
        ),
        ("child_gender", 100, "Child's gender must be 100 characters or fewer"),
    ],
)
def test_length_limits_are_inclusive(field: str, limit: int, message: str) -> None:
    assert question(SI, field).max_length == limit
    at_limit = check_answers(SI, answers(**{field: "x" * limit}), TODAY)
    assert at_limit.ok
    over = check_answers(SI, answers(**{field: "x" * (limit + 1)}), TODAY)
    assert over.errors == {field: message}


def test_length_is_counted_after_trimming_and_cleaning() -> None:
    padded = "  " + "x" * 100 + "\x00" * 50 + "x" * 100 + "\u202e  "
    assert read(CHILD_NAME, padded) == ("x" * 200, None)


def test_a_bidi_override_is_stored_without_it() -> None:
    assert read(CHILD_NAME, "Jo\u202eevil") == ("Joevil", None)
    checked = check_answers(SI, answers(child_name="Jo\u202eevil"), TODAY)
    assert checked.answers["child_name"] == "Joevil"


def test_nul_and_control_characters_are_removed_everywhere() -> None:
    typed = "Amelia\x00 Hartley\x1b\x07"
    assert read(CHILD_NAME, typed) == ("Amelia Hartley", None)
    assert read(OUTLINE, "Line\x00 one\r\nline\x0b two") == ("Line one\nline two", None)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("First line.\r\nSecond line.", "First line.\nSecond line."),
        ("\n\n  Indented start\r\rend  \n", "Indented start\n\nend"),
        ("Tab\tkept, NUL\x00 and bell\x07 removed", "Tab\tkept, NUL and bell removed"),
    ],
)
def test_the_outline_keeps_its_lines(typed: str, stored: str) -> None:
    checked = check_answers(SI, answers(outline=typed), TODAY)
    assert checked.answers["outline"] == stored


def test_the_garbled_message_names_the_question() -> None:
    assert read(CHILD_NAME, "\ufffd")[1] == (
        "Child's name contains characters that could not be read: type them again"
    )
    checked = check_answers(SI, answers(referrer_name="Sam \ufffd"), TODAY)
    assert checked.errors == {
        "referrer_name": "Name of the person making the referral contains characters that "
        "could not be read: type them again"
    }


def test_a_very_long_email_address_is_refused() -> None:
    checked = check_answers(SI, answers(referrer_email="a" * 250 + "@example.com"), TODAY)
    assert checked.errors == {
        "referrer_email": "Email address of the person making the referral "
        "must be 254 characters or fewer"
    }


@pytest.mark.parametrize(
    "email",
    [
        "not an email",
        "name.example.com",
        "name@",
        "@example.com",
        "name@example",
        "name@@example.com",
        "name@example..com",
        "name..dot@example.com",
        ".name@example.com",
        "name.@example.com",
        "name@example.c",
        "name@-example.com",
        "name@example.com.",
        "na me@example.com",
        "name@exa mple.com",
        "name@example.123",
        "name@example_domain.com",
        "<name@example.com>",
        "name@" + "a" * 64 + ".com",
    ],
)
def test_malformed_email_addresses(email: str) -> None:
    checked = check_answers(SI, answers(referrer_email=email), TODAY)
    assert checked.errors == {
        "referrer_email": "Enter the email address of the person making the referral in the "
        "correct format, like name@example.com"
    }


@pytest.mark.parametrize(
    "email",
    [
        "name@example.com",
        "first.last@school.sch.uk",
        "first.last+dsl@nhs.net",
        "o'brien@met.police.uk",
        "NAME@EXAMPLE.COM",
        "  spaced@example.com  ",
        "x@xn--bcher-kva.example",
        "user@bücher.example",
        "name@sub-domain.example.org",
    ],
)
def test_plausible_email_addresses(email: str) -> None:
    checked = check_answers(SI, answers(referrer_email=email), TODAY)
    assert checked.ok, checked.errors
    assert checked.answers["referrer_email"] == email.strip()


@pytest.mark.parametrize(
    "phone",
    [
        "01632 960 001",
        "+44 808 157 0192",
        "(020) 7946-0000",
        "07700900982",
        "01632 960001 ext 123",
        "01632 960001 x12",
        "01632 960001 extension. 4",
    ],
)
def test_telephone_numbers_people_type(phone: str) -> None:
    assert read(REFERRER_PHONE, phone) == (phone, None)


@pytest.mark.parametrize(
    "phone", ["123", "phone me", "01632 960 001 or 002", "+44+808", "0800 SAFEGUARD", "12-34"]
)
def test_what_is_not_a_telephone_number(phone: str) -> None:
    assert read(REFERRER_PHONE, phone) == (
        None,
        "Enter the telephone number of the person making the referral, "
        "like 01632 960 001 or +44 808 157 0192",
    )


def test_the_referrers_phone_is_required_and_the_leads_is_not() -> None:
    assert REFERRER_PHONE.required
    assert not DSL_PHONE.required
    assert read(DSL_PHONE, "") == (None, None)
