"""Packs in JSON API v1 and on the case page: ask for one (202 and its id), see how its
build is going, download its PDF or .zip once built (fetched from documents, checksum
checked, audited)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue

from services.documents.readmodel import fetch_stored_file
from services.scheduler import packs
from services.scheduler.web.actions import actor_of
from services.scheduler.web.api import audit_case_view
from services.scheduler.web.api_v1 import (
    REFERENCE,
    action_refused,
    json_object,
    not_json,
    problem,
    staff_actor,
)
from services.scheduler.web.console import audit_view
from services.scheduler.web.downloads import cannot_download, send_document
from services.scheduler.web.session import container, current_staff
from shared.packs import DONE, PACK_FORMATS, PACK_KINDS
from shared.web import csrf

api = Blueprint("api_v1_packs", __name__, url_prefix="/api/v1")
# JSON bodies only (a cross-site form cannot send one), so no CSRF token is asked for
csrf.exempt(api)
console = Blueprint("packs", __name__)

KIND_ERROR = "Choose which pack to build: " + " or ".join(f'"{k}"' for k in PACK_KINDS)


def pack_json(p: packs.PackStatus) -> dict[str, Any]:
    done = p.status == DONE
    return {
        "id": p.id,
        "case_reference": p.case_reference,
        "kind": p.kind.name,
        "title": p.kind.title,
        "status": p.status,
        "status_label": p.status_label,
        "progress": {"done": p.done, "total": p.total},
        "requested_at": p.requested_at.isoformat(),
        "requested_by": p.requested_by,
        "finished_at": p.finished_at.isoformat() if p.finished_at else None,
        "attempts": p.attempts,
        "reason": p.failure or None,
        "version": p.version if done else None,
        "files": {fmt: f"/api/v1/packs/{p.id}/{fmt}" for fmt in PACK_FORMATS} if done else None,
    }


@api.post("/cases/<reference>/packs")
def request_pack(reference: str) -> ResponseReturnValue:
    body = json_object()
    if body is None:
        return not_json()
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in PACK_KINDS:
        return problem(422, "invalid_input", KIND_ERROR, errors={"kind": KIND_ERROR})
    if not REFERENCE.fullmatch(reference):
        return problem(404, "not_found", f"No case with reference {reference}.")
    try:
        made = packs.request_pack(container(), reference, kind, staff_actor())
    except packs.CaseNotFound:
        return problem(404, "not_found", f"No case with reference {reference}.")
    except packs.PackRefused as refused:
        return action_refused(str(refused))
    except packs.QueueDown:
        return problem(503, "unavailable", "The pack could not be queued; try again shortly.")
    audit_case_view(reference, f"api v1; pack {made.id} requested ({kind})", "pack.requested")
    return pack_json(made), 202, {"Location": f"/api/v1/packs/{made.id}"}


def _pack(pack_id: int) -> packs.PackStatus:
    found = packs.pack_status(container(), pack_id)
    if found is None:
        abort(404, f"No pack {pack_id}.")
    return found


@api.get("/packs/<int:pack_id>")
def pack(pack_id: int) -> ResponseReturnValue:
    found = _pack(pack_id)
    audit_case_view(found.case_reference, f"api v1; pack {pack_id}")
    return pack_json(found)


def _send(found: packs.PackStatus, fmt: str) -> ResponseReturnValue | None:
    """The pack's file, audited; None when it is not there to send."""
    document_id = found.pdf_document_id if fmt == "pdf" else found.zip_document_id
    if found.status != DONE or document_id is None:
        return None
    with container().engine.connect() as conn:
        stored = fetch_stored_file(conn, document_id)
    if stored is None or stored.case_reference != found.case_reference:
        return None
    response = send_document(document_id, stored.filename, stored.sha256)
    if response is not None:
        audit_view(
            "document.downloaded",
            found.case_reference,
            f"document_id={document_id}",
            f"pack {found.id}",
            stored.filename,
        )
    return response


@api.get("/packs/<int:pack_id>/<fmt>")
def pack_file(pack_id: int, fmt: str) -> ResponseReturnValue:
    if fmt not in PACK_FORMATS:
        return problem(404, "not_found", f"A pack's files are {' and '.join(PACK_FORMATS)}.")
    found = _pack(pack_id)
    if found.status != DONE:
        return problem(409, "not_ready", f"Pack {pack_id} is {found.status_label.lower()}.")
    response = _send(found, fmt)
    if response is None:
        return problem(502, "unavailable", "The documents service did not send the file.")
    return response


@console.post("/cases/<reference>/packs")
def build(reference: str) -> ResponseReturnValue:
    user = current_staff()
    if user is None:  # web/access.py admits only signed-in staff with the role
        abort(403)
    kind = request.form.get("kind", "")
    if kind not in PACK_KINDS:
        abort(400, KIND_ERROR)
    try:
        packs.request_pack(container(), reference, kind, actor_of(user))
    except packs.CaseNotFound:
        abort(404, f"No case with reference {reference}.")
    except packs.PackRefused as refused:
        abort(409, str(refused))
    except packs.QueueDown:
        abort(503, "The pack could not be queued. Try again in a few minutes.")
    audit_view("pack.requested", reference, kind)
    return redirect(url_for("console.case", reference=reference) + "#packs", 303)


@console.get("/cases/<reference>/packs/<int:pack_id>/<fmt>")
def download(reference: str, pack_id: int, fmt: str) -> ResponseReturnValue:
    if fmt not in PACK_FORMATS:
        abort(404, f"A pack's files are {' and '.join(PACK_FORMATS)}.")
    found = packs.pack_status(container(), pack_id)
    if found is None or found.case_reference != reference:
        abort(404, f"Case {reference} has no pack {pack_id}.")
    if found.status != DONE:
        abort(404, f"Pack {pack_id} is not built yet.")
    return _send(found, fmt) or cannot_download()
