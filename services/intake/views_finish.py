"""The end of a journey: check answers and send, save and come back later, the resume link,
the confirmation and the referrer's PDF copy."""

from __future__ import annotations

import time
from datetime import datetime

from flask import Response, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from services.intake.draft_store import DraftGone
from services.intake.drafts import Draft
from services.intake.journey import first_incomplete
from services.intake.ports import CopyUnavailable, QueueUnavailable
from services.intake.references import LONDON
from services.intake.views import (
    CONFIRMED,
    bp,
    confirm,
    container,
    draft_key,
    form_or_404,
    item_url,
    journey,
    open_draft,
    page_url,
    remember,
    submitted_redirect,
)
from shared.form_pages import error_links
from shared.forms.model import Form
from shared.forms.present import summary
from shared.forms.questions import Email

_RESUME_EMAIL = Email(id="email", label="Email address", name="your email address")


@bp.route("/referrals/<form_id>/check-answers", methods=["GET", "POST"])
def check_answers(form_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    draft = open_draft(form)
    if not isinstance(draft, Draft):
        return draft
    j = journey()
    checked = j.check(form, draft)
    show_errors = False
    if request.method == "POST":
        checked, reference = j.submit(form, draft)
        if reference is not None:
            confirm(form, reference)
            return submitted_redirect(form)
        show_errors = True
    return render_template(
        "forms/check_answers.html",
        form_def=form,
        sections=summary(form, draft.answers),
        errors=error_links(
            form,
            checked.errors,
            lambda p, **kw: page_url(form, p, **kw),
            lambda p, n: item_url(form, p, n),
            draft.answers,
        )
        if show_errors
        else [],
        incomplete=not checked.ok,
        page_url=lambda page, **kw: page_url(form, page, **kw),
        item_url=lambda page, n: url_for("intake.item", form_id=form.id, page_id=page.id, number=n),
        back=page_url(form, form.pages[-1]),
    )


@bp.route("/referrals/<form_id>/save", methods=["GET", "POST"])
def save(form_id: str) -> ResponseReturnValue:
    """Ask where to send the link to come back; the answers so far are already saved."""
    form = form_or_404(form_id)
    draft = open_draft(form)
    if not isinstance(draft, Draft):
        return draft
    typed = ""
    error = None
    if request.method == "POST":
        typed = request.form.get("email", "")
        reading = _RESUME_EMAIL.read({"email": [typed]}, journey().today())
        error = reading.error
        if reading.value is not None:
            try:
                expires = journey().send_resume_link(draft, reading.value)
            except (QueueUnavailable, DraftGone):
                error = "The email could not be sent just now. Try again in a few minutes"
            else:
                session["resume_sent"] = {"form": form.id, "expires": expires.isoformat()}
                return redirect(url_for("intake.saved", form_id=form.id), code=303)
    return render_template(
        "intake/save.html",
        form_def=form,
        typed=typed,
        error=error,
        back=url_for("intake.check_answers", form_id=form.id),
    )


@bp.get("/referrals/<form_id>/saved")
def saved(form_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    sent = session.get("resume_sent") or {}
    if sent.get("form") != form.id:
        return redirect(url_for("intake.form_start", form_id=form.id))
    expires = datetime.fromisoformat(sent["expires"]).astimezone(LONDON)
    return render_template("intake/saved.html", form_def=form, expires=expires)


@bp.get("/referrals/<form_id>/resume/<token>")
def resume(form_id: str, token: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    if len(token) > 100:
        return _resume_problem(form)
    resumed = journey().resume(token)
    if resumed is None or resumed[0].form_id != form.id:
        return _resume_problem(form)
    draft, key = resumed
    remember(form, key)
    nxt = first_incomplete(form, journey().check(form, draft))
    if nxt is None:
        return redirect(url_for("intake.check_answers", form_id=form.id), code=303)
    return redirect(page_url(form, nxt), code=303)


def _resume_problem(form: Form) -> ResponseReturnValue:
    return render_template("intake/resume_problem.html", form_def=form), 404


@bp.get("/referrals/<form_id>/confirmation")
def confirmation(form_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    confirmed = session.get(CONFIRMED) or {}
    if confirmed.get("form") != form.id:
        # a replayed submission from this browser: its draft knows the referral
        if draft_key(form) is None:
            return redirect(url_for("intake.start"))
        return redirect(url_for("intake.form_start", form_id=form.id))
    return render_template(
        "intake/confirmation.html",
        form_def=form,
        reference=confirmed["reference"],
        copy_available=time.time() < float(confirmed.get("until", 0)),
    )


@bp.get("/referrals/<form_id>/confirmation/copy.pdf")
def copy(form_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    confirmed = session.get(CONFIRMED) or {}
    if confirmed.get("form") != form.id or time.time() >= float(confirmed.get("until", 0)):
        abort(404)
    reference = str(confirmed["reference"])
    try:
        pdf = container().copies.pdf(reference)
    except CopyUnavailable:
        pdf, problem = None, True
    else:
        problem = False
    if pdf is None:
        return render_template(
            "intake/copy_pending.html", form_def=form, reference=reference, problem=problem
        ), 503 if problem else 202
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}-referral.pdf"',
            "Cache-Control": "no-store",
        },
    )
