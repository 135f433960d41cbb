"""The JSON Schema (2020-12) of a form's answers, for API clients: each property's
``title`` is the seed label. Rules a schema cannot say (a date not in the future, a valid
email) are still checked by the API with the web form's messages. A form's rules across
questions (``shared.forms.rules``) are each an ``if``/``then`` of ``allOf``."""

from __future__ import annotations

from typing import Any

from shared.forms.model import Form
from shared.forms.questions import Question
from shared.forms.rules import rule_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(form: Form, base_url: str = "") -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for page in form.pages:
        if page.repeating:
            group = page.repeating
            properties[group.id] = group.schema()
            if group.min_items:
                required.append(group.id)
            continue
        for question in page.questions:
            properties[question.id] = question.described()
            if question.required:
                required.append(question.id)
    found: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"{base_url}/api/v1/forms/{form.id}/schema.json",
        "title": form.title,
        "description": f"{form.caption}: {form.document_title} (version {form.version})",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    rules = []
    for rule in form.rules:
        target, when = form.question(rule.question), form.question(rule.when)
        # Form made sure of this when it was declared
        assert isinstance(target, Question) and isinstance(when, Question)
        rules.append(rule_schema(rule, target, when))
    if rules:
        found["allOf"] = rules
    return found
