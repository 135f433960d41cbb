"""The documents service's ports: the outside systems it talks to, as plain interfaces.

Real adapters: ``s3store.MinioStore``, ``pool.UnoserverPool``, ``records.SqlDocuments``,
``cases.SqlCaseReader``, ``cases.SqlScopingRequests``, ``cases.SqlReportReader``,
``announce.RqAnnouncer``,
``announce.RqScopingMailer``, ``failure_records.SqlFailures``. In-memory fakes for unit
tests live under ``tests/unit/documents/`` (``fakes.py``, ``failure_fakes.py``). Nothing here
imports Flask, SQLAlchemy, Redis or minio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol


class StoreError(RuntimeError):
    """The object store failed (unreachable, refused)."""


class ObjectMissing(StoreError):
    """No object under that key."""


class ConversionError(RuntimeError):
    """A document could not be converted (no converter reachable, converter failed)."""


class ConversionTimeout(ConversionError):
    """No conversion finished within CONVERSION_TIMEOUT."""


class CaseMissing(LookupError):
    """The case is not (yet) readable; the job raises so RQ retries later."""


class ScopingRequestMissing(LookupError):
    """The agency's scoping link is not (yet) readable; the job raises so RQ retries."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size: int


class DocumentStore(Protocol):
    def ensure_bucket(self) -> None: ...

    def put(
        self, key: str, data: bytes, content_type: str, metadata: dict[str, str] | None = None
    ) -> StoredObject: ...

    def get(self, key: str) -> bytes:
        """The object's bytes; raises ObjectMissing or StoreError."""
        ...

    def exists(self, key: str) -> bool: ...

    def stat(self, key: str) -> StoredObject | None:
        """Size and recorded SHA-256 of an object; None when absent."""
        ...

    def check(self) -> None:
        """Raise unless the store answers (readiness)."""
        ...


class Converter(Protocol):
    def to_pdf(self, docx: bytes) -> bytes:
        """Raises ConversionError (ConversionTimeout when out of time)."""
        ...

    def check(self) -> None:
        """Raise unless every converter answers (readiness)."""
        ...


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    case_reference: str
    kind: str
    format: str
    object_key: str
    filename: str
    content_type: str
    sha256: str
    size: int
    created_at: datetime
    version: int = 1
    source: str = ""
    template_version: str = ""
    job_id: str | None = None


@dataclass(frozen=True)
class NewDocument:
    case_reference: str
    kind: str
    format: str
    object_key: str
    filename: str
    content_type: str
    sha256: str
    size: int
    #: each generation of a case's document (its ``kind``) is a new version, never overwritten
    version: int = 1
    #: what it was made from ("referral", "link-1", "report-v2"): a job run again for the
    #: same source finds what it made, instead of making another version
    source: str = ""
    template_version: str = ""
    job_id: str | None = None


class DocumentRecords(Protocol):
    def upsert(self, documents: Sequence[NewDocument], now: datetime) -> list[DocumentRecord]:
        """Insert or update by object key, all or nothing; returns the rows in order."""
        ...

    def get(self, document_id: int) -> DocumentRecord | None: ...

    def for_case(self, case_reference: str) -> list[DocumentRecord]: ...

    def latest(self, case_reference: str, kind: str, format: str) -> DocumentRecord | None:
        """The newest version's file of that format."""
        ...

    def made_from(self, case_reference: str, kind: str, source: str) -> list[DocumentRecord]:
        """The files of the newest version made from ``source`` (none: never made)."""
        ...

    def next_version(self, case_reference: str, kind: str) -> int: ...


class ReferralCase(Protocol):
    """What the referral document shows of a case (scheduler's CaseSnapshot fits): its
    reference, the day it was received, and the answers with the form version they follow."""

    @property
    def reference(self) -> str: ...

    @property
    def received_on(self) -> date: ...

    @property
    def form_id(self) -> str: ...

    @property
    def form_version(self) -> int: ...

    @property
    def answers(self) -> dict[str, Any]: ...


class CaseReader(Protocol):
    def fetch(self, reference: str) -> ReferralCase | None: ...


class Announcer(Protocol):
    def document_stored(self, record: DocumentRecord) -> None:
        """Tell the scheduler a document exists (a ``record_document`` job)."""
        ...


class ScopingRequest(Protocol):
    """What the scoping letter (App. ii) shows of one agency's request on a case (the
    scheduler's ``readmodel.ScopingRequest`` fits): who it is addressed to, the case, the
    link it goes with and when the return is due. Nothing about the child."""

    @property
    def case_agency_id(self) -> int: ...

    @property
    def case_reference(self) -> str: ...

    @property
    def agency_name(self) -> str: ...

    @property
    def representative(self) -> str: ...

    @property
    def serial(self) -> int: ...

    @property
    def due_on(self) -> date: ...

    def usable(self, now: datetime) -> bool:
        """False once the link was revoked, replaced, its agency removed, or it expired."""
        ...


class ScopingRequests(Protocol):
    def fetch(self, case_agency_id: int, serial: int) -> ScopingRequest | None: ...


class ScopingMailer(Protocol):
    def send_scoping_request(
        self, *, case_agency_id: int, serial: int, token: str, document_id: int
    ) -> None:
        """Ask the notifier to email the letter and the link (a ``send_scoping_request``
        job); the token travels in the job only."""
        ...


class ReportParticipant(Protocol):
    """One person at the Rapid Review meeting (App. iv's "List of Participants")."""

    @property
    def name(self) -> str: ...

    @property
    def job_role(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def partner(self) -> str | None:
        """local_authority, police or health: the safeguarding partner represented."""
        ...


class RapidReviewReport(Protocol):
    """One version of a case's Report of Rapid Review (App. iv) and what its documents say
    besides its answers (the scheduler's ``readmodel.ReportSnapshot`` fits)."""

    @property
    def reference(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def status(self) -> str:
        """draft or final."""
        ...

    @property
    def form_id(self) -> str: ...

    @property
    def form_version(self) -> int: ...

    @property
    def answers(self) -> dict[str, Any]: ...

    @property
    def aware_on(self) -> date:
        """The day the partnership was notified of the incident."""
        ...

    @property
    def meeting_on(self) -> date | None: ...

    @property
    def participants(self) -> Sequence[ReportParticipant]: ...

    @property
    def quorate(self) -> bool: ...

    @property
    def approved_by_all(self) -> bool:
        """True once the three lead representatives approved this version."""
        ...


class ReportReader(Protocol):
    def fetch(self, reference: str, version: int) -> RapidReviewReport | None: ...


@dataclass(frozen=True)
class DocumentFailure:
    """One failed attempt at making a case's document, as staff are told of it
    (``failures.py`` words the reason: no personal data)."""

    case_reference: str
    kind: str
    #: what the document was being made from (as ``NewDocument.source``)
    source: str
    #: what staff call the document: its title
    document: str
    #: failures.RENDER, CONVERT or STORE
    stage: str
    reason: str
    job_id: str | None = None


class FailureLog(Protocol):
    def failed(self, failure: DocumentFailure, now: datetime) -> int:
        """Record ``failure`` as the latest attempt at its document (a document has one
        open failure per source, its attempts counted); returns the attempts so far."""
        ...

    def resolved(self, case_reference: str, kind: str, now: datetime) -> None:
        """The document ``kind`` of the case was made: its open failures are resolved."""
        ...
