"""In-memory stand-ins for the notifier's ports, for unit tests only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from services.notifier.agencies import ScopingAddressee
from services.notifier.cases import AlertCase
from services.notifier.documents_client import DocumentUnavailable, FetchedDocument
from services.notifier.messages import FAILED, SENDING, SENT, MessageRecord, Outgoing
from services.notifier.rapid_review import AgencyAddressee, ApprovalAddressee, LeadContact, Report
from services.notifier.referrers import ResumeAddressee, SubmittedReferral


@dataclass
class FakeMailer:
    sent: list[EmailMessage] = field(default_factory=list)
    #: addresses whose messages fail, as a refusing relay would
    failing: set[str] = field(default_factory=set)

    def send(self, message: EmailMessage) -> str:
        if str(message["To"]) in self.failing:
            raise ConnectionRefusedError("fake relay refused the connection")
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid(domain="fake.invalid")
        self.sent.append(message)
        return str(message["Message-ID"])


class InMemoryMessages:
    def __init__(self) -> None:
        self.records: dict[str, MessageRecord] = {}

    def claim(self, outgoing: Outgoing, now: datetime) -> bool:
        record = self.records.get(outgoing.idempotency_key)
        if record is not None and record.status == SENT:
            return False
        self.records[outgoing.idempotency_key] = MessageRecord(
            outgoing.idempotency_key, outgoing.recipient, SENDING, None, None
        )
        return True

    def mark_sent(self, idempotency_key: str, smtp_message_id: str, sent_at: datetime) -> None:
        record = self.records[idempotency_key]
        self.records[idempotency_key] = MessageRecord(
            record.idempotency_key, record.recipient, SENT, smtp_message_id, sent_at
        )

    def mark_failed(self, idempotency_key: str) -> None:
        record = self.records[idempotency_key]
        if record.status != SENT:
            self.records[idempotency_key] = MessageRecord(
                record.idempotency_key, record.recipient, FAILED, None, None
            )

    def get(self, idempotency_key: str) -> MessageRecord | None:
        return self.records.get(idempotency_key)


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
