"""The page behind a lead representative's emailed approval link: the recommendation of
one final report version, and the approve-or-disagree form built from the
``decide_recommendation`` action's inputs.

Public (``web/access.py``): the token is the credential, so the person need not be signed
in; the form still carries a CSRF token. A link that cannot be used shows who to contact
and nothing of the case.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from services.scheduler import approval_links as links
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.lifecycle import ActionRefused, InputErrors
from services.scheduler.store.lifecycle import CaseChanged
from services.scheduler.web.actions import error_list, read_inputs
from services.scheduler.web.presenters import lines
from services.scheduler.web.session import container

bp = Blueprint("approval_link", __name__)

ACTION = ACTIONS[links.DECIDE]


def _contact() -> dict[str, str]:
    config = container().config
    return {
        "name": config["PARTNERSHIP_CONTACT_NAME"],
        "phone": config["PARTNERSHIP_CONTACT_PHONE"],
        "email": config["OPS_EMAIL"],
    }


def _cannot_be_used(problem: links.LinkProblem) -> ResponseReturnValue:
    status = 404 if problem is links.LinkProblem.UNKNOWN else 410
    return render_template(
        "approval_link_problem.html",
        problem=problem.value,
        contact=_contact(),
        page_title="This link cannot be used",
        home_url=request.path,
    ), status


@bp.route("/approvals/<token>", methods=["GET", "POST"])
def page(token: str) -> ResponseReturnValue:
    c = container()
    opened = links.open_link(c, token)
    if request.method == "GET" or not isinstance(opened, links.ApprovalLinkView):
        links.audit_link(c, token, opened, remote_addr=request.remote_addr)
    if not isinstance(opened, links.ApprovalLinkView):
        return _cannot_be_used(opened)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = read_inputs(ACTION.inputs, request.form)
        try:
            plan = links.decide(c, token, values, remote_addr=request.remote_addr)
        except links.LinkUnusable as unusable:
            return _cannot_be_used(unusable.problem)
        except InputErrors as problem:
            errors = problem.errors
        except (ActionRefused, CaseChanged):
            return _cannot_be_used(links.LinkProblem.WITHDRAWN)
        else:
            return render_template(
                "approval_link_done.html",
                view=opened,
                decision=plan.values.get("decision"),
                to_state=plan.to_state.value,
                contact=_contact(),
                page_title="Your decision has been recorded",
                home_url=request.path,
            )
    return render_template(
        "approval_link.html",
        view=opened,
        action=ACTION,
        values=values,
        errors=errors,
        error_list=error_list(ACTION.inputs, errors),
        contact=_contact(),
        as_lines=lines,
        page_title=("Error: " if errors else "") + f"Approve or disagree: case {opened.reference}",
        home_url=request.path,
    )
