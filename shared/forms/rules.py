"""Rules across questions: "question X is required (or must be V) when question Y's answer is
one of these", declared on a ``Form`` beside its questions.

Each question is still read by itself (``checks.read_questions``), page by page; a form's
rules are checked over the whole answer set, after every question has been read
(``checks.check_answers``, at check answers and when finalising), with their own GOV.UK
message keyed by the question the rule is about, so the error summary links to its page.
The JSON Schema says the same with ``if``/``then`` (``schema.json_schema``).

A choice's answer is what was chosen: the stored value of a yes/no or radios, the
``"answer"`` of a question with details, or any of the values ticked of checkboxes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import NO, YES, Choice, MultipleChoice, YesNo, YesNoDetails
from shared.forms.questions import Question


@dataclass(frozen=True)
class Rule:
    """``question`` must be answered, and with ``equals`` must be answered so, whenever
    ``when`` has been answered with one of ``among``; otherwise ``message`` is shown."""

    #: the answer id the rule is about (and its error is keyed by)
    question: str
    #: the answer id whose answer decides whether the rule applies
    when: str
    #: the answers of ``when`` (option values) under which it applies
    among: tuple[str, ...]
    #: the GOV.UK message: "Enter the rationale for the recommendation"
    message: str
    #: the answer ``question`` must have (an option value: "yes"), or None for any answer
    equals: str | None = None

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return bool(set(chosen(answers.get(self.when))) & set(self.among))

    def broken(self, answers: Mapping[str, Any]) -> bool:
        """Whether clean ``answers`` break the rule."""
        if not self.applies(answers):
            return False
        value = answers.get(self.question)
        if value in (None, "", [], {}):
            return True
        return self.equals is not None and self.equals not in chosen(value)


def chosen(value: Any) -> tuple[str, ...]:
    """What a stored answer chose: ("c",) of {"answer": "c"}, ("yes",) of "yes"."""
    if isinstance(value, Mapping):
        value = value.get("answer")
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def option_values(question: Question) -> tuple[str, ...] | None:
    """The answers a choice may be given; None for a question that is not a choice."""
    if isinstance(question, YesNo):
        return (YES, NO)
    if isinstance(question, Choice):
        return tuple(o.value for o in question.options)
    return None


def answer_schema(question: Question, values: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of ``question``'s stored answer choosing one of ``values``."""
    one_of = {"enum": list(values)}
    if isinstance(question, YesNoDetails | ChoiceDetails):
        return {"type": "object", "properties": {"answer": one_of}, "required": ["answer"]}
    if isinstance(question, MultipleChoice):
        return {"type": "array", "contains": one_of}
    return one_of


def rule_schema(rule: Rule, target: Question, when: Question) -> dict[str, Any]:
    """The rule as ``if``/``then``: when ``when`` chose one of ``among``, ``question`` is
    required (and, with ``equals``, that answer)."""
    then: dict[str, Any] = {"required": [rule.question]}
    if rule.equals is not None:
        then["properties"] = {rule.question: answer_schema(target, (rule.equals,))}
    return {
        "if": {
            "properties": {rule.when: answer_schema(when, rule.among)},
            "required": [rule.when],
        },
        "then": then,
    }
