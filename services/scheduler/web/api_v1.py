"""JSON API v1: cases, their clocks, timeline and documents, and every case action the console
offers, with the same rules and wording. A staff member's API token (``cspr tokens create``)
or console session acts with their role; the service token reads. Described by the OpenAPI
document at ``/api/v1/openapi.json`` (``web/openapi.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, request
from flask.typing import ResponseReturnValue

from services.scheduler import lifecycle
from services.scheduler.case_list import ME, NOBODY, owner_value
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.approval import VIA_API
from services.scheduler.domain.clock_status import StatusKey
from services.scheduler.domain.inputs import Input, Kind
from services.scheduler.domain.lifecycle import ActionRefused, Actor, InputErrors
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.queries import (
    CaseDetail,
    CaseSummary,
    DeadlineView,
    Owner,
    case_detail,
    list_cases,
)
from services.scheduler.store.lifecycle import CaseChanged
from services.scheduler.web import openapi
from services.scheduler.web.actions import actor_of
from services.scheduler.web.api import audit_case_view
from services.scheduler.web.session import container, current_staff
from shared.forms.text import clean_line, clean_text
from shared.web import csrf

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")
# JSON bodies only (a cross-site form cannot send one), so no CSRF token is asked for
csrf.exempt(bp)

#: anything else cannot be a reference, and is not looked up
REFERENCE = re.compile(r"[A-Za-z0-9-]{1,32}")
_FILTERS = {
    "state": {s.value for s in CaseState},
    "route": {r.value for r in Route},
    "overdue": {"true", "false"},
}


@bp.after_app_request
def _no_store(response: Response) -> Response:
    if request.path.startswith("/api/v1/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def problem(status: int, error: str, reason: str, **extra: Any) -> ResponseReturnValue:
    """A JSON error as every v1 endpoint answers one: ``error`` and ``reason``."""
    return jsonify(error=error, reason=reason, **extra), status


def invalid_input(inputs: Iterable[Input], errors: Mapping[str, str]) -> ResponseReturnValue:
    """422 with the console's messages by input id, in the order the form asks."""
    ordered = {s.id: errors[s.id] for s in inputs if s.id in errors}
    ordered.update({k: v for k, v in errors.items() if k not in ordered})
    reason = "; ".join(ordered.values()) or "The inputs are not valid."
    return problem(422, "invalid_input", reason, errors=ordered)


def action_refused(reason: str) -> ResponseReturnValue:
    """409 with the domain's reason (the console's wording) why this cannot be done now."""
    return problem(409, "action_refused", reason)


def not_json() -> ResponseReturnValue:
    return problem(400, "bad_request", "Send a JSON object (Content-Type: application/json).")


def json_object() -> dict[str, Any] | None:
    """The request's JSON body when it is an object; None for anything else (answer
    ``not_json()``), so a wrong body is a 400, never a 500."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def staff_actor() -> Actor:
    """The signed-in staff member (session or staff API token) who writes."""
    user = current_staff()
    if user is None:  # web/access.py lets only staff tokens and sessions write
        abort(403)
    return actor_of(user)


@bp.get("/openapi.json", endpoint="openapi")
def document() -> ResponseReturnValue:
    return jsonify(openapi.build(ACTIONS, "cspr scheduler API"))


@bp.get("/cases")
def cases() -> ResponseReturnValue:
    wanted = {k: request.args[k] for k in _FILTERS if k in request.args}
    for name, value in wanted.items():
        if value not in _FILTERS[name]:
            allowed = ", ".join(sorted(_FILTERS[name]))
            return problem(400, "bad_request", f"{name} must be one of: {allowed}")
    owner: str | int | None = None
    if "owner" in request.args:
        given = request.args["owner"]
        if not given or owner_value(given) != given:
            return problem(400, "bad_request", "owner must be me, none or a staff id")
        user = None if g.api_service else current_staff()
        if given == ME and user is None:
            return problem(400, "bad_request", "owner=me needs a staff member's API token")
        owner = user.id if given == ME and user else given if given == NOBODY else int(given)
    found = [
        s
        for s in list_cases(container())
        if wanted.get("state", s.state) == s.state
        and wanted.get("route", s.route) == s.route
        and ("overdue" not in wanted or (wanted["overdue"] == "true") == _overdue(s))
        and (owner is None or owner == (s.owner.id if s.owner else NOBODY))
    ]
    return jsonify(cases=[summary_json(s) for s in found])


@bp.get("/cases/<reference>")
def case(reference: str) -> ResponseReturnValue:
    c = container()
    detail = case_detail(c, reference) if REFERENCE.fullmatch(reference) else None
    if detail is None:
        abort(404, f"No case with reference {reference}.")
    audit_case_view(reference, "api v1")
    return jsonify(detail_json(detail, _actions_for(reference)))


@bp.post("/cases/<reference>/actions/<action>")
def take_action(reference: str, action: str) -> ResponseReturnValue:
    user = current_staff()
    spec = ACTIONS.get(action)
    if user is None or spec is None or not REFERENCE.fullmatch(reference):
        abort(404, f"No case with reference {reference}, or no action {action}.")
    c = container()
    actor = replace(actor_of(user), via=VIA_API)
    try:
        reason = lifecycle.refusal(c, reference, action, actor)
    except lifecycle.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    if reason:
        return action_refused(reason)
    body = json_object()
    if body is None:
        return not_json()
    values, errors = read_body(spec.inputs, body)
    try:
        if errors:
            raise InputErrors(errors)
        plan = lifecycle.take_action(
            c, reference, action, values, actor, remote_addr=request.remote_addr
        )
    except InputErrors as wrong:
        return invalid_input(spec.inputs, wrong.errors)
    except lifecycle.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    except (ActionRefused, CaseChanged) as refused:
        return action_refused(getattr(refused, "reason", str(refused)))
    detail = case_detail(c, reference)
    assert detail is not None  # it was just changed, and cases are never deleted
    return jsonify(
        action=action,
        from_state=plan.from_state.value,
        to_state=plan.to_state.value,
        case=detail_json(detail, _actions_for(reference)),
    )


def read_body(
    inputs: Iterable[Input], body: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The declared inputs sent, in the shapes the domain reads (strings cleaned of control
    characters), and an error for each of the wrong JSON type, in the console's wording."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in inputs:
        raw = body.get(spec.id)
        if raw is None:
            continue
        if spec.kind is Kind.CONFIRM:
            values[spec.id] = raw is True
        elif spec.kind is Kind.CHECKBOXES and isinstance(raw, list):
            values[spec.id] = [clean_line(x) if isinstance(x, str) else "" for x in raw]
        elif not isinstance(raw, str):
            errors[spec.id] = spec.missing or f"{spec.label} must be a string"
        elif spec.kind is Kind.TEXTAREA:
            values[spec.id] = clean_text(raw)
        else:
            values[spec.id] = clean_line(raw)
    return values, errors


def _actions_for(reference: str) -> list[str]:
    user = None if g.api_service else current_staff()
    if user is None:
        return []
    found = lifecycle.available_actions(container(), reference, actor_of(user))
    return [a.key for a in found]


def _overdue(s: CaseSummary) -> bool:
    d = s.next_deadline
    return d is not None and d.clock_status is not None and d.clock_status.key is StatusKey.OVERDUE


def clock_json(d: DeadlineView) -> dict[str, Any]:
    status = d.clock_status
    return {
        "key": d.clock,
        "label": d.label,
        "starts_on": d.starts_on.isoformat(),
        "due": d.due_on.isoformat(),
        "window_start": d.window_opens_on.isoformat() if d.window_opens_on else None,
        "window_end": d.due_on.isoformat(),
        "status": status.key.value if status else d.status.kind,
        "status_text": status.text if status else d.status.text,
        "working_days_left": status.working_days_left if status else None,
        "met_on": d.met_on.isoformat() if d.met_on else None,
    }


def owner_json(owner: Owner | None) -> dict[str, Any] | None:
    return {"id": owner.id, "name": owner.name} if owner else None


def summary_json(s: CaseSummary) -> dict[str, Any]:
    return {
        "reference": s.reference,
        "route": s.route,
        "state": s.state,
        "owner": owner_json(s.owner),
        "received_on": s.received_on.isoformat(),
        "next_clock": clock_json(s.next_deadline) if s.next_deadline else None,
        "url": f"/api/v1/cases/{s.reference}",
    }


def detail_json(d: CaseDetail, actions: list[str]) -> dict[str, Any]:
    row = d.case
    return {
        "reference": row.reference,
        "route": d.summary.route,
        "route_label": d.summary.route_label,
        "state": d.summary.state,
        "state_label": d.summary.state_label,
        "owner": owner_json(d.summary.owner),
        "dates": {
            "received_on": row.received_on.isoformat(),
            "received_at": row.received_at.isoformat(),
            "opened_at": row.opened_at.isoformat(),
        },
        "clocks": [clock_json(x) for x in d.deadlines],
        "timeline": [
            {
                "at": e.at.isoformat(),
                "on": e.on.isoformat() if e.on else None,
                "action": e.action,
                "actor_email": e.actor_email,
                "actor_role": e.actor_role,
                "summary": e.summary,
                "reason": e.reason,
                "from_state": e.from_state,
                "to_state": e.to_state,
            }
            for e in d.timeline
        ],
        "documents": [
            {
                "document_id": doc.document_id,
                "kind": doc.kind,
                "format": doc.format,
                "filename": doc.filename,
                "sha256": doc.sha256,
                "size": doc.size,
                "created_at": doc.created_at.isoformat(),
                "download_url": f"/cases/{row.reference}/documents/{doc.document_id}",
            }
            for doc in d.documents
        ],
        "document_failures": [
            {
                "kind": f.kind,
                "document": f.document,
                "stage": f.stage,
                "reason": f.reason,
                "failed_at": f.failed_at.isoformat(),
                "attempts": f.attempts,
            }
            for f in d.document_failures
        ],
        "actions": actions,
    }
