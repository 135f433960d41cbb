"""Tell the scheduler about stored documents: one ``record_document`` job per file."""

from __future__ import annotations

from redis import Redis

from services.documents.ports import DocumentRecord
from shared.queue import enqueue

RECORD_DOCUMENT = "services.scheduler.jobs.record_document"


class RqAnnouncer:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def document_stored(self, record: DocumentRecord) -> None:
        # metadata only: the bytes stay here, behind the token-guarded API
        enqueue(
            self.redis,
            RECORD_DOCUMENT,
            document_id=record.id,
            case_reference=record.case_reference,
            kind=record.kind,
            format=record.format,
            filename=record.filename,
            sha256=record.sha256,
            size=record.size,
        )
