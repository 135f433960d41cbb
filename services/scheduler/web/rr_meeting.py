"""The console's Rapid Review meeting page: the date set and its window, who took part
(add, remove) and whether the meeting is quorate."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.scheduler import rapid_review_meeting as meeting
from services.scheduler.domain.lifecycle import ActionRefused
from services.scheduler.domain.meeting import PARTICIPANT_INPUTS, ParticipantErrors
from services.scheduler.web.actions import actor_of, error_list, read_inputs
from services.scheduler.web.console import audit_view
from services.scheduler.web.session import container, current_staff

bp = Blueprint("rr_meeting", __name__)


def _actor() -> Any:
    user = current_staff()
    if user is None:
        abort(403)
    return actor_of(user)


@bp.route("/cases/<reference>/meeting", methods=["GET", "POST"])
def participants(reference: str) -> ResponseReturnValue:
    c = container()
    try:
        view = meeting.meeting_view(c, reference)
        refused = meeting.refusal(c, reference, _actor())
    except meeting.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if refused:
            abort(409, refused)
        values = read_inputs(PARTICIPANT_INPUTS, request.form)
        try:
            meeting.add_participant(c, reference, values, _actor(), remote_addr=request.remote_addr)
        except ParticipantErrors as problem:
            errors = problem.errors
        except ActionRefused as refusal:
            abort(409, refusal.reason)
        else:
            return redirect(url_for("rr_meeting.participants", reference=reference), code=303)
    else:
        audit_view("case.meeting_viewed", reference)
    title = "Rapid Review meeting"
    return render_template(
        "rr_meeting.html",
        view=view,
        may_change=not refused,
        inputs=PARTICIPANT_INPUTS,
        values=values,
        errors=errors,
        error_list=error_list(PARTICIPANT_INPUTS, errors),
        page_title=("Error: " if errors else "") + f"{title}: case {reference}",
    ), (400 if errors else 200)


@bp.post("/cases/<reference>/meeting/participants/<int:participant_id>/remove")
def remove(reference: str, participant_id: int) -> ResponseReturnValue:
    try:
        meeting.remove_participant(
            container(), reference, participant_id, _actor(), remote_addr=request.remote_addr
        )
    except meeting.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    except ActionRefused as refusal:
        abort(409, refusal.reason)
    return redirect(url_for("rr_meeting.participants", reference=reference), code=303)
