"""Building blocks of the OpenAPI document: declared inputs (``domain.inputs.Input``) as
JSON Schema, request bodies made of them, and the JSON error responses every v1 endpoint
shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.scheduler.domain.inputs import Input, Kind

JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    "400": "The request is not one this endpoint reads (a body that is not a JSON object)",
    "401": "No API token, or one that is unknown, revoked or not an active staff member's",
    "403": "The token's role may not use this endpoint",
    "404": "No such case or action",
    "409": "The action cannot be taken now: the reason says why",
    "422": "An input is missing or wrong: errors are keyed by input id",
}
REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}
#: ids are PostgreSQL integers
MAX_ID = 2**31 - 1


def path_id(name: str) -> dict[str, Any]:
    """An id in the path (``{agency_id}``): an integer the database can hold, so a larger one
    is refused by the schema as the route refuses it."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """A required request body of JSON that ``schema`` describes."""
    return {"required": True, "content": {JSON: {"schema": schema}}}


def string(**extra: Any) -> dict[str, Any]:
    return {"type": "string", **extra}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def input_schema(spec: Input) -> dict[str, Any]:
    values = [o.value for o in spec.options]
    schema: dict[str, Any]
    if spec.kind is Kind.DATE:
        schema = string(format="date")
    elif spec.kind is Kind.RADIOS:
        schema = string(enum=values)
    elif spec.kind is Kind.CHECKBOXES:
        schema = {"type": "array", "items": string(enum=values), "uniqueItems": True}
    elif spec.kind is Kind.CONFIRM:
        schema = {"type": "boolean"}
    else:
        schema = string(maxLength=spec.max_length) if spec.max_length else string()
    schema["title"] = spec.label
    if spec.hint:
        schema["description"] = spec.hint
    return schema


def inputs_schema(title: str, inputs: Iterable[Input], *, required: bool = True) -> dict[str, Any]:
    """An object of the inputs: those required, and those required only after another
    input's answer (if/then); ``required=False`` for a change of some of them (PATCH)."""
    specs = tuple(inputs)
    kinds = {spec.id: spec.kind for spec in specs}
    conditions: list[dict[str, Any]] = []
    for spec in specs:
        if spec.only_when is None or not spec.required or not required:
            continue
        other, wanted = spec.only_when
        match: dict[str, Any] = {"enum": sorted(wanted)}
        if kinds.get(other) is Kind.CHECKBOXES:
            match = {"contains": match}
        conditions.append(
            {
                "if": {"properties": {other: match}, "required": [other]},
                "then": {"required": [spec.id]},
            }
        )
    schema: dict[str, Any] = {
        "type": "object",
        "title": title,
        "properties": {spec.id: input_schema(spec) for spec in specs},
        "required": [s.id for s in specs if required and s.required and s.only_when is None],
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def responses(
    ok: str,
    schema: dict[str, Any],
    errors: tuple[str, ...],
    *,
    status: str = "200",
    described: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The success response and the errors' (``described`` overrides their wording)."""
    found: dict[str, Any] = {status: {"description": ok, "content": {JSON: {"schema": schema}}}}
    words = {**ERRORS, **(described or {})}
    for code in errors:
        ref = "InputErrors" if code == "422" else "Error"
        found[code] = {
            "description": words[code],
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
        }
    return found
