"""Hand-overs to other services, as jobs: the scheduler is told about each stored file (a
``record_document`` job), the notifier asked to email a scoping letter
(``send_scoping_request``)."""

from __future__ import annotations

from redis import Redis

from services.documents.ports import DocumentRecord
from shared.queue import enqueue

RECORD_DOCUMENT = "services.scheduler.jobs.record_document"
SEND_SCOPING_REQUEST = "services.notifier.jobs.send_scoping_request"


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


class RqScopingMailer:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def send_scoping_request(
        self, *, case_agency_id: int, serial: int, token: str, document_id: int
    ) -> None:
        # the job contract keeps secret arguments out of results and drops the job when done;
        # its id (agency and serial, no token) is the notifier's once-only key
        enqueue(
            self.redis,
            SEND_SCOPING_REQUEST,
            case_agency_id=case_agency_id,
            serial=serial,
            token=token,
            document_id=document_id,
        )
