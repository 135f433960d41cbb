"""In-memory stand-ins for the documents service's ports, for unit tests only."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from services.documents.common import sha256_hex
from services.documents.ports import (
    ConversionError,
    DocumentRecord,
    NewDocument,
    ObjectMissing,
    RapidReviewReport,
    ReferralCase,
    ScopingRequest,
    StoredObject,
    StoreError,
)


@dataclass
class _Object:
    data: bytes
    content_type: str
    metadata: dict[str, str]


class InMemoryStore:
    def __init__(self) -> None:
        self.objects: dict[str, _Object] = {}
        self.bucket_ready = False
        self.puts = 0
        #: set to make every call fail as an unreachable store would
        self.down = False

    def _up(self) -> None:
        if self.down:
            raise StoreError("fake store is down")

    def ensure_bucket(self) -> None:
        self._up()
        self.bucket_ready = True

    def put(
        self, key: str, data: bytes, content_type: str, metadata: dict[str, str] | None = None
    ) -> StoredObject:
        self.ensure_bucket()
        if key in self.objects:  # documents are versions: a stored object is never replaced
            raise StoreError(f"{key} is stored already: it would be overwritten")
        digest = sha256_hex(data)
        self.objects[key] = _Object(
            bytes(data), content_type, {**(metadata or {}), "sha256": digest}
        )
        self.puts += 1
        return StoredObject(key, digest, len(data))

    def get(self, key: str) -> bytes:
        self._up()
        if key not in self.objects:
            raise ObjectMissing(key)
        return self.objects[key].data

    def stat(self, key: str) -> StoredObject | None:
        self._up()
        found = self.objects.get(key)
        if found is None:
            return None
        return StoredObject(key, found.metadata["sha256"], len(found.data))

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def check(self) -> None:
        self._up()

    def corrupt(self, key: str, data: bytes) -> None:
        """Change the bytes behind the store's back (bit rot, tampering)."""
        self.objects[key].data = data


class FakeConverter:
    """Returns a tiny PDF naming the input's checksum; counts calls; can be made to fail."""

    def __init__(self) -> None:
        self.calls: list[bytes] = []
        self.fail_with: Exception | None = None

    def to_pdf(self, docx: bytes) -> bytes:
        self.calls.append(docx)
        if self.fail_with is not None:
            raise self.fail_with
        return b"%PDF-1.4\n% fake conversion of " + sha256_hex(docx).encode() + b"\n%%EOF\n"

    def check(self) -> None:
        if self.fail_with is not None:
            raise ConversionError("fake converter is failing")


class InMemoryRecords:
    def __init__(self) -> None:
        self.rows: dict[str, DocumentRecord] = {}
        self._ids = itertools.count(1)

    def upsert(self, documents: Sequence[NewDocument], now: datetime) -> list[DocumentRecord]:
        out = []
        for new in documents:
            old = self.rows.get(new.object_key)
            record = DocumentRecord(
                id=old.id if old else next(self._ids), created_at=now, **new.__dict__
            )
            self.rows[new.object_key] = record
            out.append(record)
        return out

    def get(self, document_id: int) -> DocumentRecord | None:
        return next((r for r in self.rows.values() if r.id == document_id), None)

    def for_case(self, case_reference: str) -> list[DocumentRecord]:
        found = [r for r in self.rows.values() if r.case_reference == case_reference]
        return sorted(found, key=lambda r: (r.kind, r.version, r.format, r.id))

    def latest(self, case_reference: str, kind: str, format: str) -> DocumentRecord | None:
        found = [r for r in self.for_case(case_reference) if r.kind == kind and r.format == format]
        return max(found, key=lambda r: r.version, default=None)

    def made_from(self, case_reference: str, kind: str, source: str) -> list[DocumentRecord]:
        found = [r for r in self.for_case(case_reference) if r.kind == kind and r.source == source]
        newest = max((r.version for r in found), default=None)
        return sorted((r for r in found if r.version == newest), key=lambda r: r.format)

    def next_version(self, case_reference: str, kind: str) -> int:
        found = [r.version for r in self.for_case(case_reference) if r.kind == kind]
        return max(found, default=0) + 1

    def tamper(self, document_id: int, **changes: object) -> None:
        record = self.get(document_id)
        assert record is not None
        self.rows[record.object_key] = replace(record, **changes)  # type: ignore[arg-type]


class InMemoryCases:
    def __init__(self, *cases: ReferralCase) -> None:
        self.cases = {c.reference: c for c in cases}

    def fetch(self, reference: str) -> ReferralCase | None:
        return self.cases.get(reference)


@dataclass
class RecordingAnnouncer:
    announced: list[DocumentRecord] = field(default_factory=list)

    def document_stored(self, record: DocumentRecord) -> None:
        self.announced.append(record)


class InMemoryLocks:
    """Endpoint locks of one process (the real ones are in Redis, across processes)."""

    def __init__(self) -> None:
        self.held: dict[str, str] = {}
        self._tokens = itertools.count(1)

    def acquire(self, name: str, ttl_ms: int) -> str | None:
        if name in self.held:
            return None
        token = f"t{next(self._tokens)}"
        self.held[name] = token
        return token

    def release(self, name: str, token: str) -> None:
        if self.held.get(name) == token:
            del self.held[name]


class InMemoryScopingRequests:
    def __init__(self, *requests: ScopingRequest) -> None:
        self.requests = {(r.case_agency_id, r.serial): r for r in requests}

    def fetch(self, case_agency_id: int, serial: int) -> ScopingRequest | None:
        return self.requests.get((case_agency_id, serial))


@dataclass(frozen=True)
class ScopingMailRequest:
    case_agency_id: int
    serial: int
    token: str
    document_id: int


@dataclass
class RecordingScopingMailer:
    sent: list[ScopingMailRequest] = field(default_factory=list)

    def send_scoping_request(
        self, *, case_agency_id: int, serial: int, token: str, document_id: int
    ) -> None:
        self.sent.append(ScopingMailRequest(case_agency_id, serial, token, document_id))


class InMemoryReports:
    def __init__(self, *reports: RapidReviewReport) -> None:
        self.reports = {(r.reference, r.version): r for r in reports}

    def fetch(self, reference: str, version: int) -> RapidReviewReport | None:
        return self.reports.get((reference, version))
