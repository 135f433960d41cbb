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
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from services.intake.bootstrap import Container
from services.intake.drafts import Draft
from services.intake.journey import Journey
from services.intake.webforms import build_form, raw_of, render_question, show_errors
from shared.forms.checks import check_item, check_page
from shared.forms.model import Form, Page
from shared.forms.present import page_view
from shared.forms.registry import FORMS, REFERRAL_FORMS, UnknownForm, get_form
from shared.forms.repeating import Repeating

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


def onwards(form: Form, url: str) -> ResponseReturnValue:
    """After a page is kept: "Save and come back later" asks where to send the link."""
    if request.form.get("action") == "save":
        url = url_for("intake.save", form_id=form.id)
    return redirect(url, code=303)


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


def after(form: Form, page: Page) -> str:
    """Where Continue goes: back to check answers when changing an answer, else onwards."""
    following = form.next_page(page)
    if request.args.get("change") or following is None:
        return url_for("intake.check_answers", form_id=form.id)
    return page_url(form, following)


def back_link(form: Form, page: Page) -> str:
    if request.args.get("change"):
        return url_for("intake.check_answers", form_id=form.id)
    previous = form.previous_page(page)
    return page_url(form, previous) if previous else url_for("intake.form_start", form_id=form.id)


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


@bp.route("/referrals/<form_id>/<page_id>", methods=["GET", "POST"])
def page(form_id: str, page_id: str) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = form.page(page_id)
    if found is None:
        abort(404)
    draft = current_draft(form)
    if draft is not None and draft.submitted:
        return submitted_redirect(form, draft)
    if found.repeating:
        return group_list(form, found, draft)
    answers = draft.answers if draft else {}
    pending = draft.pending.get(found.id) if draft else None
    posted = request.form.to_dict(flat=False) if request.method == "POST" else None
    shown = posted if posted is not None else pending or raw_of(found.questions, answers)
    web = build_form(found.questions, shown, "PageForm")
    if posted is not None:
        if web.validate_on_submit():
            draft = session_draft(form)
            errors = journey().save_page(draft, found, posted)
            if request.form.get("action") == "save" or not errors:
                return onwards(form, after(form, found))
            show_errors(web, errors)
    elif pending:
        show_errors(web, journey_errors(found, pending))
    return render_template(
        "intake/question_page.html",
        form_def=form,
        page=found,
        section=form.section_of(found),
        form=web,
        render_question=render_question,
        back=back_link(form, found),
    )


def journey_errors(found: Page, pending: dict[str, list[str]]) -> dict[str, str]:
    return check_page(found, pending, journey().today()).errors


def group_list(form: Form, found: Page, draft: Draft | None) -> ResponseReturnValue:
    group: Repeating = found.repeating  # type: ignore[assignment]
    answers = draft.answers if draft else {}
    items = page_view(found, answers).items
    error = None
    if request.method == "POST":
        choice = request.form.get("add_another")
        if request.form.get("action") == "save":
            session_draft(form)
            return onwards(form, "")
        if choice == "yes" and len(items) < group.max_items:
            return redirect(item_url(form, found, len(items) + 1), code=303)
        if choice == "no" or len(items) >= group.max_items:
            if len(items) < group.min_items:
                error = group.too_few()
            else:
                return redirect(after(form, found), code=303)
        else:
            error = f"Select yes if you need to add {'another' if items else 'a'} {group.item_name}"
    return render_template(
        "intake/group_list.html",
        form_def=form,
        page=found,
        group=group,
        section=form.section_of(found),
        items=items,
        error=error,
        item_url=lambda n: item_url(form, found, n),
        back=back_link(form, found),
        change=request.args.get("change"),
    )


def item_url(form: Form, found: Page, number: int, **extra: Any) -> str:
    return url_for("intake.item", form_id=form.id, page_id=found.id, number=number, **extra)


@bp.route("/referrals/<form_id>/<page_id>/<int:number>", methods=["GET", "POST"])
def item(form_id: str, page_id: str, number: int) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = form.page(page_id)
    if found is None or found.repeating is None:
        abort(404)
    group = found.repeating
    draft = current_draft(form)
    if draft is not None and draft.submitted:
        return submitted_redirect(form, draft)
    items = journey().items(draft, group) if draft else []
    if not 1 <= number <= min(len(items) + 1, group.max_items):
        abort(404)
    slot = f"{found.id}/{number}"
    pending = draft.pending.get(slot) if draft else None
    current = items[number - 1] if number <= len(items) else {}
    posted = request.form.to_dict(flat=False) if request.method == "POST" else None
    shown = posted if posted is not None else pending or raw_of(group.questions, current)
    web = build_form(group.questions, shown, "ItemForm")
    if posted is not None:
        if web.validate_on_submit():
            errors = journey().save_item(session_draft(form), found, number, posted)
            if request.form.get("action") == "save" or not errors:
                return onwards(form, page_url(form, found))
            show_errors(web, errors)
    elif pending:
        show_errors(web, check_item(group, pending, journey().today()).errors)
    return render_template(
        "intake/group_item.html",
        form_def=form,
        page=found,
        group=group,
        number=number,
        section=form.section_of(found),
        form=web,
        render_question=render_question,
        back=page_url(form, found),
    )


@bp.route("/referrals/<form_id>/<page_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(form_id: str, page_id: str, number: int) -> ResponseReturnValue:
    form = form_or_404(form_id)
    found = form.page(page_id)
    draft = current_draft(form)
    if found is None or found.repeating is None or draft is None:
        abort(404)
    if draft.submitted:
        return submitted_redirect(form, draft)
    items = page_view(found, draft.answers).items
    if not 1 <= number <= len(items):
        abort(404)
    error = None
    if request.method == "POST":
        choice = request.form.get("confirm")
        if choice == "yes":
            journey().remove_item(draft, found, number)
        if choice in ("yes", "no"):
            return redirect(page_url(form, found), code=303)
        error = f"Select yes if you want to remove {items[number - 1].title}"
    return render_template(
        "intake/group_remove.html",
        form_def=form,
        page=found,
        title=items[number - 1].title,
        error=error,
        back=page_url(form, found),
    )
