"""What other services may read of documents' data, read-only: the only module of
documents another service imports.

The scheduler shows a case's documents that could not be made (``failures.py``) on the
case page and in the case JSON of API v1, and how the packs it was asked for are being built
(``fetch_pack_builds``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.documents.failures import RENDER, STAGES
from services.documents.pack_ports import PackBuild
from services.documents.pack_records import build_from_row
from services.documents.tables import document, failure, pack_build

#: the stages a document is made in, where one can fail: render, convert, store
FAILURE_STAGES = tuple(STAGES)


@dataclass(frozen=True)
class DocumentFailureView:
    """A document of the case not made yet, and why (no personal data)."""

    kind: str
    #: the document's title
    document: str
    #: render, convert or store
    stage: str
    reason: str
    #: the latest attempt's
    failed_at: datetime
    attempts: int

    @property
    def stage_label(self) -> str:
        return STAGES.get(self.stage, self.stage)

    @property
    def retried(self) -> bool:
        """False for a template's failure: it is not tried again until someone acts."""
        return self.stage != RENDER


def fetch_document_failures(conn: Connection, case_reference: str) -> list[DocumentFailureView]:
    """The case's documents that failed and were not made since, the latest first."""
    rows = conn.execute(
        select(
            failure.c.kind,
            failure.c.document,
            failure.c.stage,
            failure.c.reason,
            failure.c.failed_at,
            failure.c.attempts,
        )
        .where(failure.c.case_reference == case_reference, failure.c.resolved_at.is_(None))
        .order_by(failure.c.failed_at.desc(), failure.c.id.desc())
    ).all()
    return [DocumentFailureView(**row._mapping) for row in rows]


def fetch_pack_builds(conn: Connection, pack_ids: Iterable[int]) -> dict[int, PackBuild]:
    """How the builds of these packs are going, by pack id (none yet: still queued)."""
    ids = sorted(set(pack_ids))
    if not ids:
        return {}
    rows = conn.execute(select(pack_build).where(pack_build.c.pack_id.in_(ids)))
    return {row.pack_id: build_from_row(row) for row in rows}


@dataclass(frozen=True)
class StoredFile:
    """What a stored file is called and the checksum it was stored with (its bytes only
    through the documents service's API, which checks them again)."""

    id: int
    case_reference: str
    filename: str
    content_type: str
    sha256: str
    size: int


def fetch_stored_file(conn: Connection, document_id: int) -> StoredFile | None:
    row = conn.execute(select(document).where(document.c.id == document_id)).first()
    if row is None:
        return None
    return StoredFile(
        row.id, row.case_reference, row.filename, row.content_type, row.sha256, row.size
    )
