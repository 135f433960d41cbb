"""Every question's maximum length fits wherever its answer is stored or sent.

Answers are stored as JSON (``intake_referral.answers``, ``intake_draft.answers``: no length
limit) and sent to the JSON API in one body, or posted one page at a time by the web form;
both bodies are capped by ``MAX_REQUEST_BYTES``. No String column may hold an answer in
less room than its question allows.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import JSON, String, Table

from shared.db import import_all_tables
from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.questions import Address, Email, LongText, Phone, Question, ShortText
from shared.web import MAX_REQUEST_BYTES
from tests.unit.forms.support import ALL_FORMS, TODAY

FORM_IDS = [f.id for f in ALL_FORMS]
TABLES = list(import_all_tables().sorted_tables)
TEXT_TYPES = (ShortText, LongText, Address, Email, Phone)
#: a two-byte UTF-8 letter that JSON's default ensure_ascii writes as six bytes (\u0142)
WIDE = "\u0142"


def largest(form: Form) -> dict[str, Any]:
    return samples.answers(form, today=TODAY, largest=True)


def widest(form: Form) -> dict[str, Any]:
    """The largest answers with every text at its limit in a letter JSON escapes."""

    def widen(question: Question, value: Any) -> Any:
        return WIDE * question.max_length if type(question) in TEXT_TYPES else value

    base = largest(form)
    found: dict[str, Any] = {}
    for page in form.pages:
        if page.repeating:
            group = page.repeating
            found[group.id] = [
                {q.id: widen(q, item[q.id]) for q in group.questions} for item in base[group.id]
            ]
        for question in page.questions:
            found[question.id] = widen(question, base[question.id])
    return found


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_the_largest_answers_are_every_text_at_its_limit_and_every_group_full(
    form: Form,
) -> None:
    found = largest(form)
    for page in form.pages:
        group = page.repeating
        if group:
            assert len(found[group.id]) == group.max_items
            texts = [(q, item[q.id]) for item in found[group.id] for q in group.questions]
        else:
            texts = [(q, found[q.id]) for q in page.questions]
        for question, value in texts:
            if type(question) in (ShortText, LongText, Address):
                assert len(value) == question.max_length, question.id


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_the_largest_answers_pass_the_checker(form: Form) -> None:
    checked = check_answers(form, largest(form), TODAY)
    assert checked.ok, checked.errors


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
@pytest.mark.parametrize("answers_of", [largest, widest], ids=["largest", "widest"])
def test_one_api_body_of_the_largest_answers_fits_the_request_limit(
    form: Form, answers_of: Any
) -> None:
    body = json.dumps({"form": form.id, "answers": answers_of(form)}).encode()
    assert len(body) <= MAX_REQUEST_BYTES


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_each_web_page_of_the_widest_answers_fits_the_request_limit(form: Form) -> None:
    answers = widest(form)
    for page in form.pages:
        if page.repeating:
            posts = [page.repeating.item_to_raw(item) for item in answers[page.repeating.id]]
        else:
            posts = [{k: v for q in page.questions for k, v in q.to_raw(answers[q.id]).items()}]
        for raw in posts:
            body = urlencode({"csrf_token": "x" * 100, **raw}, doseq=True).encode()
            assert len(body) <= MAX_REQUEST_BYTES, page.id


def test_answers_are_stored_as_json_without_a_length_limit() -> None:
    by_name = {table.name: table for table in TABLES}
    for name in ("intake_referral", "intake_draft"):
        assert isinstance(by_name[name].c.answers.type, JSON)


def answer_inputs() -> dict[str, int]:
    """Every top-level answer id and details input, with the most it may hold."""
    found: dict[str, int] = {}
    for form in ALL_FORMS:
        for page in form.pages:
            for question in page.questions:
                for name in question.field_names():
                    found[name] = max(found.get(name, 0), question.max_length)
    return found


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_no_string_column_named_for_an_answer_is_shorter_than_its_question(table: Table) -> None:
    limits = answer_inputs()
    for column in table.columns:
        if isinstance(column.type, String) and column.name in limits:
            length = column.type.length
            assert length is None or length >= limits[column.name], (table.name, column.name)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_email_columns_hold_any_address_the_email_question_accepts(table: Table) -> None:
    longest = max(
        q.max_length for form in ALL_FORMS for q in form.questions() if isinstance(q, Email)
    )
    for column in table.columns:
        if isinstance(column.type, String) and column.name.endswith("email"):
            length = column.type.length
            assert length is None or length >= longest, (table.name, column.name)
