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
from shared.form_pages import FormPages, error_links
from shared.forms.model import Page
from shared.forms.present import summary
from shared.webforms import build_form, raw_of, render_question, show_errors

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


def _pages(token: str, opened: Opened) -> FormPages:
    j = journey()

    def save_later(draft: Any) -> ResponseReturnValue:
        j.save_for_later(opened.draft)
        return redirect(url_for("scoping.saved", token=token), code=303)

    return FormPages(
        form=j.form,
        editor=j,
        draft=opened.draft,
        ensure_draft=lambda: opened.draft,
        page_url=lambda p, **kw: page_url(token, p, **kw),
        item_url=lambda p, n: _item_url(token, p, n),
        check_url=url_for("scoping.check_answers", token=token),
        start_url=url_for("scoping.start", token=token),
        save_later=save_later,
        context=_common(token, opened),
    )


def _form_page(page_id: str) -> Page:
    found = journey().form.page(page_id)
    if found is None:
        abort(404)
    return found


@bp.route("/scoping/<token>/<page_id>", methods=["GET", "POST"])
def page(token: str, page_id: str) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    return _pages(token, opened).page(_form_page(page_id))


def _item_url(token: str, found: Page, number: int) -> str:
    return url_for("scoping.item", token=token, page_id=found.id, number=number)


@bp.route("/scoping/<token>/<page_id>/<int:number>", methods=["GET", "POST"])
def item(token: str, page_id: str, number: int) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    return _pages(token, opened).item(_form_page(page_id), number)


@bp.route("/scoping/<token>/<page_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(token: str, page_id: str, number: int) -> ResponseReturnValue:
    opened = _editable(token)
    if not isinstance(opened, Opened):
        return opened
    return _pages(token, opened).remove(_form_page(page_id), number)


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
        "forms/check_answers.html",
        **_common(token, opened),
        sections=summary(form, opened.draft.answers),
        errors=error_links(
            form,
            checked.errors,
            lambda p, **kw: page_url(token, p, **kw),
            lambda p, n: _item_url(token, p, n),
            opened.draft.answers,
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
