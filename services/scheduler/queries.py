"""Read-side views of cases for the console and the JSON API.

A case's referral answers are read from intake's read model (the scheduler keeps no copy):
one query for a page of cases, one referral for a case page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from services.documents.readmodel import DocumentFailureView, fetch_document_failures
from services.intake.readmodel import ReferralSnapshot, fetch_referral, fetch_referrals
from services.scheduler.bootstrap import Container
from services.scheduler.domain.clock_status import ClockStatus, StatusKey, clock_status
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.deadlines import DeadlineStatus, deadline_status, next_deadline
from services.scheduler.domain.routes import route_label
from services.scheduler.domain.states import state_label
from services.scheduler.store import cases
from services.scheduler.store import lifecycle as lifecycle_store
from services.scheduler.store import staff as staff_store
from services.scheduler.store.cases import CaseRow, DeadlineRow, DocumentRow
from services.scheduler.store.lifecycle import TimelineEntry
from shared.forms.present import first_line
from shared.forms.questions import NOT_GIVEN


@dataclass(frozen=True)
class DeadlineView:
    clock: str
    label: str
    starts_on: date
    due_on: date
    met: bool
    status: DeadlineStatus
    #: the statuses of the process: on track, due within 1 working day, met late...
    clock_status: ClockStatus | None = None
    window_opens_on: date | None = None
    met_on: date | None = None

    @property
    def urgency_tag_class(self) -> str:
        """The list's red, amber and green: red overdue, orange due today or within 1
        working day, green otherwise (the tag's text says which, never colour alone)."""
        key = self.clock_status.key if self.clock_status else None
        if key is StatusKey.OVERDUE:
            return "govuk-tag--red"
        if key in (StatusKey.DUE_TODAY, StatusKey.DUE_WITHIN_1_WORKING_DAY):
            return "govuk-tag--orange"
        return "govuk-tag--green"


@dataclass(frozen=True)
class Owner:
    """The staff member looking after a case."""

    id: int
    name: str


def owner_of(row: CaseRow, names: Mapping[int, str]) -> Owner | None:
    if row.owner_id is None:
        return None
    return Owner(row.owner_id, names.get(row.owner_id, f"Staff member {row.owner_id}"))


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    route: str
    route_label: str
    state: str
    state_label: str
    received_on: date
    next_deadline: DeadlineView | None
    #: for the console's list only; the JSON list carries no personal data
    child_name: str = NOT_GIVEN
    #: None when nobody is assigned
    owner: Owner | None = None


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    case: CaseRow
    deadlines: list[DeadlineView]
    documents: list[DocumentRow]
    #: None only if intake's row is gone, which no code path does
    referral: ReferralSnapshot | None
    #: every action taken on the case, oldest first
    timeline: list[TimelineEntry] = field(default_factory=list)
    #: the case's documents that could not be made (documents' read model), latest first
    document_failures: list[DocumentFailureView] = field(default_factory=list)


def today(c: Container) -> date:
    return london_date(c.clock())


def deadline_views(c: Container, rows: list[DeadlineRow], on: date) -> list[DeadlineView]:
    return [
        DeadlineView(
            clock=r.clock,
            label=c.clock_rules.label(r.clock),
            starts_on=r.starts_on,
            due_on=r.due_on,
            met=r.met,
            status=deadline_status(r.due_on, on, c.calendar, r.met),
            clock_status=clock_status(r.due_on, r.met_on, on, c.calendar),
            window_opens_on=r.window_opens_on,
            met_on=r.met_on,
        )
        for r in rows
    ]


def child_name(referral: ReferralSnapshot | None) -> str:
    name = first_line(referral.answers, "child_name") if referral else ""
    return name or NOT_GIVEN


def case_summary(
    row: CaseRow,
    deadlines: list[DeadlineView],
    referral: ReferralSnapshot | None,
    owner_names: Mapping[int, str] | None = None,
) -> CaseSummary:
    return CaseSummary(
        reference=row.reference,
        route=row.route,
        route_label=route_label(row.route),
        state=row.state,
        state_label=state_label(row.state),
        received_on=row.received_on,
        next_deadline=next_deadline(deadlines),
        child_name=child_name(referral),
        owner=owner_of(row, owner_names or {}),
    )


def list_cases(c: Container) -> list[CaseSummary]:
    """Every case, the most pressing first: by next deadline, then the newest."""
    on = today(c)
    with c.engine.connect() as conn:
        rows = cases.all_cases(conn)
        by_case = cases.deadlines_for(conn, [r.id for r in rows])
        referrals = fetch_referrals(conn, [r.referral_id for r in rows])
        names = staff_store.names_by_id(conn, (r.owner_id for r in rows if r.owner_id))
    summaries = [
        case_summary(r, deadline_views(c, by_case[r.id], on), referrals.get(r.referral_id), names)
        for r in rows
    ]
    return sorted(
        summaries,
        key=lambda s: (
            s.next_deadline is None,
            s.next_deadline.due_on if s.next_deadline else date.max,
        ),
    )


def case_detail(c: Container, reference: str) -> CaseDetail | None:
    on = today(c)
    with c.engine.connect() as conn:
        row = cases.case_by_reference(conn, reference)
        if row is None:
            return None
        deadlines = deadline_views(c, cases.deadlines_for(conn, [row.id])[row.id], on)
        documents = cases.documents_for(conn, row.id)
        referral = fetch_referral(conn, row.referral_id)
        entries = lifecycle_store.timeline(conn, row.id)
        names = staff_store.names_by_id(conn, [row.owner_id] if row.owner_id else [])
        failures = fetch_document_failures(conn, row.reference)
    summary = case_summary(row, deadlines, referral, names)
    return CaseDetail(summary, row, deadlines, documents, referral, entries, failures)


def case_document(c: Container, reference: str, document_id: int) -> DocumentRow | None:
    with c.engine.connect() as conn:
        return cases.document_of_case(conn, reference, document_id)
