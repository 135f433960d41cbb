"""The Learning from Practice Group's meeting schedule: list, add a date, remove a date."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.scheduler import meetings
from services.scheduler.domain.clocks import london_date
from services.scheduler.store.lifecycle import meetings as scheduled
from services.scheduler.web.date_input import DateAnswer, date_spec, read_date
from services.scheduler.web.session import container, current_staff

bp = Blueprint("meetings", __name__)

HELD_ON = date_spec("held_on", "Date of the meeting", "The date of the meeting")


@bp.route("/meetings", methods=["GET", "POST"])
def schedule() -> ResponseReturnValue:
    c = container()
    today = london_date(c.clock())
    answer = DateAnswer({}, None)
    if request.method == "POST":
        answer = read_date(HELD_ON, request.form, today)
        if answer.value is not None:
            user = current_staff()
            changed = meetings.add_meeting(
                c,
                answer.value,
                actor_id=user.id if user else None,
                actor_email=user.email if user else None,
                remote_addr=request.remote_addr,
            )
            if changed.done:
                return redirect(url_for("meetings.schedule"), code=303)
            answer = DateAnswer(answer.parts, None, "A meeting is already scheduled on that date")
    with c.engine.connect() as conn:
        days = scheduled(conn)
    return render_template(
        "meetings.html",
        upcoming=[d for d in days if d >= today],
        past=sorted((d for d in days if d < today), reverse=True),
        answer=answer,
        page_title=("Error: " if answer.error else "") + "Learning from Practice Group meetings",
    )


@bp.post("/meetings/remove")
def remove() -> ResponseReturnValue:
    try:
        day = date.fromisoformat(request.form.get("held_on", ""))
    except ValueError:
        abort(400, "Choose a meeting to remove from the list.")
    user = current_staff()
    meetings.remove_meeting(
        container(),
        day,
        actor_id=user.id if user else None,
        actor_email=user.email if user else None,
        remote_addr=request.remote_addr,
    )
    return redirect(url_for("meetings.schedule"), code=303)
