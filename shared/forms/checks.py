"""The one checker: every question read by its type, whatever the answers came from.

A web page posts strings (``Raw``); the JSON API and stored drafts hold answers in their
stored shape, which ``to_raw`` turns back into the strings a page would post, so both are
read by the same code and get the same messages.

A form's ``rules`` (one answer required by another) are checked over the whole answer set,
after every question: by ``check_answers``, never by ``check_page``, which checks one page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.forms.model import Form, Page
from shared.forms.questions import Question, Raw
from shared.forms.repeating import Repeating, error_field


@dataclass(frozen=True)
class PageResult:
    #: the page's answers, by answer id (optional questions left empty are absent)
    values: dict[str, Any]
    #: input name → message, in the page's order
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Checked:
    """A whole form's answers: clean (complete only when ``ok``), and errors by answer path.

    Paths: ``child_name``, ``looked_after`` and, inside repeating groups,
    ``family_members[0].relationship`` (items counted from 0).
    """

    answers: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_questions(
    questions: tuple[Question, ...], raw: Raw, today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        reading = question.read(raw, today)
        if reading.error:
            errors[error_field(question, raw)] = reading.error
        elif reading.value is not None:
            values[question.id] = reading.value
    return values, errors


def check_page(page: Page, raw: Raw, today: date) -> PageResult:
    """A question page as posted (a repeating group's items are checked one by one)."""
    if page.repeating:
        raise ValueError(f"page {page.id} holds a repeating group: check its items")
    values, errors = read_questions(page.questions, raw, today)
    return PageResult(values, errors)


def check_item(group: Repeating, raw: Raw, today: date) -> PageResult:
    values, errors = read_questions(group.questions, raw, today)
    return PageResult(values, errors)


def _question_raw(question: Question, value: Any) -> dict[str, list[str]]:
    try:
        return question.to_raw(value)
    except (TypeError, ValueError, AttributeError):
        return {name: [str(value)] for name in question.field_names()[:1]}


def read_stored(
    questions: tuple[Question, ...], stored: Mapping[str, Any], today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers in their stored shape, read as a page would read them; errors by question id.

    A value of the wrong JSON type is refused before ``to_raw`` could turn it into text.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = stored.get(question.id)
        message = question.wrong_type(value)
        if message is None:
            reading = question.read(_question_raw(question, value), today)
            message = reading.error
            if message is None and reading.value is not None:
                values[question.id] = reading.value
        if message:
            errors[question.id] = message
    return values, errors


def _check_group(
    group: Repeating, value: Any, today: date, answers: dict[str, Any], errors: dict[str, str]
) -> None:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(i, Mapping) for i in value):
        errors[group.id] = f"{group.label}: give a list of {group.items_name}"
        return
    if len(value) > group.max_items:
        errors[group.id] = group.too_many()
        return
    if len(value) < group.min_items:
        errors[group.id] = group.too_few()
    items = []
    for index, item in enumerate(value):
        known = {q.id for q in group.questions}
        for key in item:
            if key not in known:
                errors[f"{group.id}[{index}].{key}"] = "This is not a question on this form"
        values, item_errors = read_stored(group.questions, item, today)
        for answer_id, message in item_errors.items():
            errors[f"{group.id}[{index}].{answer_id}"] = message
        items.append(values)
    answers[group.id] = items


def check_answers(form: Form, answers: Mapping[str, Any], today: date) -> Checked:
    """A whole form's answers in their stored shape (JSON API, a draft before submission)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {key for page in form.pages for key in page.answer_ids}
    for key in answers:
        if key not in known:
            errors[str(key)] = "This is not a question on this form"
    for page in form.pages:
        if page.repeating:
            _check_group(page.repeating, answers.get(page.repeating.id), today, clean, errors)
            continue
        values, page_errors = read_stored(page.questions, answers, today)
        clean.update(values)
        errors.update(page_errors)
    errors.update(check_rules(form, clean, errors))
    return Checked(answers=clean, errors=errors)


def check_rules(
    form: Form, clean: Mapping[str, Any], errors: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The form's rules broken by its ``clean`` answers, keyed by the question each rule is
    about (its first broken rule only, and none where that question has an error already)."""
    found: dict[str, str] = {}
    for rule in form.rules:
        if rule.question in found or rule.question in (errors or {}):
            continue
        if rule.broken(clean):
            found[rule.question] = rule.message
    return found


def page_of_error(form: Form, path: str) -> Page | None:
    """The page where the answer at ``path`` is given (for links from error summaries)."""
    return form.page_of(path.split("[", 1)[0])
