"""A case's messages: the console's Resend button and ``GET /api/v1/cases/{reference}/messages``.

Thin views over ``services/scheduler/case_messages.py``; the list itself is on the case page
(``templates/_messages.html``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from services.notifier.readmodel import MessageView
from services.scheduler import case_messages
from services.scheduler.queries import case_detail
from services.scheduler.web.api import audit_case_view
from services.scheduler.web.api_v1 import REFERENCE
from services.scheduler.web.console import _case_page as case_page
from services.scheduler.web.session import container, current_staff, staff_required
from shared.web import csrf

bp = Blueprint("messages", __name__)
api = Blueprint("api_v1_messages", __name__, url_prefix="/api/v1")
# read-only JSON: nothing to forge
csrf.exempt(api)


@bp.post("/cases/<reference>/messages/<int:message_id>/resend")
@staff_required
def resend(reference: str, message_id: int) -> ResponseReturnValue:
    user = current_staff()
    c = container()
    try:
        case_messages.resend(
            c,
            reference,
            message_id,
            actor_id=user.id if user else None,
            actor_email=user.email if user else None,
            remote_addr=request.remote_addr,
        )
    except case_messages.MessageNotFound:
        abort(404, f"Case {reference} has no message {message_id}.")
    except case_messages.ResendRefused as refused:
        detail = case_detail(c, reference)
        if detail is None:
            abort(404, f"No case with reference {reference}.")
        return case_page(detail, message_error=refused.reason, status=409)
    return redirect(f"/cases/{reference}?resent={message_id}#messages", code=303)


def message_json(m: MessageView) -> dict[str, Any]:
    """A message as the API gives it: never its text."""

    def at(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": m.id,
        "template": m.template,
        "template_label": m.template_label,
        "recipient": m.recipient,
        "subject": m.subject,
        "status": m.status,
        "status_text": m.status_label,
        "backend": m.backend,
        "attempts": m.attempts,
        "last_error": m.last_error,
        "created_at": at(m.created_at),
        "status_at": at(m.status_at),
        "sent_at": at(m.sent_at),
        "delivered_at": at(m.delivered_at),
        "resend_of": m.resend_of,
        "resendable": m.resendable,
    }


@api.get("/cases/<reference>/messages")
def messages(reference: str) -> ResponseReturnValue:
    c = container()
    if not REFERENCE.fullmatch(reference) or not case_messages.case_exists(c, reference):
        abort(404, f"No case with reference {reference}.")
    found = case_messages.case_messages(c, reference)
    audit_case_view(reference, "api v1 messages")
    return jsonify(reference=reference, messages=[message_json(m) for m in found])
