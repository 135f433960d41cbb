"""The case list's SQL: filters, each case's earliest unmet deadline, one page at a time.

A closed case has nothing pending, whatever clocks it left unmet: its next deadline is
NULL, so it sorts last and is never overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.engine import Connection

from services.scheduler.domain.states import FINAL_STATE
from services.scheduler.store.cases import CaseRow, DeadlineRow
from services.scheduler.tables import case, deadline

CLOSED = FINAL_STATE.value


@dataclass(frozen=True)
class ListFilter:
    route: str | None = None
    state: str | None = None
    #: only the cases this staff member owns
    owner_id: int | None = None
    #: only the cases nobody owns
    unowned: bool = False
    overdue_only: bool = False
    include_closed: bool = False


@dataclass(frozen=True)
class Candidate:
    id: int
    reference: str
    referral_id: int


def _listing(columns: Sequence[Any], f: ListFilter, today: date) -> Select[Any]:
    next_due = (
        select(deadline.c.case_id, func.min(deadline.c.due_on).label("next_due"))
        .where(deadline.c.met_on.is_(None))
        .group_by(deadline.c.case_id)
        .subquery("next_due")
    )
    joined = case.outerjoin(next_due, and_(next_due.c.case_id == case.c.id, case.c.state != CLOSED))
    q = select(*columns).select_from(joined)
    if not f.include_closed:
        q = q.where(case.c.state != CLOSED)
    if f.route:
        q = q.where(case.c.route == f.route)
    if f.state:
        q = q.where(case.c.state == f.state)
    if f.owner_id is not None:
        q = q.where(case.c.owner_id == f.owner_id)
    if f.unowned:
        q = q.where(case.c.owner_id.is_(None))
    if f.overdue_only:
        q = q.where(next_due.c.next_due < today)
    # the most urgent first: overdue ones sort first as their dates are the earliest
    return q.order_by(
        next_due.c.next_due.asc().nulls_last(), case.c.received_at.desc(), case.c.id.desc()
    )


def count_cases(conn: Connection, f: ListFilter, today: date) -> int:
    listing = _listing([case.c.id], f, today).order_by(None).subquery()
    return int(conn.execute(select(func.count()).select_from(listing)).scalar_one())


def page_of_cases(
    conn: Connection, f: ListFilter, today: date, offset: int, limit: int
) -> list[CaseRow]:
    rows = conn.execute(_listing([case], f, today).offset(offset).limit(limit))
    return [CaseRow(**r._mapping) for r in rows]


def candidates(conn: Connection, f: ListFilter, today: date) -> list[Candidate]:
    """Every case the filters let through, in list order, with only what a search needs."""
    columns = [case.c.id, case.c.reference, case.c.referral_id]
    return [
        Candidate(r.id, r.reference, r.referral_id)
        for r in conn.execute(_listing(columns, f, today))
    ]


def referral_ids(f: ListFilter, today: date) -> Select[Any]:
    """A query of the referral ids of the cases the filters let through (for a search)."""
    return _listing([case.c.referral_id], f, today).order_by(None)


def cases_by_ids(conn: Connection, ids: Sequence[int]) -> list[CaseRow]:
    """The given cases, in the given order."""
    if not ids:
        return []
    found = {
        r.id: CaseRow(**r._mapping) for r in conn.execute(select(case).where(case.c.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class PendingClock:
    reference: str
    deadline: DeadlineRow


def unmet_clocks_due_by(conn: Connection, last_day: date) -> list[PendingClock]:
    """Every unmet clock of an open case due on or before ``last_day``, the earliest first."""
    rows = conn.execute(
        select(case.c.reference, deadline)
        .join(case, case.c.id == deadline.c.case_id)
        .where(
            deadline.c.met_on.is_(None),
            deadline.c.due_on <= last_day,
            case.c.state != CLOSED,
        )
        .order_by(deadline.c.due_on, case.c.reference, deadline.c.id)
    )
    return [
        PendingClock(
            r.reference,
            DeadlineRow(r.clock, r.starts_on, r.due_on, r.met_on, r.window_opens_on),
        )
        for r in rows
    ]
