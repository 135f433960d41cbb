"""What building a pack needs from outside the documents service, as plain interfaces:
the request and the case (the scheduler's read model fits), the agencies' scoping returns
(intake's), the report, and where the build's progress is kept.

Real adapters: ``pack_sources.SqlPackSource``, ``pack_records.SqlPackBuilds``; fakes for unit
tests under ``tests/unit/documents``. Nothing here imports Flask, SQLAlchemy or Redis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from services.documents.ports import RapidReviewReport


class PackMissing(LookupError):
    """The pack's request is not (yet) readable; the job raises so RQ retries."""


class PackNotReady(RuntimeError):
    """A document the pack holds is not made yet (it is made by its own job); retried."""


class PackRequest(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def case_reference(self) -> str: ...

    @property
    def kind(self) -> str: ...


class RecordedStep(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def on(self) -> date | None: ...

    @property
    def summary(self) -> str: ...

    @property
    def reason(self) -> str: ...

    @property
    def rows(self) -> Sequence[tuple[str, str]]: ...


class PackAgency(Protocol):
    @property
    def case_agency_id(self) -> int: ...

    @property
    def name(self) -> str: ...


class PackCase(Protocol):
    """The case as a meeting pack shows it (the scheduler's ``readmodel.PackCase`` fits)."""

    @property
    def reference(self) -> str: ...

    @property
    def received_on(self) -> date: ...

    @property
    def aware_on(self) -> date: ...

    @property
    def form_id(self) -> str:
        """The referral's form."""
        ...

    @property
    def form_version(self) -> int: ...

    @property
    def steps(self) -> Mapping[str, RecordedStep]:
        """The Panel notification and the steps around it, in the order recorded."""
        ...

    @property
    def agencies(self) -> Sequence[PackAgency]: ...

    @property
    def newest_report_version(self) -> int | None: ...


class ScopingReturn(Protocol):
    """An agency's scoping return as intake keeps it (``ScopingReturnSnapshot`` fits)."""

    @property
    def case_agency_id(self) -> int: ...

    @property
    def form_id(self) -> str: ...

    @property
    def form_version(self) -> int: ...

    @property
    def status(self) -> str:
        """draft, returned or not_known."""
        ...

    @property
    def answers(self) -> dict[str, Any]: ...

    @property
    def submitted_at(self) -> datetime | None: ...


class PackSource(Protocol):
    def request(self, pack_id: int) -> PackRequest | None: ...

    def case(self, reference: str) -> PackCase | None: ...

    def returns(self, case_agency_ids: Iterable[int]) -> Mapping[int, ScopingReturn]: ...

    def report(self, reference: str, version: int | None) -> RapidReviewReport | None:
        """Version ``version`` of the report, draft or final; None: the newest final one."""
        ...


@dataclass(frozen=True)
class PackBuild:
    pack_id: int
    case_reference: str
    kind: str
    #: shared.packs.BUILDING, DONE or FAILED
    status: str
    done: int
    total: int
    reason: str
    attempts: int
    started_at: datetime
    finished_at: datetime | None
    version: int | None
    pdf_document_id: int | None
    zip_document_id: int | None


class PackBuilds(Protocol):
    def start(
        self, pack_id: int, reference: str, kind: str, job_id: str | None, now: datetime
    ) -> None:
        """Mark it building from step 0 (one more attempt); created on the first."""
        ...

    def advance(self, pack_id: int, done: int, total: int) -> None: ...

    def finish(
        self, pack_id: int, version: int, pdf_document_id: int, zip_document_id: int, now: datetime
    ) -> None: ...

    def fail(self, pack_id: int, reason: str, now: datetime) -> None: ...

    def get(self, pack_id: int) -> PackBuild | None: ...
