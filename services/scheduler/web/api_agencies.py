"""JSON API v1: a case's agencies, with the console's rules and wording — the list with
each scoping status; adding an agency, typed in or from the directory; changing its
details; taking it off the case, sending its request, withdrawing its link, reopening its
return. Writes are for staff tokens (``web/access.py``); the domain refuses, with its
reason, anyone who may not change a case's agencies now."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from services.scheduler import agencies
from services.scheduler.case_agency_reads import agency_now
from services.scheduler.domain.agencies import kind_label
from services.scheduler.domain.agency_changes import (
    AGENCY_INPUTS,
    CHANGE_FORMS,
    AgencyChange,
    AgencyErrors,
    check_agency,
)
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.inputs import clean_inputs
from services.scheduler.domain.lifecycle import ActionRefused
from services.scheduler.web.agencies import CHANGE_SLUGS, apply_change
from services.scheduler.web.api import audit_case_view
from services.scheduler.web.api_v1 import (
    REFERENCE,
    action_refused,
    invalid_input,
    json_object,
    not_json,
    read_body,
    staff_actor,
)
from services.scheduler.web.openapi_schema import MAX_ID
from services.scheduler.web.session import container
from shared.web import csrf

bp = Blueprint("api_v1_agencies", __name__, url_prefix="/api/v1")
# JSON bodies only (a cross-site form cannot send one), so no CSRF token is asked for
csrf.exempt(bp)

CHOOSE = "Choose an agency from the directory"
NOT_IN_DIRECTORY = "That agency is not in the directory any more: choose another."


def agency_json(a: agencies.AgencyStatus, *, removed: bool = False) -> dict[str, Any]:
    d, link = a.agency.details, a.agency.link
    return {
        "id": a.id,
        "name": d.name,
        "kind": d.kind,
        "kind_label": kind_label(d.kind),
        "representative": d.representative,
        "email": d.email,
        "source": a.agency.source,
        "status": a.status.value,
        "status_label": a.status.label,
        "due_on": link.due_on.isoformat() if link else None,
        "link_serial": link.serial if link else None,
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
        "removed": removed,
    }


def _case(reference: str) -> agencies.CaseAgencies:
    if not REFERENCE.fullmatch(reference):
        abort(404, f"No case with reference {reference}.")
    try:
        return agencies.case_agencies(container(), reference)
    except agencies.CaseNotFound:
        abort(404, f"No case with reference {reference}.")


def _one(found: agencies.CaseAgencies, agency_id: int) -> agencies.AgencyStatus:
    one = next((a for a in found.agencies if a.id == agency_id), None)
    if one is None:
        abort(404, f"Case {found.reference} has no agency {agency_id}.")
    return one


def _now(reference: str, agency_id: int) -> dict[str, Any]:
    found = agency_now(container(), reference, agency_id)
    return agency_json(found.status, removed=found.removed)


def _details(body: Mapping[str, Any], kept: Mapping[str, Any], today: date) -> dict[str, Any]:
    """What was sent over what is ``kept``, checked as the console checks it: AgencyErrors
    with every message, a value of the wrong JSON type included."""
    sent, wrong = read_body(AGENCY_INPUTS, body)
    values = {**kept, **sent}
    try:
        check_agency(values, today)
    except AgencyErrors as checked:
        wrong = {**checked.errors, **wrong}
    if wrong:
        raise AgencyErrors(wrong)
    return values


@bp.get("/cases/<reference>/agencies", endpoint="agencies")
def list_agencies(reference: str) -> ResponseReturnValue:
    found = _case(reference)
    audit_case_view(reference, "api v1", "case.agencies_viewed")
    return jsonify(agencies=[agency_json(a) for a in found.agencies], returned=found.returned)


@bp.post("/cases/<reference>/agencies", endpoint="add")
def add_agency(reference: str) -> ResponseReturnValue:
    found = _case(reference)
    c, actor = container(), staff_actor()
    refused = agencies.refusal(c, reference, actor, AgencyChange.ADD)
    if refused:
        return action_refused(refused)
    body = json_object()
    if body is None:
        return not_json()
    try:
        if "directory_id" in body:
            picked = body["directory_id"]
            if type(picked) is not int or not 1 <= picked <= MAX_ID:
                return invalid_input((), {"directory_id": CHOOSE})
            made = agencies.add_agency(
                c, reference, {}, actor, directory_id=picked, remote_addr=request.remote_addr
            )
        else:
            values = _details(body, {}, london_date(c.clock()))
            made = agencies.add_agency(c, reference, values, actor, remote_addr=request.remote_addr)
    except AgencyErrors as wrong:
        return invalid_input(AGENCY_INPUTS, wrong.errors)
    except agencies.AgencyNotFound:
        return invalid_input((), {"directory_id": NOT_IN_DIRECTORY})
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    return jsonify(_now(found.reference, made)), 201


@bp.patch("/cases/<reference>/agencies/<int:agency_id>", endpoint="edit")
def edit_agency(reference: str, agency_id: int) -> ResponseReturnValue:
    one = _one(_case(reference), agency_id)
    c, actor = container(), staff_actor()
    refused = agencies.refusal(c, reference, actor, AgencyChange.EDIT)
    if refused:
        return action_refused(refused)
    body = json_object()
    if body is None:
        return not_json()
    d = one.agency.details
    kept = {
        "name": d.name,
        "kind": d.kind,
        "representative": d.representative,
        "email": d.email,
        "phone": d.phone,
    }
    try:
        values = _details(body, kept, london_date(c.clock()))
        agencies.edit_agency(
            c, reference, agency_id, values, actor, remote_addr=request.remote_addr
        )
    except AgencyErrors as wrong:
        return invalid_input(AGENCY_INPUTS, wrong.errors)
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    except agencies.AgencyNotFound:
        abort(404, f"Case {reference} has no agency {agency_id}.")
    return jsonify(_now(reference, agency_id))


@bp.post("/cases/<reference>/agencies/<int:agency_id>/<change>", endpoint="change")
def change_agency(reference: str, agency_id: int, change: str) -> ResponseReturnValue:
    kind = CHANGE_SLUGS.get(change)
    if kind is None:
        abort(404, f"No change {change}: send one of {', '.join(CHANGE_SLUGS)}.")
    _one(_case(reference), agency_id)
    c = container()
    refused = agencies.refusal(c, reference, staff_actor(), kind)
    if refused:
        return action_refused(refused)
    body = json_object()
    if body is None:
        return not_json()
    inputs = CHANGE_FORMS[kind].inputs
    sent, wrong = read_body(inputs, body)
    checked, errors = clean_inputs(inputs, sent, london_date(c.clock()))
    errors.update(wrong)
    if errors:
        return invalid_input(inputs, errors)
    try:
        apply_change(kind, reference, agency_id, str(checked.get("reason", "")))
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    except agencies.AgencyNotFound:
        abort(404, f"Case {reference} has no agency {agency_id}.")
    return jsonify(_now(reference, agency_id))
