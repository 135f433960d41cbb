"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from services.scheduler.accounts import authenticate, known_email
from services.scheduler.casework import audit_event
from services.scheduler.web.forms import BAD_CREDENTIALS, SignInForm
from services.scheduler.web.session import container, current_staff, safe_next, start_session

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET" and current_staff() is not None:
        return redirect(next_url)
    form = SignInForm()
    if form.validate_on_submit():
        c = container()
        user = authenticate(c, form.email.data or "", form.password.data or "")
        if user is not None:
            start_session(user)
            audit_event(
                c,
                "staff.signed_in",
                actor_id=user.id,
                actor_email=user.email,
                remote_addr=request.remote_addr,
            )
            return redirect(next_url)
        # the typed email is recorded only when it is an account's: it might be a password
        known = known_email(c, form.email.data or "")
        audit_event(
            c,
            "staff.sign_in_failed",
            actor_id=known.id if known else None,
            actor_email=known.email if known else None,
            detail="wrong password or inactive account" if known else "unknown email address",
            remote_addr=request.remote_addr,
        )
        form.email.errors = [BAD_CREDENTIALS]
        form.password.data = ""
    return render_template(
        "sign_in.html",
        form=form,
        next_url=next_url,
        expired=request.args.get("expired") == "1",
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
    session.clear()
    g.staff = None
    return redirect("/sign-in")
