"""Answers made from a definition: typical ones (what a practitioner might type) and the
largest the checks accept (every text at its limit, every group full), both keeping the
form's rules across questions.

For tests, the benchmark and screenshots: they follow the definition, so a new question is
covered without editing them. Made-up data only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import YES, Choice, MultipleChoice, YesNo, YesNoDetails
from shared.forms.model import Form
from shared.forms.questions import Date, Email, Phone, Question, Time
from shared.forms.repeating import Repeating
from shared.forms.rules import Rule

_SAMPLE_TEXT = {
    "name": "Jo Example",
    "agency": "Riverside Primary School",
    "relationship": "Mother",
    "event": "Attended the emergency department with a head injury.",
}


def _text(question: Question, *, largest: bool, index: int) -> str:
    if largest:
        # letters and spaces, with one character outside Latin-1 so encodings are exercised
        unit = "Łódź example text "
        text = (unit * (question.max_length // len(unit) + 1))[: question.max_length]
        return text[:-1] + "x" if text.endswith(" ") else text
    for key, text in _SAMPLE_TEXT.items():
        if question.id.endswith(key):
            return text if index == 0 else f"{text} {index + 1}"
    return f"Made-up answer to {question.label.rstrip(':?')}"[: question.max_length]


def value_for(question: Question, *, today: date, largest: bool = False, index: int = 0) -> Any:
    if isinstance(question, YesNoDetails):
        details = _text(question, largest=largest, index=index)
        return {"answer": YES, "details": details}
    if isinstance(question, YesNo):
        return YES
    if isinstance(question, ChoiceDetails):
        # typically an option without details; the largest, one with them at their limit
        plain = [o.value for o in question.options if o.value not in question.details_options]
        if plain and not largest:
            return {"answer": plain[0]}
        details = _text(question, largest=largest, index=index)
        return {"answer": question.details_options[0], "details": details}
    if isinstance(question, MultipleChoice):
        # every option that may be ticked with the others
        return [o.value for o in question.options if not o.exclusive]
    if isinstance(question, Choice):
        return question.options[-1 if largest else 0].value
    if isinstance(question, Date):
        return (today - timedelta(days=3650 + 30 * index)).isoformat()
    if isinstance(question, Time):
        return "23:59" if largest else "14:30"
    if isinstance(question, Email):
        local = "a" * 64 if largest else "jo.example"
        domain = ("b" * 60 + ".") * 3 + "example" if largest else "school.example"
        return f"{local}@{domain}"[: question.max_length]
    if isinstance(question, Phone):
        return ("0" * question.max_length) if largest else "020 7946 0000"
    return _text(question, largest=largest, index=index)


def _item(group: Repeating, *, today: date, largest: bool, index: int) -> dict[str, Any]:
    return {q.id: value_for(q, today=today, largest=largest, index=index) for q in group.questions}


def answers(form: Form, *, today: date, largest: bool = False, items: int = 1) -> dict[str, Any]:
    """Every question answered; ``items`` of each repeating group (at least its minimum, and
    the maximum when largest)."""
    found: dict[str, Any] = {}
    for page in form.pages:
        if page.repeating:
            group = page.repeating
            count = group.max_items if largest else max(items, group.min_items)
            found[group.id] = [
                _item(group, today=today, largest=largest, index=i) for i in range(count)
            ]
        for question in page.questions:
            found[question.id] = value_for(question, today=today, largest=largest)
    for rule in form.rules:
        if rule.broken(found):
            ruled = form.question(rule.question)
            assert isinstance(ruled, Question)  # Form made sure of it
            found[rule.question] = _keeping(rule, ruled, today=today, largest=largest)
    return found


def _keeping(rule: Rule, question: Question, *, today: date, largest: bool) -> Any:
    """An answer to ``rule``'s question that keeps the rule: the answer it asks for."""
    if rule.equals is None:
        return value_for(question, today=today, largest=largest)
    if isinstance(question, YesNoDetails | ChoiceDetails):
        with_details = (YES,) if isinstance(question, YesNoDetails) else question.details_options
        value = {"answer": rule.equals}
        if rule.equals in with_details:
            value["details"] = _text(question, largest=largest, index=0)
        return value
    if isinstance(question, MultipleChoice):
        return [rule.equals]
    return rule.equals
