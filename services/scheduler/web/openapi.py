"""The OpenAPI 3.1 document of the scheduler's JSON API v1, built from the code: one path per
case action, its request body's JSON Schema derived from the action's declared inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.scheduler.domain.actions import Action
from services.scheduler.domain.clock_status import StatusKey
from services.scheduler.domain.inputs import Input, Kind
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.workingday_calculator import MAX_DAYS

JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
_ERRORS = {
    "400": "The request is not one this endpoint reads (a body that is not a JSON object)",
    "401": "No API token, or one that is unknown, revoked or not an active staff member's",
    "403": "The token's role may not use this endpoint",
    "404": "No such case or action",
    "409": "The action cannot be taken now: the reason says why",
    "422": "An input is missing or wrong: errors are keyed by input id",
}


def _string(**extra: Any) -> dict[str, Any]:
    return {"type": "string", **extra}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def input_schema(spec: Input) -> dict[str, Any]:
    values = [o.value for o in spec.options]
    schema: dict[str, Any]
    if spec.kind is Kind.DATE:
        schema = _string(format="date")
    elif spec.kind is Kind.RADIOS:
        schema = _string(enum=values)
    elif spec.kind is Kind.CHECKBOXES:
        schema = {"type": "array", "items": _string(enum=values), "uniqueItems": True}
    elif spec.kind is Kind.CONFIRM:
        schema = {"type": "boolean"}
    else:
        schema = _string(maxLength=spec.max_length) if spec.max_length else _string()
    schema["title"] = spec.label
    if spec.hint:
        schema["description"] = spec.hint
    return schema


def body_schema(action: Action) -> dict[str, Any]:
    """Required inputs, and those required only after another input's answer (if/then)."""
    kinds = {spec.id: spec.kind for spec in action.inputs}
    conditions: list[dict[str, Any]] = []
    for spec in action.inputs:
        if spec.only_when is None or not spec.required:
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
        "title": action.label,
        "properties": {spec.id: input_schema(spec) for spec in action.inputs},
        "required": [s.id for s in action.inputs if s.required and s.only_when is None],
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _responses(ok: str, schema: dict[str, Any], errors: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {"200": {"description": ok, "content": {JSON: {"schema": schema}}}}
    for status in errors:
        ref = "InputErrors" if status == "422" else "Error"
        found[status] = {
            "description": _ERRORS[status],
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
        }
    return found


REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": _string()}


def action_path(action: Action) -> dict[str, Any]:
    return {
        "post": {
            "operationId": f"take_{action.key}",
            "summary": action.label,
            "description": f"Who may: {action.who()}.",
            "tags": ["actions"],
            "parameters": [REFERENCE],
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": body_schema(action)}},
            },
            "responses": _responses(
                "The action was taken: the case as it is now",
                {"$ref": "#/components/schemas/ActionTaken"},
                ("400", "401", "403", "404", "409", "422"),
            ),
        }
    }


def _schemas() -> dict[str, Any]:
    date = _string(format="date")
    clock = {
        "type": "object",
        "properties": {
            "key": _string(),
            "label": _string(),
            "starts_on": date,
            "due": date,
            "window_start": _nullable(date),
            "window_end": date,
            "status": _string(enum=[k.value for k in StatusKey]),
            "status_text": _string(),
            "working_days_left": _nullable({"type": "integer"}),
            "met_on": _nullable(date),
        },
        "required": ["key", "label", "due", "window_start", "window_end", "status", "met_on"],
    }
    owner = _nullable(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": _string()},
            "required": ["id", "name"],
        }
    )
    summary = {
        "type": "object",
        "properties": {
            "reference": _string(),
            "route": _string(enum=[r.value for r in Route]),
            "state": _string(enum=[s.value for s in CaseState]),
            "owner": owner,
            "received_on": date,
            "next_clock": _nullable({"$ref": "#/components/schemas/Clock"}),
            "url": _string(),
        },
        "required": ["reference", "route", "state", "owner", "received_on", "next_clock", "url"],
    }
    detail = {
        "type": "object",
        "properties": {
            "reference": _string(),
            "route": _string(enum=[r.value for r in Route]),
            "state": _string(enum=[s.value for s in CaseState]),
            "owner": owner,
            "dates": {"type": "object", "additionalProperties": _nullable(_string())},
            "clocks": {"type": "array", "items": {"$ref": "#/components/schemas/Clock"}},
            "timeline": {"type": "array", "items": {"type": "object"}},
            "documents": {"type": "array", "items": {"type": "object"}},
            "actions": {"type": "array", "items": _string()},
        },
        "required": [
            "reference",
            "route",
            "state",
            "owner",
            "dates",
            "clocks",
            "timeline",
            "documents",
        ],
    }
    return {
        "Error": {
            "type": "object",
            "properties": {"error": _string(), "reason": _string()},
            "required": ["error", "reason"],
        },
        "InputErrors": {
            "type": "object",
            "properties": {
                "error": _string(const="invalid_input"),
                "reason": _string(),
                "errors": {"type": "object", "additionalProperties": _string()},
            },
            "required": ["error", "reason", "errors"],
        },
        "Clock": clock,
        "CaseSummary": summary,
        "CaseDetail": detail,
        "ActionTaken": {
            "type": "object",
            "properties": {
                "action": _string(),
                "from_state": _string(),
                "to_state": _string(),
                "case": {"$ref": "#/components/schemas/CaseDetail"},
            },
            "required": ["action", "from_state", "to_state", "case"],
        },
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def build(actions: Mapping[str, Action], title: str) -> dict[str, Any]:
    errors_read = ("400", "401", "403")
    paths: dict[str, Any] = {
        "/api/v1/cases": {
            "get": {
                "operationId": "list_cases",
                "summary": "Every case, the most pressing first",
                "tags": ["cases"],
                "parameters": [
                    _query("state", _string(enum=[s.value for s in CaseState]), "Only this state"),
                    _query("route", _string(enum=[r.value for r in Route]), "Only this route"),
                    _query(
                        "overdue",
                        _string(enum=["true", "false"]),
                        "Only cases whose next clock is (or is not) overdue",
                    ),
                    _query(
                        "owner",
                        _string(pattern="^(me|none|[1-9][0-9]{0,8})$"),
                        "Only cases owned by the caller (me), by nobody (none) or by this staff id",
                    ),
                ],
                "responses": _responses(
                    "The cases",
                    {
                        "type": "object",
                        "properties": {
                            "cases": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/CaseSummary"},
                            }
                        },
                        "required": ["cases"],
                    },
                    errors_read,
                ),
            }
        },
        "/api/v1/cases/{reference}": {
            "get": {
                "operationId": "get_case",
                "summary": "One case: dates, clocks, timeline, documents",
                "tags": ["cases"],
                "parameters": [REFERENCE],
                "responses": _responses(
                    "The case", {"$ref": "#/components/schemas/CaseDetail"}, (*errors_read, "404")
                ),
            }
        },
        "/api/v1/working-days": {
            "get": {
                "operationId": "add_working_days",
                "summary": "A date a number of working days after another",
                "tags": ["working days"],
                "parameters": [
                    {**_query("from", _string(format="date"), "Start date"), "required": True},
                    {
                        **_query("add", _string(pattern=r"^[0-9]+$"), f"0 to {MAX_DAYS}"),
                        "required": True,
                    },
                ],
                "responses": _responses(
                    "The date",
                    {
                        "type": "object",
                        "properties": {
                            "from": _string(),
                            "add": {"type": "integer"},
                            "date": _string(),
                        },
                    },
                    errors_read,
                ),
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {JSON: {}}}},
            }
        },
    }
    for key, action in actions.items():
        paths[f"/api/v1/cases/{{reference}}/actions/{key}"] = action_path(action)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": "1",
            "description": "Bearer tokens are made with `cspr tokens create --email E` and act "
            "with the role of the active staff member with that email.",
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
    }
