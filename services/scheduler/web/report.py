"""The console's Report of Rapid Review (App. iv): its pages on the form definition (the
same pages as the public forms, in the console's layout), check answers and finalise, and
the versions made so far."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.scheduler import report
from services.scheduler.domain.lifecycle import ActionRefused, Actor
from services.scheduler.domain.report import ReportChange
from services.scheduler.web.actions import actor_of
from services.scheduler.web.console import audit_view
from services.scheduler.web.presenters import answers_params
from services.scheduler.web.session import container, current_staff
from shared.form_pages import FormPages, error_links
from shared.forms.model import Page
from shared.forms.present import summary

bp = Blueprint("report", __name__)
FORM = report.FORM
#: the console's own steps under /cases/<reference>/report/: no page of the form takes them
RESERVED = frozenset({"start"})
LAYOUT = {"layout": "console_layout.html", "nav": "cases"}


def _actor() -> Actor:
    user = current_staff()
    if user is None:
        abort(403)
    return actor_of(user)


def _state(reference: str) -> report.ReportState:
    try:
        return report.report_state(container(), reference)
    except report.CaseNotFound:
        abort(404, f"No case with reference {reference}.")


def _page_url(reference: str, page: Page, **extra: Any) -> str:
    return url_for("report.page", reference=reference, page_id=page.id, **extra)


def _item_url(reference: str, page: Page, number: int) -> str:
    return url_for("report.item", reference=reference, page_id=page.id, number=number)


def _editable(reference: str) -> report.ReportDraft:
    found = _state(reference)
    refused = report.refusal(container(), reference, _actor(), ReportChange.EDIT)
    if refused:
        abort(409, refused)
    if found.draft is None:
        return abort(redirect(url_for("report.overview", reference=reference), code=303))
    return found.draft


def _pages(reference: str, draft: report.ReportDraft) -> FormPages:
    overview = url_for("report.overview", reference=reference)
    return FormPages(
        form=FORM,
        editor=report.ReportEditor(container(), _actor()),
        draft=draft,
        ensure_draft=lambda: draft,
        page_url=lambda p, **kw: _page_url(reference, p, **kw),
        item_url=lambda p, n: _item_url(reference, p, n),
        check_url=overview,
        start_url=overview,
        save_later=lambda _: redirect(overview, code=303),
        context={**LAYOUT, "reference": reference},
    )


def _form_page(page_id: str) -> Page:
    found = FORM.page(page_id)
    if found is None:
        abort(404)
    return found


@bp.route("/cases/<reference>/report", methods=["GET", "POST"])
def overview(reference: str) -> ResponseReturnValue:
    """The draft's answers to check (and finalise), or the versions so far."""
    found = _state(reference)
    c = container()
    actor = _actor()
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            checked = report.finalise(c, reference, actor, remote_addr=request.remote_addr)
        except ActionRefused as refused:
            abort(409, refused.reason)
        except report.ReportLocked:
            return redirect(url_for("report.overview", reference=reference), code=303)
        if checked.ok:
            return redirect(url_for("console.case", reference=reference) + "#timeline", code=303)
        found = _state(reference)
        errors = error_links(
            FORM,
            checked.errors,
            lambda p, **kw: _page_url(reference, p, **kw),
            lambda p, n: _item_url(reference, p, n),
            found.draft.answers if found.draft else {},
        )
    else:
        audit_view("case.report_viewed", reference)
    draft = found.draft
    may_edit = not report.refusal(c, reference, actor, ReportChange.EDIT)
    if draft is not None and may_edit:
        may_finalise = not report.refusal(c, reference, actor, ReportChange.FINALISE)
        return render_template(
            "forms/check_answers.html",
            **LAYOUT,
            form_def=FORM,
            sections=summary(FORM, draft.answers),
            errors=errors,
            page_url=lambda p, **kw: _page_url(reference, p, **kw),
            item_url=lambda p, n: _item_url(reference, p, n),
            back=url_for("console.case", reference=reference),
            heading=f"Report of Rapid Review, version {draft.version} (draft)",
            send_heading="Finalise this version" if may_finalise else "Finalise after the meeting",
            declaration="Finalising makes this version final: it cannot be changed, and the "
            "three lead representatives are asked to approve its recommendation."
            if may_finalise
            else "The report is finalised once the Rapid Review meeting is recorded as held. "
            "Your answers are saved as you go.",
            send_text="Finalise the report" if may_finalise else "",
        ), (400 if errors else 200)
    shown = found.newest
    return render_template(
        "report.html",
        **LAYOUT,
        found=found,
        may_edit=may_edit,
        answers=answers_params(shown.form_id, shown.form_version, shown.answers) if shown else None,
        page_title=f"Report of Rapid Review: case {reference}",
    )


@bp.post("/cases/<reference>/report/start")
def start(reference: str) -> ResponseReturnValue:
    try:
        report.start(container(), reference, _actor(), remote_addr=request.remote_addr)
    except report.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    except ActionRefused as refused:
        abort(409, refused.reason)
    return redirect(url_for("report.overview", reference=reference), code=303)


@bp.route("/cases/<reference>/report/<page_id>", methods=["GET", "POST"])
def page(reference: str, page_id: str) -> ResponseReturnValue:
    return _pages(reference, _editable(reference)).page(_form_page(page_id))


@bp.route("/cases/<reference>/report/<page_id>/<int:number>", methods=["GET", "POST"])
def item(reference: str, page_id: str, number: int) -> ResponseReturnValue:
    return _pages(reference, _editable(reference)).item(_form_page(page_id), number)


@bp.route("/cases/<reference>/report/<page_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(reference: str, page_id: str, number: int) -> ResponseReturnValue:
    return _pages(reference, _editable(reference)).remove(_form_page(page_id), number)


@bp.errorhandler(report.ReportLocked)
def locked(_: report.ReportLocked) -> ResponseReturnValue:
    """The version was finalised in another tab: show it as it now is."""
    reference = str((request.view_args or {}).get("reference", ""))
    return redirect(url_for("report.overview", reference=reference), code=303)
