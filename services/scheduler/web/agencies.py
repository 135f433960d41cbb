"""The console's agencies of a case: the list with each scoping status, adding an agency
(from the directory or typed), changing and removing it, sending one agency its request
again, withdrawing its link, reopening its return, and reading a return."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.scheduler import agencies
from services.scheduler.domain.agencies import same_agency
from services.scheduler.domain.agency_changes import (
    AGENCY_INPUTS,
    CHANGE_FORMS,
    AgencyChange,
    AgencyErrors,
)
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.inputs import clean_inputs
from services.scheduler.domain.lifecycle import ActionRefused, Actor
from services.scheduler.scoping import fetch_return
from services.scheduler.store.agencies import directory
from services.scheduler.web.actions import actor_of, error_list, read_inputs
from services.scheduler.web.console import audit_view
from services.scheduler.web.presenters import answers_params
from services.scheduler.web.session import container, current_staff

bp = Blueprint("agencies", __name__)


def _actor() -> Actor:
    user = current_staff()
    if user is None:
        abort(403)
    return actor_of(user)


def _case(reference: str) -> agencies.CaseAgencies:
    try:
        return agencies.case_agencies(container(), reference)
    except agencies.CaseNotFound:
        abort(404, f"No case with reference {reference}.")


def _one(found: agencies.CaseAgencies, agency_id: int) -> agencies.AgencyStatus:
    one = next((a for a in found.agencies if a.id == agency_id), None)
    if one is None:
        abort(404, f"Case {found.reference} has no agency {agency_id}.")
    return one


def _refused(found: agencies.CaseAgencies, change: AgencyChange) -> str:
    return agencies.refusal(container(), found.reference, _actor(), change)


def _back(reference: str) -> ResponseReturnValue:
    return redirect(url_for("agencies.case_agencies", reference=reference), code=303)


@bp.get("/cases/<reference>/agencies")
def case_agencies(reference: str) -> ResponseReturnValue:
    found = _case(reference)
    audit_view("case.agencies_viewed", reference)
    c = container()
    with c.engine.connect() as conn:
        entries = [
            e
            for e in directory(conn, active_only=True)
            if not any(same_agency(e.details, a.agency.details) for a in found.agencies)
        ]
    actor = _actor()
    may = {change: not agencies.refusal(c, reference, actor, change) for change in AgencyChange}
    return render_template(
        "case_agencies.html",
        case=found,
        directory=entries,
        allowed_changes=may,
        page_title=f"Agencies involved: case {reference}",
    )


@bp.route("/cases/<reference>/agencies/add", methods=["GET", "POST"])
def add(reference: str) -> ResponseReturnValue:
    found = _case(reference)
    refused = _refused(found, AgencyChange.ADD)
    if refused:
        abort(409, refused)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        picked = request.form.get("directory_id", "")
        try:
            if picked:
                if not picked.isdigit():
                    abort(400, "Choose an agency from the list.")
                agencies.add_agency(
                    container(),
                    reference,
                    {},
                    _actor(),
                    directory_id=int(picked),
                    remote_addr=request.remote_addr,
                )
                return _back(reference)
            values = read_inputs(AGENCY_INPUTS, request.form)
            agencies.add_agency(
                container(), reference, values, _actor(), remote_addr=request.remote_addr
            )
            return _back(reference)
        except AgencyErrors as problem:
            errors = problem.errors
        except agencies.AgencyNotFound:
            abort(400, "That agency is not in the directory any more: choose another.")
        except ActionRefused as refusal:
            abort(409, refusal.reason)
    return _agency_form(found, "Add an agency", "Add the agency", values, errors)


@bp.route("/cases/<reference>/agencies/<int:agency_id>/change", methods=["GET", "POST"])
def edit(reference: str, agency_id: int) -> ResponseReturnValue:
    found = _case(reference)
    one = _one(found, agency_id)
    refused = _refused(found, AgencyChange.EDIT)
    if refused:
        abort(409, refused)
    details = one.agency.details
    values: dict[str, Any] = {
        "name": details.name,
        "kind": details.kind,
        "representative": details.representative,
        "email": details.email,
        "phone": details.phone,
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(AGENCY_INPUTS, request.form)
        try:
            agencies.edit_agency(
                container(), reference, agency_id, values, _actor(), remote_addr=request.remote_addr
            )
            return _back(reference)
        except AgencyErrors as problem:
            errors = problem.errors
        except ActionRefused as refusal:
            abort(409, refusal.reason)
    return _agency_form(found, f"Change the details of {one.agency.name}", "Save", values, errors)


def _agency_form(
    found: agencies.CaseAgencies,
    heading: str,
    button: str,
    values: dict[str, Any],
    errors: dict[str, str],
) -> ResponseReturnValue:
    return render_template(
        "agency_form.html",
        case=found,
        heading=heading,
        button=button,
        inputs=AGENCY_INPUTS,
        values=values,
        errors=errors,
        error_list=error_list(AGENCY_INPUTS, errors),
        page_title=("Error: " if errors else "") + heading,
    ), (400 if errors else 200)


#: the changes to one agency, by the last part of their URL (the JSON API's too)
CHANGE_SLUGS = {
    "remove": AgencyChange.REMOVE,
    "send": AgencyChange.SEND,
    "withdraw-link": AgencyChange.REVOKE,
    "reopen": AgencyChange.REOPEN,
}


@bp.route("/cases/<reference>/agencies/<int:agency_id>/<change>", methods=["GET", "POST"])
def change(reference: str, agency_id: int, change: str) -> ResponseReturnValue:
    kind = CHANGE_SLUGS.get(change)
    if kind is None:
        abort(404)
    found = _case(reference)
    one = _one(found, agency_id)
    refused = _refused(found, kind)
    if refused:
        abort(409, refused)
    form = CHANGE_FORMS[kind]
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(form.inputs, request.form)
        checked, errors = clean_inputs(form.inputs, values, london_date(container().clock()))
        if not errors:
            reason = str(checked.get("reason", ""))
            try:
                apply_change(kind, reference, agency_id, reason)
            except ActionRefused as refusal:
                abort(409, refusal.reason)
            except agencies.AgencyNotFound:
                abort(404, f"Case {reference} has no agency {agency_id}.")
            return _back(reference)
    heading = form.heading.format(agency=one.agency.name)
    return render_template(
        "agency_change.html",
        case=found,
        agency=one,
        form=form,
        heading=heading,
        values=values,
        errors=errors,
        error_list=error_list(form.inputs, errors),
        page_title=("Error: " if errors else "") + heading,
    ), (400 if errors else 200)


def apply_change(kind: AgencyChange, reference: str, agency_id: int, reason: str) -> None:
    """Make one change to one agency, as the signed-in (or token's) staff member."""
    c, actor, addr = container(), _actor(), request.remote_addr
    if kind is AgencyChange.REMOVE:
        agencies.remove_agency(c, reference, agency_id, actor, reason, remote_addr=addr)
    elif kind is AgencyChange.SEND:
        agencies.send_request(c, reference, agency_id, actor, reason, remote_addr=addr)
    elif kind is AgencyChange.REVOKE:
        agencies.revoke_link(c, reference, agency_id, actor, reason, remote_addr=addr)
    else:
        agencies.reopen_return(c, reference, agency_id, actor, reason, remote_addr=addr)


@bp.get("/cases/<reference>/agencies/<int:agency_id>/return")
def view_return(reference: str, agency_id: int) -> ResponseReturnValue:
    found = _case(reference)
    one = _one(found, agency_id)
    returned = fetch_return(container(), agency_id)
    if returned is None or returned.status == "draft":
        abort(404, f"{one.agency.name} has not returned its scoping form.")
    audit_view("scoping_return.viewed", reference, f"case_agency_id={agency_id}")
    return render_template(
        "scoping_return.html",
        case=found,
        agency=one,
        returned=returned,
        answers=answers_params(returned.form_id, returned.form_version, returned.answers),
        page_title=f"Scoping return of {one.agency.name}: case {reference}",
    )
