"""The OpenAPI 3.1 document of the scheduler's JSON API v1, built from the code: one path per
case action, its request body's JSON Schema derived from the action's declared inputs, and
a case's agencies (``openapi_agencies``), its Rapid Review meeting and report
(``openapi_rapid_review``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.documents.readmodel import FAILURE_STAGES
from services.scheduler.domain.actions import Action
from services.scheduler.domain.clock_status import StatusKey
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.web import (
    openapi_agencies,
    openapi_messages,
    openapi_packs,
    openapi_rapid_review,
)
from services.scheduler.web.openapi_schema import (
    JSON,
    REFERENCE,
    inputs_schema,
    json_body,
    nullable,
    responses,
    string,
)
from services.scheduler.workingday_calculator import MAX_DAYS


def body_schema(action: Action) -> dict[str, Any]:
    """Required inputs, and those required only after another input's answer (if/then)."""
    return inputs_schema(action.label, action.inputs)


def action_path(action: Action) -> dict[str, Any]:
    return {
        "post": {
            "operationId": f"take_{action.key}",
            "summary": action.label,
            "description": f"Who may: {action.who()}.",
            "tags": ["actions"],
            "parameters": [REFERENCE],
            "requestBody": json_body(body_schema(action)),
            "responses": responses(
                "The action was taken: the case as it is now",
                {"$ref": "#/components/schemas/ActionTaken"},
                ("400", "401", "403", "404", "409", "422"),
            ),
        }
    }


def _schemas() -> dict[str, Any]:
    date = string(format="date")
    clock = {
        "type": "object",
        "properties": {
            "key": string(),
            "label": string(),
            "starts_on": date,
            "due": date,
            "window_start": nullable(date),
            "window_end": date,
            "status": string(enum=[k.value for k in StatusKey]),
            "status_text": string(),
            "working_days_left": nullable({"type": "integer"}),
            "met_on": nullable(date),
        },
        "required": ["key", "label", "due", "window_start", "window_end", "status", "met_on"],
    }
    owner = nullable(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": string()},
            "required": ["id", "name"],
        }
    )
    summary = {
        "type": "object",
        "properties": {
            "reference": string(),
            "route": string(enum=[r.value for r in Route]),
            "state": string(enum=[s.value for s in CaseState]),
            "owner": owner,
            "received_on": date,
            "next_clock": nullable({"$ref": "#/components/schemas/Clock"}),
            "url": string(),
        },
        "required": ["reference", "route", "state", "owner", "received_on", "next_clock", "url"],
    }
    detail = {
        "type": "object",
        "properties": {
            "reference": string(),
            "route": string(enum=[r.value for r in Route]),
            "state": string(enum=[s.value for s in CaseState]),
            "owner": owner,
            "dates": {"type": "object", "additionalProperties": nullable(string())},
            "clocks": {"type": "array", "items": {"$ref": "#/components/schemas/Clock"}},
            "timeline": {"type": "array", "items": {"type": "object"}},
            "documents": {"type": "array", "items": {"type": "object"}},
            "document_failures": {
                "type": "array",
                "description": "The case's documents that could not be made, and why "
                "(none once a later attempt made them), latest first",
                "items": {"$ref": "#/components/schemas/DocumentFailure"},
            },
            "actions": {"type": "array", "items": string()},
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
            "document_failures",
        ],
    }
    document_failure = {
        "type": "object",
        "properties": {
            "kind": string(),
            "document": string(),
            "stage": string(enum=list(FAILURE_STAGES)),
            "reason": string(),
            "failed_at": string(format="date-time"),
            "attempts": {"type": "integer", "minimum": 1},
        },
        "required": ["kind", "document", "stage", "reason", "failed_at", "attempts"],
    }
    return {
        "Error": {
            "type": "object",
            "properties": {"error": string(), "reason": string()},
            "required": ["error", "reason"],
        },
        "InputErrors": {
            "type": "object",
            "properties": {
                "error": string(const="invalid_input"),
                "reason": string(),
                "errors": {"type": "object", "additionalProperties": string()},
            },
            "required": ["error", "reason", "errors"],
        },
        "Clock": clock,
        "CaseSummary": summary,
        "CaseDetail": detail,
        "DocumentFailure": document_failure,
        "ActionTaken": {
            "type": "object",
            "properties": {
                "action": string(),
                "from_state": string(),
                "to_state": string(),
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
                    _query("state", string(enum=[s.value for s in CaseState]), "Only this state"),
                    _query("route", string(enum=[r.value for r in Route]), "Only this route"),
                    _query(
                        "overdue",
                        string(enum=["true", "false"]),
                        "Only cases whose next clock is (or is not) overdue",
                    ),
                    _query(
                        "owner",
                        string(pattern="^(me|none|[1-9][0-9]{0,8})$"),
                        "Only cases owned by the caller (me), by nobody (none) or by this staff id",
                    ),
                ],
                "responses": responses(
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
                "responses": responses(
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
                    {**_query("from", string(format="date"), "Start date"), "required": True},
                    {
                        **_query("add", string(pattern=r"^[0-9]+$"), f"0 to {MAX_DAYS}"),
                        "required": True,
                    },
                ],
                "responses": responses(
                    "The date",
                    {
                        "type": "object",
                        "properties": {
                            "from": string(),
                            "add": {"type": "integer"},
                            "date": string(),
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
    paths.update(openapi_agencies.paths())
    paths.update(openapi_rapid_review.paths())
    paths.update(openapi_messages.paths())
    paths.update(openapi_packs.paths())
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
            "schemas": {
                **_schemas(),
                **openapi_agencies.schemas(),
                **openapi_rapid_review.schemas(),
                **openapi_messages.schemas(),
                **openapi_packs.schemas(),
            },
        },
    }
