"""The Initial Scoping and Information Sharing form (App. iii) behind an agency's link:
its start page, "not known to our agency", the question and group pages, check answers,
saved and confirmation. Thin views over ``scoping.ScopingJourney``.

The link is the only credential: no page says anything about the case until the link is
checked, and a link that does not work says only what happened and whom to contact.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.intake.scoping import (
    LinkProblem,
    Opened,
    ReturnLocked,
    ScopingJourney,
)
from services.intake.views import container
from services.intake.views_finish import error_links
from services.intake.webforms import build_form, raw_of, render_question, show_errors
from shared.forms.checks import check_item, check_page
from shared.forms.model import Page
from shared.forms.present import page_view, summary

bp = Blueprint("scoping", __name__)
#: journey steps under /scoping/<token>/: no page of the scoping form may take these slugs
RESERVED = frozenset({"not-known", "check-answers", "saved", "confirmation"})

_PROBLEMS = {
    LinkProblem.UNKNOWN: (404, "This link is not recognised"),
    LinkProblem.EXPIRED: (410, "This link has expired"),
    LinkProblem.WITHDRAWN: (410, "This link has been withdrawn"),
}


def journey() -> ScopingJourney:
    c = container()
    return ScopingJourney(
        links=c.scoping_links, returns=c.scoping_returns, reports=c.queue, clock=c.clock
    )


def contact() -> dict[str, str]:
    config = container().config
    return {
        "name": config["PARTNERSHIP_CONTACT_NAME"],
        "phone": config["PARTNERSHIP_CONTACT_PHONE"],
        "email": config["OPS_EMAIL"],
    }


def _open(token: str) -> Opened:
    """The link's return, or the end of the request with a page saying what happened."""
    found = journey().open(token)
    if isinstance(found, LinkProblem):
        status, title = _PROBLEMS[found]
        page = render_template(
            "scoping/link_problem.html", problem=found.value, title=title, contact=contact()
        )
        abort(make_response(page, status))
    return found


def _editable(token: str) -> Opened | ResponseReturnValue:
    opened = _open(token)
    if opened.draft.submitted:
        return redirect(url_for("scoping.start", token=token), code=303)
    return opened


def page_url(token: str, page: Page, **extra: Any) -> str:
    return url_for("scoping.page", token=token, page_id=page.id, **extra)


def _after(token: str, page: Page) -> str:
    form = journey().form
    following = form.next_page(page)
    if request.args.get("change") or following is None:
        return url_for("scoping.check_answers", token=token)
    return page_url(token, following)


def _back(token: str, page: Page) -> str:
    form = journey().form
    if request.args.get("change"):
        return url_for("scoping.check_answers", token=token)
    previous = form.previous_page(page)
    return page_url(token, previous) if previous else url_for("scoping.start", token=token)


def _onwards(token: str, opened: Opened, url: str) -> ResponseReturnValue:
    if request.form.get("action") == "save":
        journey().save_for_later(opened.draft)
        return redirect(url_for("scoping.saved", token=token), code=303)
    return redirect(url, code=303)


def _common(token: str, opened: Opened) -> dict[str, Any]:
    return {
        "token": token,
        "request": opened.request,
        "form_def": journey().form,
        "home_url": url_for("scoping.start", token=token),
    }


@bp.get("/scoping/<token>")
def start(token: str) -> ResponseReturnValue:
    opened = _open(token)
    form = journey().form
    if opened.draft.submitted:
        return render_template(
            "scoping/returned.html",
            **_common(token, opened),
            draft=opened.draft,
            sections=summary(form, opened.draft.answers)
            if opened.draft.status == "returned"
            else [],
            contact=contact(),
        )
    return render_template(
        "scoping/start.html",
        **_common(token, opened),
        draft=opened.draft,
        first=page_url(token, form.pages[0]),
        contact=contact(),
    )


@bp.route("/scoping/<token>/not-known", methods=["GET", "POST"])
def not_known(token: str) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    j = journey()
    found = j.contact_page()
    posted = request.form.to_dict(flat=False) if request.method == "POST" else None
    web = build_form(
        found.questions, posted or raw_of(found.questions, opened.draft.answers), "NotKnownForm"
    )
    if posted is not None and web.validate_on_submit():
        errors = j.not_known(opened.draft, posted)
        if not errors:
            return redirect(url_for("scoping.confirmation", token=token), code=303)
        show_errors(web, errors)
    return render_template(
        "scoping/not_known.html",
        **_common(token, opened),
        page=found,
        form=web,
        render_question=render_question,
        back=url_for("scoping.start", token=token),
    )


@bp.route("/scoping/<token>/<page_id>", methods=["GET", "POST"])
def page(token: str, page_id: str) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    j = journey()
    found = j.form.page(page_id)
    if found is None:
        abort(404)
    if found.repeating:
        return _group_list(token, opened, found)
    draft = opened.draft
    pending = draft.pending.get(found.id)
    posted = request.form.to_dict(flat=False) if request.method == "POST" else None
    shown = posted if posted is not None else pending or raw_of(found.questions, draft.answers)
    web = build_form(found.questions, shown, "PageForm")
    if posted is not None:
        if web.validate_on_submit():
            errors = j.save_page(draft, found, posted)
            if request.form.get("action") == "save" or not errors:
                return _onwards(token, opened, _after(token, found))
            show_errors(web, errors)
    elif pending:
        show_errors(web, check_page(found, pending, j.today()).errors)
    return render_template(
        "intake/question_page.html",
        **_common(token, opened),
        page=found,
        section=j.form.section_of(found),
        form=web,
        render_question=render_question,
        back=_back(token, found),
    )


def _group_list(token: str, opened: Opened, found: Page) -> ResponseReturnValue:
    group = found.repeating
    assert group is not None
    items = page_view(found, opened.draft.answers).items
    error = None
    if request.method == "POST":
        choice = request.form.get("add_another")
        if request.form.get("action") == "save":
            return _onwards(token, opened, "")
        if choice == "yes" and len(items) < group.max_items:
            return redirect(_item_url(token, found, len(items) + 1), code=303)
        if choice == "no" or len(items) >= group.max_items:
            if len(items) < group.min_items:
                error = group.too_few()
            else:
                return redirect(_after(token, found), code=303)
        else:
            error = f"Select yes if you need to add {'another' if items else 'a'} {group.item_name}"
    return render_template(
        "intake/group_list.html",
        **_common(token, opened),
        page=found,
        group=group,
        section=journey().form.section_of(found),
        items=items,
        error=error,
        item_url=lambda n: _item_url(token, found, n),
        back=_back(token, found),
        change=request.args.get("change"),
    )


def _item_url(token: str, found: Page, number: int) -> str:
    return url_for("scoping.item", token=token, page_id=found.id, number=number)


@bp.route("/scoping/<token>/<page_id>/<int:number>", methods=["GET", "POST"])
def item(token: str, page_id: str, number: int) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    j = journey()
    found = j.form.page(page_id)
    if found is None or found.repeating is None:
        abort(404)
    group = found.repeating
    draft = opened.draft
    items = j.items(draft, group)
    if not 1 <= number <= min(len(items) + 1, group.max_items):
        abort(404)
    slot = f"{found.id}/{number}"
    pending = draft.pending.get(slot)
    current = items[number - 1] if number <= len(items) else {}
    posted = request.form.to_dict(flat=False) if request.method == "POST" else None
    shown = posted if posted is not None else pending or raw_of(group.questions, current)
    web = build_form(group.questions, shown, "ItemForm")
    if posted is not None:
        if web.validate_on_submit():
            errors = j.save_item(draft, found, number, posted)
            if request.form.get("action") == "save" or not errors:
                return _onwards(token, opened, page_url(token, found))
            show_errors(web, errors)
    elif pending:
        show_errors(web, check_item(group, pending, j.today()).errors)
    return render_template(
        "intake/group_item.html",
        **_common(token, opened),
        page=found,
        group=group,
        number=number,
        section=j.form.section_of(found),
        form=web,
        render_question=render_question,
        back=page_url(token, found),
    )


@bp.route("/scoping/<token>/<page_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(token: str, page_id: str, number: int) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    found = journey().form.page(page_id)
    if found is None or found.repeating is None:
        abort(404)
    items = page_view(found, opened.draft.answers).items
    if not 1 <= number <= len(items):
        abort(404)
    error = None
    if request.method == "POST":
        choice = request.form.get("confirm")
        if choice == "yes":
            journey().remove_item(opened.draft, found, number)
        if choice in ("yes", "no"):
            return redirect(page_url(token, found), code=303)
        error = f"Select yes if you want to remove {items[number - 1].title}"
    return render_template(
        "intake/group_remove.html",
        **_common(token, opened),
        page=found,
        title=items[number - 1].title,
        error=error,
        back=page_url(token, found),
    )


@bp.route("/scoping/<token>/check-answers", methods=["GET", "POST"])
def check_answers(token: str) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    j = journey()
    form = j.form
    checked = j.check(opened.draft)
    show = False
    if request.method == "POST":
        checked = j.submit(opened.draft)
        if checked.ok:
            return redirect(url_for("scoping.confirmation", token=token), code=303)
        show = True
    return render_template(
        "intake/check_answers.html",
        **_common(token, opened),
        sections=summary(form, opened.draft.answers),
        errors=error_links(
            form,
            checked.errors,
            lambda p, **kw: page_url(token, p, **kw),
            lambda p, n: _item_url(token, p, n),
        )
        if show
        else [],
        incomplete=not checked.ok,
        page_url=lambda p, **kw: page_url(token, p, **kw),
        item_url=lambda p, n: _item_url(token, p, n),
        back=page_url(token, form.pages[-1]),
        heading="Check your answers before returning the form",
        send_heading="Now return the form",
        declaration="By returning this form you confirm that, to the best of your knowledge, "
        "the information you are providing is correct. You will not be able to change it "
        "after it is returned unless the partnership reopens it.",
        send_text="Return the form",
    )


@bp.get("/scoping/<token>/saved")
def saved(token: str) -> ResponseReturnValue:
    opened = _open(token)
    return render_template("scoping/saved.html", **_common(token, opened), contact=contact())


@bp.get("/scoping/<token>/confirmation")
def confirmation(token: str) -> ResponseReturnValue:
    opened = _open(token)
    if not opened.draft.submitted:
        return redirect(url_for("scoping.start", token=token), code=303)
    return render_template(
        "scoping/confirmation.html", **_common(token, opened), draft=opened.draft, contact=contact()
    )


def locked(_: ReturnLocked) -> ResponseReturnValue:
    """The return was submitted in another tab while this one was open."""
    token = (request.view_args or {}).get("token", "")
    return redirect(url_for("scoping.start", token=token), code=303)
