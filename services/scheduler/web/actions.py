"""The console's case actions: one small form per action, built from the action's declared
inputs, with a GOV.UK error summary; the rules are the domain's, applied by ``lifecycle``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from services.scheduler import lifecycle
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.inputs import Input, Kind
from services.scheduler.domain.lifecycle import ActionRefused, Actor, InputErrors
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.store.lifecycle import CaseChanged
from services.scheduler.store.staff import StaffUser
from services.scheduler.web.session import container, current_staff

bp = Blueprint("actions", __name__)

_PARTNERS = {"la": Partner.LOCAL_AUTHORITY}


def actor_of(user: StaffUser) -> Actor:
    partner = None
    if user.partner:
        partner = _PARTNERS.get(user.partner) or Partner(user.partner)
    return Actor(Role(user.role), id=user.id, partner=partner, email=user.email)


def read_inputs(specs: Iterable[Input], form: MultiDict[str, str]) -> dict[str, Any]:
    """What the form posted, in the shapes the domain reads (a date as its three parts)."""
    found: dict[str, Any] = {}
    for spec in specs:
        if spec.kind is Kind.DATE:
            found[spec.id] = {p: form.get(f"{spec.id}-{p}", "") for p in ("day", "month", "year")}
        elif spec.kind is Kind.CHECKBOXES:
            found[spec.id] = form.getlist(spec.id)
        else:
            found[spec.id] = form.get(spec.id, "")
    return found


def error_href(spec: Input) -> str:
    return f"#{spec.id}-day" if spec.kind is Kind.DATE else f"#{spec.id}"


def error_list(specs: Iterable[Input], errors: Mapping[str, str]) -> list[dict[str, str]]:
    """The GOV.UK error summary's entries, in the order the form asks."""
    return [{"text": errors[s.id], "href": error_href(s)} for s in specs if s.id in errors]


@bp.route("/cases/<reference>/actions/<key>", methods=["GET", "POST"])
def take(reference: str, key: str) -> ResponseReturnValue:
    user = current_staff()
    action = ACTIONS.get(key)
    if user is None or action is None:
        abort(404)
    c = container()
    actor = actor_of(user)
    try:
        refused = lifecycle.refusal(c, reference, key, actor)
    except lifecycle.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    if refused:
        # the route is open to this role (web/access.py); this action, now, is not: a
        # conflict with the case's state or the action's own rule, said in words
        abort(409, refused)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(action.inputs, request.form)
        try:
            lifecycle.take_action(c, reference, key, values, actor, remote_addr=request.remote_addr)
        except InputErrors as problem:
            errors = problem.errors
        except (ActionRefused, CaseChanged) as refused:
            abort(409, getattr(refused, "reason", str(refused)))
        else:
            return redirect(url_for("console.case", reference=reference) + "#timeline", code=303)
    shown = lifecycle.case_snapshot(c, reference) if action.shows_clock else None
    return render_template(
        "action.html",
        reference=reference,
        action=action,
        clock=shown.clock(action.shows_clock) if shown else None,
        clock_label=c.clock_rules.label(action.shows_clock) if action.shows_clock else "",
        values=values,
        errors=errors,
        error_list=error_list(action.inputs, errors),
        page_title=("Error: " if errors else "") + action.label,
    )
