"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from services.scheduler import signin
from services.scheduler.casework import audit_event
from services.scheduler.web.access import landing_page
from services.scheduler.web.forms import BAD_CREDENTIALS, SignInForm
from services.scheduler.web.session import (
    container,
    current_staff,
    end_session,
    safe_next,
    start_session,
)

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    asked = request.args.get("next")
    user = current_staff() if request.method == "GET" else None
    if user is not None:
        return redirect(safe_next(asked, landing_page(user)))
    form = SignInForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        c = container()
        outcome = signin.attempt(
            c, form.email.data or "", form.password.data or "", request.remote_addr
        )
        if outcome.user is not None:
            start_session(outcome.user)
            return redirect(safe_next(asked, landing_page(outcome.user)))
        if outcome.throttled:
            form.email.errors = [c.throttle_policy.message]
            window = c.throttle_policy.window.total_seconds()
            status, headers = 429, {"Retry-After": str(int(window))}
        else:
            form.email.errors = [BAD_CREDENTIALS]
        form.password.data = ""
    return (
        render_template(
            "sign_in.html",
            form=form,
            next_url=safe_next(asked, ""),
            expired=request.args.get("expired"),
            max_hours=int(container().session_policy.max_age.total_seconds() // 3600),
        ),
        status,
        headers,
    )


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    user = current_staff()
    if user is not None:
        audit_event(
            container(),
            "staff.signed_out",
            actor_id=user.id,
            actor_email=user.email,
            remote_addr=request.remote_addr,
        )
    end_session()
    return redirect("/sign-in")
