"""The ops console: the case list, the dashboard, one case, and document downloads."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, redirect, render_template, request
from flask.typing import ResponseReturnValue

from services.scheduler import agencies, approvals, case_messages, lifecycle, owners, packs
from services.scheduler.case_list import CaseQuery, list_case_page
from services.scheduler.casework import audit_event
from services.scheduler.dashboard import due_this_week
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.queries import CaseDetail, case_detail, case_document
from services.scheduler.web.access import landing_page
from services.scheduler.web.actions import actor_of
from services.scheduler.web.downloads import cannot_download, send_document
from services.scheduler.web.presenters import referral_params
from services.scheduler.web.session import container, current_staff, staff_required
from shared.packs import PACK_KINDS

log = logging.getLogger(__name__)
bp = Blueprint("console", __name__)


@bp.get("/")
def home() -> ResponseReturnValue:
    user = current_staff()
    return redirect(landing_page(user) if user else "/cases")


@bp.get("/cases")
@staff_required
def cases() -> ResponseReturnValue:
    audit_view("cases.listed", "")
    c = container()
    user = current_staff()
    listing = list_case_page(c, CaseQuery.from_args(request.args), user.id if user else None)
    return render_template(
        "cases.html",
        listing=listing,
        routes=[(r.value, r.label) for r in Route],
        states=list(CaseState),
        owners=owners.possible_owners(c),
        page_title="Cases" if listing.page == 1 else f"Cases (page {listing.page})",
    )


@bp.get("/dashboard")
@staff_required
def dashboard() -> ResponseReturnValue:
    c = container()
    return render_template(
        "dashboard.html",
        dashboard=due_this_week(c),
        undelivered=case_messages.needing_attention(c),
        page_title="Due this week",
    )


@bp.get("/cases/<reference>")
@staff_required
def case(reference: str) -> ResponseReturnValue:
    c = container()
    detail = case_detail(c, reference)
    if detail is None:
        abort(404, f"No case with reference {reference}.")
    audit_view("case.viewed", reference, "console")
    return _case_page(detail)


@bp.post("/cases/<reference>/owner")
@staff_required
def owner(reference: str) -> ResponseReturnValue:
    user = current_staff()
    chosen = request.form.get("owner", "")
    try:
        owners.change_owner(
            container(),
            reference,
            owners.parse_owner(chosen),
            actor_id=user.id if user else None,
            actor_email=user.email if user else None,
            remote_addr=request.remote_addr,
        )
    except owners.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    except owners.OwnerRefused as refused:
        detail = case_detail(container(), reference)
        if detail is None:
            abort(404, f"No case with reference {reference}.")
        return _case_page(detail, owner_error=refused.reason, status=400)
    return redirect(f"/cases/{reference}#owner", code=303)


def _case_page(
    detail: CaseDetail,
    owner_error: str | None = None,
    status: int = 200,
    message_error: str | None = None,
) -> ResponseReturnValue:
    c = container()
    reference = detail.summary.reference
    user = current_staff()
    offered = lifecycle.available_actions(c, reference, actor_of(user)) if user else []
    serious = detail.summary.route == Route.SERIOUS_INCIDENT.value
    involved = agencies.case_agencies(c, reference) if serious else None
    prefix = "Error: " if owner_error or message_error else ""
    resent = request.args.get("resent", "")
    return render_template(
        "case.html",
        detail=detail,
        actions=offered,
        involved=involved,
        packs=packs.case_packs(c, reference) if serious else None,
        pack_kinds=PACK_KINDS.values(),
        approval=approvals.approval_status(c, reference) if serious else None,
        referral=referral_params(detail.referral) if detail.referral else None,
        owners=owners.possible_owners(c),
        owner_error=owner_error,
        messages=case_messages.case_messages(c, reference),
        message_error=message_error,
        resent=resent.isdigit(),
        page_title=f"{prefix}Case {reference}",
    ), status


@bp.get("/cases/<reference>/documents/<int:document_id>")
@staff_required
def download(reference: str, document_id: int) -> ResponseReturnValue:
    document = case_document(container(), reference, document_id)
    if document is None:
        abort(404, f"Case {reference} has no document {document_id}.")
    response = send_document(document_id, document.filename, document.sha256)
    if response is None:
        return cannot_download()
    audit_view("document.downloaded", reference, f"document_id={document_id}", document.filename)
    return response


def audit_view(action: str, reference: str, *details: str) -> None:
    """Audit a staff view or download (every one is recorded)."""
    user = current_staff()
    audit_event(
        container(),
        action,
        actor_id=user.id if user else None,
        actor_email=user.email if user else None,
        case_reference=reference or None,
        detail="; ".join(details),
        remote_addr=request.remote_addr,
    )
