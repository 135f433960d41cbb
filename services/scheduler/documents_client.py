"""The documents service as the scheduler sees it: a port and its HTTP adapter.

Staff download generated documents through the ops console; the bytes live in the documents
service (S3 behind it), which only answers callers holding the shared service token.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

CHUNK = 64 * 1024


class DocumentsUnavailable(RuntimeError):
    """The documents service could not hand over a document (down, refused, missing)."""


@dataclass
class DocumentStream:
    content_type: str
    length: int | None
    chunks: Iterator[bytes]
    _close: Any = field(default=None, repr=False)
    #: the checksum the documents service vouches for (X-Checksum-SHA256), when it sends one
    sha256: str | None = None

    def close(self) -> None:
        if self._close is not None:
            self._close()


class DocumentsClient(Protocol):
    def open(self, document_id: int) -> DocumentStream:
        """Start fetching a document's bytes; raises DocumentsUnavailable."""
        ...


class DocumentsHttp:
    """Where the documents service answers, and the service token every call carries."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("DOCUMENTS_URL must be an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout


def response_stream(response: Any) -> DocumentStream:
    """A file the documents service is sending, read as it is handed on."""
    length = response.headers.get("Content-Length")
    return DocumentStream(
        content_type=response.headers.get_content_type() or "application/octet-stream",
        length=int(length) if length and length.isdigit() else None,
        chunks=_read_chunks(response),
        _close=response.close,
        sha256=response.headers.get("X-Checksum-SHA256"),
    )


class HttpDocumentsClient(DocumentsHttp):
    """``GET {base_url}/api/documents/<id>/content`` with the service bearer token."""

    def open(self, document_id: int) -> DocumentStream:
        url = f"{self.base_url}/api/documents/{int(document_id)}/content"
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url, headers={"Authorization": f"Bearer {self._token}"}
        )
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            exc.close()
            log.warning("documents service answered %s for document %s", exc.code, document_id)
            raise DocumentsUnavailable(f"documents service answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            log.warning(
                "documents service unreachable for document %s: %s", document_id, type(exc).__name__
            )
            raise DocumentsUnavailable("documents service unreachable") from exc
        return response_stream(response)


def _read_chunks(response: Any) -> Iterator[bytes]:
    try:
        while True:
            chunk = response.read(CHUNK)
            if not chunk:
                return
            yield chunk
    finally:
        response.close()
