"""The partnership's agency directory: the list, adding and changing an entry, making one
inactive or active again (the rules and the audit are in ``services.scheduler.directory``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.scheduler import directory
from services.scheduler.domain.agency_changes import AGENCY_INPUTS, AgencyErrors
from services.scheduler.web.actions import error_list, read_inputs
from services.scheduler.web.session import container, current_staff

bp = Blueprint("directory", __name__)


def _keeper() -> directory.Keeper:
    user = current_staff()
    return directory.Keeper(
        user.id if user else None, user.email if user else None, request.remote_addr
    )


def _listed() -> ResponseReturnValue:
    return redirect(url_for("directory.entries"), code=303)


@bp.get("/agencies")
def entries() -> ResponseReturnValue:
    return render_template(
        "directory.html",
        entries=directory.entries(container()),
        page_title="The partnership's agencies",
    )


@bp.route("/agencies/add", methods=["GET", "POST"])
def add() -> ResponseReturnValue:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(AGENCY_INPUTS, request.form)
        try:
            directory.save_entry(container(), values, _keeper())
            return _listed()
        except AgencyErrors as problem:
            errors = problem.errors
    return _form("Add an agency", "Add the agency", values, errors)


@bp.route("/agencies/<int:entry_id>", methods=["GET", "POST"])
def edit(entry_id: int) -> ResponseReturnValue:
    try:
        found = directory.entry(container(), entry_id)
    except directory.EntryNotFound:
        abort(404, f"The directory has no agency {entry_id}.")
    d = found.details
    values: dict[str, Any] = {
        "name": d.name,
        "kind": d.kind,
        "representative": d.representative,
        "email": d.email,
        "phone": d.phone,
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(AGENCY_INPUTS, request.form)
        try:
            directory.save_entry(container(), values, _keeper(), entry_id=entry_id)
            return _listed()
        except AgencyErrors as problem:
            errors = problem.errors
        except directory.EntryNotFound:
            abort(404, f"The directory has no agency {entry_id}.")
    return _form(f"Change the details of {d.name}", "Save", values, errors)


@bp.post("/agencies/<int:entry_id>/active")
def set_active(entry_id: int) -> ResponseReturnValue:
    wanted = request.form.get("active", "")
    if wanted not in ("yes", "no"):
        abort(400, "Choose whether the agency is to be active.")
    try:
        directory.set_active(container(), entry_id, wanted == "yes", _keeper())
    except directory.EntryNotFound:
        abort(404, f"The directory has no agency {entry_id}.")
    return _listed()


def _form(
    heading: str, button: str, values: dict[str, Any], errors: dict[str, str]
) -> ResponseReturnValue:
    return render_template(
        "directory_form.html",
        heading=heading,
        button=button,
        inputs=AGENCY_INPUTS,
        values=values,
        errors=errors,
        error_list=error_list(AGENCY_INPUTS, errors),
        page_title=("Error: " if errors else "") + heading,
    ), (400 if errors else 200)
