"""Public pages: the start page, each form's start page, its question pages and groups.

Thin views: read the session's draft, hand what was posted to ``journey``, render or
redirect. Check answers, saving, resuming and confirmation are in ``views_finish``.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from services.intake.bootstrap import Container
from services.intake.drafts import Draft
from services.intake.journey import Journey
from shared.form_pages import FormPages
from shared.forms.model import Form, Page
from shared.forms.registry import FORMS, REFERRAL_FORMS, UnknownForm, get_form

SERVICE_NAME = "Learning from Practice referrals"
#: slugs the journey uses itself; no page of a form may take them
RESERVED = frozenset({"new", "check-answers", "save", "saved", "resume", "confirmation"})

bp = Blueprint("intake", __name__)


def container() -> Container:
    found: Container = current_app.extensions["cspr"]
    return found


def journey() -> Journey:
    c = container()
    return Journey(
        drafts=c.drafts,
        referrals=c.referrals,
        queue=c.queue,
        clock=c.clock,
        retention_days=c.config.integer("DRAFT_RETENTION_DAYS"),
    )


def form_or_404(form_id: str) -> Form:
    if form_id not in REFERRAL_FORMS:
        abort(404)
    try:
        return get_form(form_id)
    except UnknownForm:
        abort(404)


def draft_key(form: Form) -> str | None:
    keys = session.get("drafts") or {}
    key = keys.get(form.id)
    return str(key) if key else None


def remember(form: Form, key: str) -> None:
    session["drafts"] = {**(session.get("drafts") or {}), form.id: key}
    session.permanent = True


def forget(form: Form) -> None:
    session["drafts"] = {k: v for k, v in (session.get("drafts") or {}).items() if k != form.id}


def current_draft(form: Form) -> Draft | None:
    return journey().open(draft_key(form))


def session_draft(form: Form) -> Draft:
    """This browser's draft of the form, made (and remembered) on its first save."""
    draft, key = journey().ensure(form, draft_key(form))
    remember(form, key)
    return draft


def open_draft(form: Form) -> Draft | ResponseReturnValue:
    """The draft a finishing step works on, or where to go instead (none, or sent)."""
    draft = current_draft(form)
    if draft is None:
        return redirect(url_for("intake.form_start", form_id=form.id))
    if draft.submitted:
        return submitted_redirect(form, draft)
    return draft


def page_url(form: Form, page: Page, **extra: Any) -> str:
    return url_for("intake.page", form_id=form.id, page_id=page.id, **extra)


#: what the signed session cookie remembers of a submitted referral: its reference, the
#: form, and until when this browser may download the PDF copy
CONFIRMED = "confirmed"


def confirm(form: Form, reference: str) -> None:
    until = time.time() + 60 * container().config.integer("COPY_AVAILABLE_MINUTES")
    session[CONFIRMED] = {"reference": reference, "form": form.id, "until": until}


def submitted_redirect(form: Form, draft: Draft | None = None) -> ResponseReturnValue:
    """A submitted draft's pages all lead to its confirmation (back button, replays)."""
    confirmed = session.get(CONFIRMED) or {}
    if draft is not None and draft.referral_id is not None and confirmed.get("form") != form.id:
        reference = container().referrals.reference_of(draft.referral_id)
        if reference:
            confirm(form, reference)
    return redirect(url_for("intake.confirmation", form_id=form.id), code=303)


@bp.get("/")
def start() -> ResponseReturnValue:
    return render_template("intake/start.html", forms=[FORMS[f] for f in REFERRAL_FORMS])


@bp.get("/referrals/<form_id>")
def form_start(form_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    draft = current_draft(form)
    return render_template(
        "intake/form_start.html",
        form_def=form,
        in_progress=draft is not None and not draft.submitted,
    )


@bp.get("/referrals/<form_id>/new")
def new(form_id: str) -> ResponseReturnValue:
    """Start afresh: forget this browser's draft of the form (it stays until it expires)."""
    form = form_or_404(form_id)
    forget(form)
    return redirect(page_url(form, form.pages[0]))


def pages(form: Form, draft: Draft | None) -> FormPages:
    """The form's pages for this browser's draft (made on its first save)."""
    return FormPages(
        form=form,
        editor=journey(),
        draft=draft,
        ensure_draft=lambda: session_draft(form),
        page_url=lambda p, **kw: page_url(form, p, **kw),
        item_url=lambda p, n: item_url(form, p, n),
        check_url=url_for("intake.check_answers", form_id=form.id),
        start_url=url_for("intake.form_start", form_id=form.id),
        save_later=lambda _: redirect(url_for("intake.save", form_id=form.id), code=303),
    )


def _page_of(form: Form, page_id: str, *, group: bool = False) -> Page:
    found = form.page(page_id)
    if found is None or (group and found.repeating is None):
        abort(404)
    return found


def _editable(form: Form) -> Draft | ResponseReturnValue | None:
    """This browser's draft of the form (None before the first save), or where a sent one
    leads instead."""
    draft = current_draft(form)
    if draft is not None and draft.submitted:
        return submitted_redirect(form, draft)
    return draft


@bp.route("/referrals/<form_id>/<page_id>", methods=["GET", "POST"])
def page(form_id: str, page_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = _page_of(form, page_id)
    draft = _editable(form)
    if draft is not None and not isinstance(draft, Draft):
        return draft
    return pages(form, draft).page(found)


def item_url(form: Form, found: Page, number: int, **extra: Any) -> str:
    return url_for("intake.item", form_id=form.id, page_id=found.id, number=number, **extra)


@bp.route("/referrals/<form_id>/<page_id>/<int:number>", methods=["GET", "POST"])
def item(form_id: str, page_id: str, number: int) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = _page_of(form, page_id, group=True)
    draft = _editable(form)
    if draft is not None and not isinstance(draft, Draft):
        return draft
    return pages(form, draft).item(found, number)


@bp.route("/referrals/<form_id>/<page_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(form_id: str, page_id: str, number: int) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = _page_of(form, page_id, group=True)
    draft = _editable(form)
    if draft is None:
        abort(404)
    if not isinstance(draft, Draft):
        return draft
    return pages(form, draft).remove(found, number)
