"""The internal file API: other services list and fetch a case's documents.

The scheduler downloads any document by id; intake fetches a case's current referral PDF
by reference, to offer the referrer a copy of their answers. Guarded by the shared
``SERVICE_TOKEN`` bearer token; no cookies, so no CSRF. Every download re-computes the
SHA-256 of the bytes fetched from the store and refuses to hand over bytes that differ from
what was recorded when the file was made.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from services.documents.ports import DocumentRecord, ObjectMissing, StoreError
from services.documents.referral import KIND, PDF, check_reference, sha256_hex

log = logging.getLogger(__name__)

bp = Blueprint("documents_api", __name__, url_prefix="/api")


def _container() -> Any:
    return current_app.extensions["cspr"]


@bp.before_request
def require_service_token() -> None:
    expected = _container().config["SERVICE_TOKEN"]
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected:
        abort(401, description="This service has no SERVICE_TOKEN configured.")
    if scheme.lower() != "bearer" or not given:
        abort(401, description="Send Authorization: Bearer <service token>.")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        abort(401, description="The service token is not valid.")


def _summary(record: DocumentRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "kind": record.kind,
        "version": record.version,
        "source": record.source,
        "template_version": record.template_version,
        "format": record.format,
        "filename": record.filename,
        "content_type": record.content_type,
        "sha256": record.sha256,
        "size": record.size,
        "created_at": record.created_at.isoformat(),
    }


@bp.get("/cases/<reference>/documents")
def case_documents(reference: str) -> ResponseReturnValue:
    records = _container().records.for_case(reference)
    return jsonify(case_reference=reference, documents=[_summary(r) for r in records])


@bp.get("/documents/<int:document_id>/content")
def document_content(document_id: int) -> ResponseReturnValue:
    record = _container().records.get(document_id)
    if record is None:
        abort(404, description=f"No document {document_id}.")
    return _send(record)


@bp.get("/cases/<reference>/referral.pdf")
def referral_pdf(reference: str) -> ResponseReturnValue:
    """The case's referral PDF: its newest version."""
    try:
        check_reference(reference)
    except ValueError:
        abort(404, description="No case with that reference.")
    record = _container().records.latest(reference, KIND, PDF)
    if record is None:
        # made a few seconds after the case opens, so "not yet" is the usual reason
        abort(404, description=f"The referral PDF of {reference} has not been made yet.")
    return _send(record)


def _send(record: DocumentRecord) -> ResponseReturnValue:
    container = _container()
    try:
        data = container.store.get(record.object_key)
    except ObjectMissing:
        log.error("document %s: object missing from the store", record.id)
        abort(502, description="The stored file of this document is missing.")
    except StoreError:
        log.warning("document %s: object store unavailable", record.id)
        abort(503, description="The document store is not answering; try again later.")
    if sha256_hex(data) != record.sha256:
        log.error("document %s: SHA-256 of the stored bytes differs from the record", record.id)
        abort(
            502,
            description="The stored file does not match its recorded SHA-256 "
            "checksum; it was not sent.",
        )
    log.info("document %s sent", record.id)
    return Response(
        data,
        mimetype=record.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{record.filename}"',
            "X-Checksum-SHA256": record.sha256,
            "Cache-Control": "no-store",
        },
    )
