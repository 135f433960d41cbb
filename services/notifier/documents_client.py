"""The documents service as the notifier sees it: a port, its HTTP adapter, and the check
that makes a fetched file fit to attach.

A letter's bytes live in the documents service (S3 behind it), which answers only callers
holding the shared service token: ``GET {DOCUMENTS_URL}/api/documents/<id>/content`` sends
the bytes with their content type, file name and the SHA-256 recorded when the file was
made (``X-Checksum-SHA256``). The notifier checks the bytes against that checksum itself
before attaching them: a file altered or cut short on the way is never emailed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import Protocol

from services.notifier.backends import Attachment

log = logging.getLogger(__name__)

#: a letter is tens of kilobytes; refuse anything absurd rather than hold it in memory (and
#: most relays refuse messages over 10 to 25 MB anyway)
MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/]')


class DocumentUnavailable(RuntimeError):
    """The documents service did not hand the file over (down, refused, missing, too big):
    raised so the job is retried."""


class ChecksumMismatch(DocumentUnavailable):
    """The bytes differ from the checksum the documents service vouches for."""


class NotAPdf(DocumentUnavailable):
    """The document is not a PDF (a wrong document id, or the .docx of the letter)."""


@dataclass(frozen=True)
class FetchedDocument:
    document_id: int
    filename: str
    content_type: str
    data: bytes = field(repr=False)
    #: what the documents service vouches for (lowercase hex); empty when it sent none
    sha256: str


class Documents(Protocol):
    def fetch(self, document_id: int) -> FetchedDocument:
        """The document's bytes and headers; raises DocumentUnavailable."""
        ...


def pdf_attachment(document: FetchedDocument) -> Attachment:
    """The document as an attachment, once its bytes match its checksum and it is a PDF."""
    actual = hashlib.sha256(document.data).hexdigest()
    if not document.sha256 or actual != document.sha256.lower():
        log.error("document %s: SHA-256 of the bytes fetched differs", document.document_id)
        raise ChecksumMismatch(f"document {document.document_id} does not match its checksum")
    if document.content_type != PDF or not document.data.startswith(b"%PDF-"):
        raise NotAPdf(f"document {document.document_id} is {document.content_type}, not a PDF")
    return Attachment(document.filename, PDF, document.data)


def safe_filename(given: str | None, document_id: int) -> str:
    """The file name the documents service gave, without any path or control character."""
    name = _UNSAFE_IN_NAME.sub("", (given or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:200] if name.strip(".") else f"document-{document_id}.pdf"


class HttpDocuments:
    """``GET {base_url}/api/documents/<id>/content`` with the service bearer token."""

    def __init__(self, base_url: str, token: str, timeout: float = 20.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("DOCUMENTS_URL must be an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def __repr__(self) -> str:  # keep the token out of tracebacks and logs
        return f"HttpDocuments({self.base_url!r})"

    def fetch(self, document_id: int) -> FetchedDocument:
        url = f"{self.base_url}/api/documents/{int(document_id)}/content"
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url, headers={"Authorization": f"Bearer {self._token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
                headers: Message = response.headers
        except urllib.error.HTTPError as exc:
            exc.close()
            log.warning("documents service answered %s for document %s", exc.code, document_id)
            raise DocumentUnavailable(f"documents service answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            log.warning(
                "documents service unreachable for document %s: %s", document_id, type(exc).__name__
            )
            raise DocumentUnavailable("documents service unreachable") from exc
        if len(data) > MAX_BYTES:
            raise DocumentUnavailable(f"document {document_id} is larger than {MAX_BYTES} bytes")
        return FetchedDocument(
            document_id=document_id,
            filename=safe_filename(headers.get_filename(), document_id),
            content_type=headers.get_content_type(),
            data=data,
            sha256=(headers.get("X-Checksum-SHA256") or "").strip().lower(),
        )
