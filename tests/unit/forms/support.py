"""What the shared.forms tests share: a fixed today, the two forms, answers to edit."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.forms import samples
from shared.forms.definitions.practice_learning import PRACTICE_LEARNING
from shared.forms.definitions.serious_incident import SERIOUS_INCIDENT
from shared.forms.model import Form
from shared.forms.questions import Question
from shared.forms.registry import FORMS
from shared.forms.repeating import Repeating

TODAY = date(2026, 11, 20)
SI = SERIOUS_INCIDENT
PL = PRACTICE_LEARNING
ALL_FORMS = tuple(FORMS.values())


def question(form: Form, answer_id: str) -> Question:
    found = form.question(answer_id)
    assert isinstance(found, Question), answer_id
    return found


def group(form: Form, answer_id: str) -> Repeating:
    found = form.question(answer_id)
    assert isinstance(found, Repeating), answer_id
    return found


def item_question(form: Form, group_id: str, answer_id: str) -> Question:
    return next(q for q in group(form, group_id).questions if q.id == answer_id)


def answers(form: Form = SI, /, **changes: Any) -> dict[str, Any]:
    """A typical complete answer set with ``changes`` made (None removes an answer)."""
    found = samples.answers(form, today=TODAY)
    for key, value in changes.items():
        if value is None:
            found.pop(key, None)
        else:
            found[key] = value
    return found
