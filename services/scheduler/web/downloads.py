"""Handing a stored file to a signed-in person: fetched from the documents service with the
service token, refused unless its checksum is the one recorded, audited."""

from __future__ import annotations

import logging
from urllib.parse import quote

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from services.scheduler.documents_client import DocumentStream, DocumentsUnavailable
from services.scheduler.web.session import container

log = logging.getLogger(__name__)


def send_document(document_id: int, filename: str, sha256: str) -> ResponseReturnValue | None:
    """The file as a download; None when it could not be fetched or is not the file
    recorded (the caller answers, and audits only what was handed over)."""
    try:
        stream = container().documents.open(document_id)
    except DocumentsUnavailable:
        log.warning("download of document %s failed", document_id)
        return None
    if stream.sha256 is not None and stream.sha256.lower() != sha256.lower():
        # not the file recorded: never hand it over
        stream.close()
        log.error("document %s: checksum differs from the recorded one", document_id)
        return None
    return as_download(stream, filename)


def as_download(stream: DocumentStream, filename: str) -> Response:
    """``stream`` handed on as the file ``filename``, never cached, closed when sent."""
    response = Response(stream.chunks, mimetype=stream.content_type)
    response.headers["Content-Disposition"] = attachment(filename)
    response.headers["Cache-Control"] = "no-store"
    if stream.length is not None:
        response.content_length = stream.length
    response.call_on_close(stream.close)
    return response


def cannot_download() -> ResponseReturnValue:
    return render_template(
        "error.html",
        status=502,
        title="Sorry, the document cannot be downloaded now",
        message="The documents service did not send the file. Try again in a few minutes; "
        "if it keeps happening, tell the system administrator.",
    ), 502


def attachment(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if ascii_name == filename:
        return f'attachment; filename="{filename}"'
    return (
        f"attachment; filename=\"{ascii_name or 'document'}\"; filename*=UTF-8''{quote(filename)}"
    )
