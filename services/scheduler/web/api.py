"""JSON API: the cases, for signed-in staff or for other services with the service token
(both checked, with the roles allowed, in ``web/access.py``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, request
from flask.typing import ResponseReturnValue

from services.scheduler.casework import audit_event
from services.scheduler.queries import (
    CaseDetail,
    CaseSummary,
    DeadlineView,
    case_detail,
    list_cases,
)
from services.scheduler.web.session import container, current_staff

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/cases")
def cases() -> ResponseReturnValue:
    return jsonify(cases=[summary_json(s) for s in list_cases(container())])


@bp.get("/cases/<reference>")
def case(reference: str) -> ResponseReturnValue:
    c = container()
    detail = case_detail(c, reference)
    if detail is None:
        abort(404, f"No case with reference {reference}.")
    audit_case_view(reference, "api")
    return jsonify(detail_json(detail))


def audit_case_view(reference: str, channel: str, action: str = "case.viewed") -> None:
    """Audit an API read of a case, by the signed-in or token user or the service token."""
    user = None if g.api_service else current_staff()
    audit_event(
        container(),
        action,
        actor_id=user.id if user else None,
        actor_email=user.email if user else None,
        case_reference=reference,
        detail=f"{channel}; service token" if g.api_service else channel,
        remote_addr=request.remote_addr,
    )


def deadline_json(d: DeadlineView) -> dict[str, Any]:
    return {
        "clock": d.clock,
        "label": d.label,
        "starts_on": d.starts_on.isoformat(),
        "due_on": d.due_on.isoformat(),
        "met": d.met,
        "status": d.status.kind,
        "status_text": d.status.text,
        "working_days_left": d.status.working_days_left,
    }


def summary_json(s: CaseSummary) -> dict[str, Any]:
    return {
        "reference": s.reference,
        "route": s.route,
        "state": s.state,
        "received_on": s.received_on.isoformat(),
        "next_deadline": deadline_json(s.next_deadline) if s.next_deadline else None,
        "url": f"/api/cases/{s.reference}",
    }


def detail_json(d: CaseDetail) -> dict[str, Any]:
    row = d.case
    return {
        **summary_json(d.summary),
        "received_at": row.received_at.isoformat(),
        "opened_at": row.opened_at.isoformat(),
        # the answers as stored, in the shape the form's JSON Schema describes
        "referral": {
            "form": d.referral.form_id,
            "version": d.referral.form_version,
            "answers": d.referral.answers,
        }
        if d.referral
        else None,
        "deadlines": [deadline_json(x) for x in d.deadlines],
        "documents": [
            {
                "document_id": doc.document_id,
                "kind": doc.kind,
                "format": doc.format,
                "filename": doc.filename,
                "sha256": doc.sha256,
                "size": doc.size,
                "download_url": f"/cases/{row.reference}/documents/{doc.document_id}",
            }
            for doc in d.documents
        ],
    }
