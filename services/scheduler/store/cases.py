"""Cases, their deadlines and their documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from services.scheduler.domain.opening import NewCase
from services.scheduler.tables import case, case_document, deadline


@dataclass(frozen=True)
class DeadlineRow:
    clock: str
    starts_on: date
    due_on: date
    met_on: date | None
    window_opens_on: date | None = None

    @property
    def met(self) -> bool:
        return self.met_on is not None


@dataclass(frozen=True)
class DocumentRow:
    document_id: int
    kind: str
    format: str
    filename: str
    sha256: str
    size: int
    created_at: datetime


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    referral_id: int
    route: str
    state: str
    received_at: datetime
    received_on: date
    opened_at: datetime
    #: the date the partnership became aware, when corrected to before the referral
    aware_on: date | None = None
    #: the recorded outcome's letter (App. iv section 3)
    outcome: str | None = None
    lfp_decisions: list[str] | None = None
    #: the staff member looking after the case (scheduler_staff_user.id); None: not assigned
    owner_id: int | None = None


def _case_row(row: Any) -> CaseRow:
    return CaseRow(**row._mapping)


def case_by_referral(conn: Connection, referral_id: int) -> CaseRow | None:
    row = conn.execute(select(case).where(case.c.referral_id == referral_id)).first()
    return _case_row(row) if row else None


def case_by_reference(conn: Connection, reference: str) -> CaseRow | None:
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    return _case_row(row) if row else None


def all_cases(conn: Connection) -> list[CaseRow]:
    rows = conn.execute(select(case).order_by(case.c.received_at.desc(), case.c.id.desc()))
    return [_case_row(r) for r in rows]


def set_owner(conn: Connection, case_id: int, owner_id: int | None) -> None:
    conn.execute(update(case).where(case.c.id == case_id).values(owner_id=owner_id))


def insert_case(conn: Connection, new: NewCase, opened_at: datetime) -> int:
    """Insert the case and its deadlines; the caller's transaction makes them one unit."""
    case_id = conn.execute(
        insert(case)
        .values(
            reference=new.reference,
            referral_id=new.referral_id,
            route=new.route.value,
            state=new.state.value,
            received_at=new.received_at,
            received_on=new.received_on,
            opened_at=opened_at,
        )
        .returning(case.c.id)
    ).scalar_one()
    if new.clocks:
        conn.execute(
            insert(deadline),
            [
                {
                    "case_id": case_id,
                    "clock": c.key,
                    "starts_on": c.starts_on,
                    "due_on": c.due_on,
                    "window_opens_on": c.window_opens_on,
                }
                for c in new.clocks
            ],
        )
    return int(case_id)


def deadlines_for(conn: Connection, case_ids: list[int]) -> dict[int, list[DeadlineRow]]:
    found: dict[int, list[DeadlineRow]] = {i: [] for i in case_ids}
    if not case_ids:
        return found
    rows = conn.execute(
        select(deadline)
        .where(deadline.c.case_id.in_(case_ids))
        .order_by(deadline.c.due_on, deadline.c.id)
    )
    for r in rows:
        found[r.case_id].append(
            DeadlineRow(r.clock, r.starts_on, r.due_on, r.met_on, r.window_opens_on)
        )
    return found


def documents_for(conn: Connection, case_id: int) -> list[DocumentRow]:
    rows = conn.execute(
        select(case_document)
        .where(case_document.c.case_id == case_id)
        .order_by(case_document.c.created_at, case_document.c.id)
    )
    return [_document_row(r) for r in rows]


def document_of_case(conn: Connection, reference: str, document_id: int) -> DocumentRow | None:
    row = conn.execute(
        select(case_document)
        .join(case, case.c.id == case_document.c.case_id)
        .where(case.c.reference == reference, case_document.c.document_id == document_id)
    ).first()
    return _document_row(row) if row else None


def _document_row(r: Any) -> DocumentRow:
    return DocumentRow(r.document_id, r.kind, r.format, r.filename, r.sha256, r.size, r.created_at)


def add_document(conn: Connection, case_id: int, document: DocumentRow) -> bool:
    """Attach ``document`` once; False when it was already attached (a retried job).

    The documents service remakes a damaged or lost file under the same document id; its
    new checksum and size replace the recorded ones, or downloads would be refused.
    """
    exists = conn.execute(
        select(case_document.c.id, case_document.c.sha256, case_document.c.size).where(
            case_document.c.case_id == case_id,
            case_document.c.document_id == document.document_id,
        )
    ).first()
    if exists:
        if (exists.sha256, exists.size) == (document.sha256, document.size):
            return False
        conn.execute(
            update(case_document)
            .where(case_document.c.id == exists.id)
            .values(sha256=document.sha256, size=document.size, created_at=document.created_at)
        )
        return True
    try:
        with conn.begin_nested():
            conn.execute(
                insert(case_document).values(
                    case_id=case_id,
                    document_id=document.document_id,
                    kind=document.kind,
                    format=document.format,
                    filename=document.filename,
                    sha256=document.sha256,
                    size=document.size,
                    created_at=document.created_at,
                )
            )
    except IntegrityError:
        # the same job ran twice at once; the other run attached it
        return False
    return True
