"""Read-side views of cases for the console and the JSON API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.deadlines import DeadlineStatus, deadline_status, next_deadline
from services.scheduler.domain.routes import route_label
from services.scheduler.domain.states import state_label
from services.scheduler.store import cases
from services.scheduler.store.cases import CaseRow, DeadlineRow, DocumentRow


@dataclass(frozen=True)
class DeadlineView:
    clock: str
    label: str
    starts_on: date
    due_on: date
    met: bool
    status: DeadlineStatus


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    route: str
    route_label: str
    state: str
    state_label: str
    received_on: date
    next_deadline: DeadlineView | None


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    case: CaseRow
    deadlines: list[DeadlineView]
    documents: list[DocumentRow]


def today(c: Container) -> date:
    return london_date(c.clock())


def _deadline_views(c: Container, rows: list[DeadlineRow], on: date) -> list[DeadlineView]:
    return [
        DeadlineView(
            clock=r.clock,
            label=c.clock_rules.label(r.clock),
            starts_on=r.starts_on,
            due_on=r.due_on,
            met=r.met,
            status=deadline_status(r.due_on, on, c.calendar, r.met),
        )
        for r in rows
    ]


def _summary(row: CaseRow, deadlines: list[DeadlineView]) -> CaseSummary:
    return CaseSummary(
        reference=row.reference,
        route=row.route,
        route_label=route_label(row.route),
        state=row.state,
        state_label=state_label(row.state),
        received_on=row.received_on,
        next_deadline=next_deadline(deadlines),
    )


def list_cases(c: Container) -> list[CaseSummary]:
    """Every case, the most pressing first: by next deadline, then the newest."""
    on = today(c)
    with c.engine.connect() as conn:
        rows = cases.all_cases(conn)
        by_case = cases.deadlines_for(conn, [r.id for r in rows])
    summaries = [_summary(r, _deadline_views(c, by_case[r.id], on)) for r in rows]
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
        deadlines = _deadline_views(c, cases.deadlines_for(conn, [row.id])[row.id], on)
        documents = cases.documents_for(conn, row.id)
    return CaseDetail(_summary(row, deadlines), row, deadlines, documents)


def case_document(c: Container, reference: str, document_id: int) -> DocumentRow | None:
    with c.engine.connect() as conn:
        return cases.document_of_case(conn, reference, document_id)
