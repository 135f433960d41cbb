"""In-memory stand-ins for the notifier's ports, for unit tests only (kept under tests/)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from services.notifier.agencies import ScopingAddressee
from services.notifier.backends import (
    Email,
    Lookup,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)
from services.notifier.cases import AlertCase
from services.notifier.documents_client import DocumentUnavailable, FetchedDocument
from services.notifier.mail import build_message
from services.notifier.messages import Claim, ClaimOutcome, Kept, MessageRecord, Outgoing
from services.notifier.rapid_review import AgencyAddressee, ApprovalAddressee, LeadContact, Report
from services.notifier.referrers import ResumeAddressee, SubmittedReferral
from services.notifier.statuses import CLAIMABLE, Status


@dataclass
class FakeMailer:
    """The back-end port in memory: builds the MIME message the SMTP back-end would send and
    keeps it. ``failing`` addresses are refused as a relay that cannot be reached is;
    ``refusing`` ones for good (a 5xx); ``losing`` ones lose the connection after the
    hand-over."""

    sent: list[EmailMessage] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    refusing: set[str] = field(default_factory=set)
    losing: set[str] = field(default_factory=set)
    name: str = "smtp"
    can_look_up: bool = False
    #: what ``find`` answers when the fake plays a back-end that can be asked
    holding: dict[str, str] = field(default_factory=dict)

    def send(self, email: Email, dispatching: Callable[[], None]) -> str:
        if email.to in self.failing:
            raise TemporaryFailure("Could not reach the SMTP relay (ConnectionRefusedError).")
        if email.to in self.refusing:
            raise PermanentFailure("The SMTP relay refused the recipient (550).")
        dispatching()
        if email.to in self.losing:
            raise OutcomeUnknown("The connection was lost while handing the message over.")
        message = build_message(email)
        self.sent.append(message)
        self.holding[email.reference] = str(message["Message-ID"])
        return str(message["Message-ID"])

    def find(self, reference: str) -> Lookup:
        if not self.can_look_up:
            return Lookup.cannot_tell()
        held = self.holding.get(reference)
        return Lookup(True, held, Status.SENT) if held else Lookup.not_there()

    def status(self, backend_id: str) -> tuple[Status, str | None] | None:
        return None

    def check(self) -> None:
        return None


class InMemoryMessages:
    """``MessageStore`` in memory, with the SQL repository's compare-and-set rules."""

    def __init__(self) -> None:
        self.records: dict[str, MessageRecord] = {}

    def record(
        self, outgoing: Outgoing, *, reference: str, now: datetime, kept: Kept | None
    ) -> None:
        if outgoing.idempotency_key in self.records:
            return
        self.records[outgoing.idempotency_key] = MessageRecord(
            id=len(self.records) + 1,
            idempotency_key=outgoing.idempotency_key,
            template=outgoing.template,
            case_reference=outgoing.case_reference,
            recipient=outgoing.recipient,
            subject=outgoing.subject,
            status=Status.QUEUED.value,
            backend=None,
            backend_id=None,
            reference=reference,
            attempts=0,
            last_error=None,
            sent_at=None,
            dispatched_at=None,
            lease_owner=None,
            lease_expires_at=None,
            kept=None if outgoing.secret else kept,
        )

    def _set(self, key: str, **changes: Any) -> None:
        self.records[key] = replace(self.records[key], **changes)

    def claim(self, key: str, owner: str, now: datetime, lease: timedelta) -> Claim:
        record = self.records[key]
        expired = (
            record.status == Status.SENDING
            and record.lease_expires_at is not None
            and record.lease_expires_at < now
        )
        if record.status in CLAIMABLE or expired:
            self._set(
                key,
                status=Status.SENDING.value,
                lease_owner=owner,
                lease_expires_at=now + lease,
                attempts=record.attempts + 1,
            )
            return Claim(ClaimOutcome.CLAIMED, self.records[key])
        busy = record.status == Status.SENDING
        return Claim(ClaimOutcome.BUSY if busy else ClaimOutcome.SETTLED, record)

    def mark_dispatched(self, key: str, owner: str, now: datetime) -> bool:
        record = self.records[key]
        if (
            record.lease_owner != owner
            or record.status != Status.SENDING
            or record.lease_expires_at is None
            or record.lease_expires_at <= now
        ):
            return False
        self._set(key, dispatched_at=now)
        return True

    def mark_sent(
        self,
        key: str,
        *,
        backend: str,
        backend_id: str,
        now: datetime,
        status: Status = Status.SENT,
        error: str | None = None,
    ) -> None:
        if self.records[key].status in (Status.SENT, Status.DELIVERED, Status.PERMANENT_FAILURE):
            return
        self._set(
            key,
            status=status.value,
            backend=backend,
            backend_id=backend_id,
            sent_at=now,
            lease_owner=None,
            lease_expires_at=None,
            last_error=error,
        )

    def mark_failed(
        self,
        key: str,
        owner: str,
        *,
        status: Status,
        error: str,
        now: datetime,
        backend: str,
        handed_over: bool,
    ) -> None:
        record = self.records[key]
        if record.lease_owner != owner:
            return
        self._set(
            key,
            status=status.value,
            last_error=error,
            backend=backend,
            lease_owner=None,
            lease_expires_at=None,
            dispatched_at=record.dispatched_at if handed_over else None,
        )

    def get(self, key: str) -> MessageRecord | None:
        return self.records.get(key)

    def by_id(self, message_id: int) -> MessageRecord | None:
        return next((r for r in self.records.values() if r.id == message_id), None)

    def expired_leases(self, now: datetime, limit: int = 200) -> Sequence[MessageRecord]:
        return [
            r
            for r in self.records.values()
            if r.status == Status.SENDING
            and r.lease_expires_at is not None
            and r.lease_expires_at < now
        ][:limit]

    def awaiting_report(
        self, backend: str, sent_before: datetime, limit: int = 200
    ) -> Sequence[MessageRecord]:
        return [
            r
            for r in self.records.values()
            if r.backend == backend
            and r.status == Status.SENT
            and r.backend_id
            and r.sent_at is not None
            and r.sent_at <= sent_before
        ][:limit]

    def report(
        self,
        backend: str,
        backend_id: str,
        status: Status,
        *,
        now: datetime,
        error: str | None,
        reference: str | None = None,
    ) -> bool:
        found = [
            r
            for r in self.records.values()
            if r.status != Status.QUEUED
            and (
                r.backend_id == backend_id
                or (reference and r.reference == reference and r.backend_id is None)
            )
        ]
        for r in found:
            self._set(
                r.idempotency_key,
                status=status.value,
                backend=backend,
                backend_id=backend_id,
                last_error=error,
                lease_owner=None,
                lease_expires_at=None,
            )
        return bool(found)

    def mark_expired(
        self, record: MessageRecord, status: Status, error: str, now: datetime
    ) -> bool:
        current = self.records[record.idempotency_key]
        if current.status != Status.SENDING or current.lease_owner != record.lease_owner:
            return False
        self._set(
            record.idempotency_key,
            status=status.value,
            last_error=error,
            lease_owner=None,
            lease_expires_at=None,
        )
        return True


class InMemoryCases:
    def __init__(self, cases: Iterable[AlertCase] = ()) -> None:
        self.cases = {c.reference: c for c in cases}

    def fetch(self, reference: str) -> AlertCase | None:
        return self.cases.get(reference)


class InMemoryReferrals:
    def __init__(self, referrals: Iterable[SubmittedReferral] = ()) -> None:
        self.referrals = {r.reference: r for r in referrals}

    def fetch(self, reference: str) -> SubmittedReferral | None:
        return self.referrals.get(reference)


class InMemoryResumeContacts:
    def __init__(self, contacts: Iterable[ResumeAddressee] = ()) -> None:
        self.contacts = {c.draft_id: c for c in contacts}

    def fetch(self, draft_id: int) -> ResumeAddressee | None:
        return self.contacts.get(draft_id)


class InMemoryScopingRequests:
    """Each agency's links by (case agency id, serial)."""

    def __init__(self, requests: Iterable[tuple[int, ScopingAddressee]] = ()) -> None:
        self.requests = {(case_agency_id, r.serial): r for case_agency_id, r in requests}

    def fetch(self, case_agency_id: int, serial: int) -> ScopingAddressee | None:
        return self.requests.get((case_agency_id, serial))


@dataclass
class InMemoryDocuments:
    documents: dict[int, FetchedDocument] = field(default_factory=dict)
    #: every document id asked for, in order
    fetched: list[int] = field(default_factory=list)

    def fetch(self, document_id: int) -> FetchedDocument:
        self.fetched.append(document_id)
        try:
            return self.documents[document_id]
        except KeyError:
            raise DocumentUnavailable(f"documents service answered 404 for {document_id}") from None


class InMemoryApprovalRequests:
    def __init__(self, requests: Iterable[ApprovalAddressee] = ()) -> None:
        self.requests = {r.link_id: r for r in requests}

    def fetch(self, link_id: int) -> ApprovalAddressee | None:
        return self.requests.get(link_id)


class InMemoryReports:
    """Reports by (reference, version); without a version, the newest final one."""

    def __init__(self, reports: Iterable[Report] = ()) -> None:
        self.reports = {(r.reference, r.version): r for r in reports}

    def fetch(self, reference: str, version: int | None = None) -> Report | None:
        if version is not None:
            return self.reports.get((reference, version))
        final = [
            r for (ref, _), r in self.reports.items() if ref == reference and r.status == "final"
        ]
        return max(final, key=lambda r: r.version, default=None)


@dataclass
class InMemoryLeadRepresentatives:
    leads: Sequence[LeadContact] = ()

    def fetch(self) -> Sequence[LeadContact]:
        return tuple(self.leads)


class InMemoryCaseAgencies:
    def __init__(self, agencies: Iterable[tuple[str, AgencyAddressee]] = ()) -> None:
        self.agencies: dict[str, list[AgencyAddressee]] = {}
        for reference, agency in agencies:
            self.agencies.setdefault(reference, []).append(agency)

    def fetch(self, reference: str) -> Sequence[AgencyAddressee]:
        return tuple(self.agencies.get(reference, ()))
