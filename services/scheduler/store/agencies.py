"""Agencies in the database: the partnership's directory, the agencies on each case, their
emailed links (token hashes only) and what intake reported of each link's use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from services.scheduler.domain.agencies import AgencyDetails, AgencyOnCase, LinkFacts
from services.scheduler.tables import agency, agency_link, case, case_agency, scoping_activity


@dataclass(frozen=True)
class DirectoryEntry:
    id: int
    details: AgencyDetails
    active: bool


def _details(row: Any) -> AgencyDetails:
    return AgencyDetails(
        name=row.name,
        kind=row.kind,
        representative=row.representative,
        email=row.email,
        phone=getattr(row, "phone", "") or "",
    )


# --- the directory -------------------------------------------------------------------


def directory(conn: Connection, *, active_only: bool = False) -> list[DirectoryEntry]:
    query = select(agency).order_by(func.lower(agency.c.name))
    if active_only:
        query = query.where(agency.c.active.is_(True))
    return [DirectoryEntry(r.id, _details(r), bool(r.active)) for r in conn.execute(query)]


def directory_entry(conn: Connection, entry_id: int) -> DirectoryEntry | None:
    row = conn.execute(select(agency).where(agency.c.id == entry_id)).first()
    return DirectoryEntry(row.id, _details(row), bool(row.active)) if row is not None else None


class DuplicateName(ValueError):
    pass


def save_directory_entry(
    conn: Connection, details: AgencyDetails, *, at: datetime, entry_id: int | None = None
) -> int:
    """Add an agency to the directory, or change entry ``entry_id``; DuplicateName when
    another entry has the name."""
    values = {
        "name": details.name,
        "kind": details.kind,
        "representative": details.representative,
        "email": details.email,
        "phone": details.phone,
        "updated_at": at,
    }
    try:
        with conn.begin_nested():
            if entry_id is None:
                made = conn.execute(
                    insert(agency).values(**values, active=True, created_at=at)
                ).inserted_primary_key
                return int(made[0]) if made else 0
            conn.execute(update(agency).where(agency.c.id == entry_id).values(**values))
            return entry_id
    except IntegrityError:
        raise DuplicateName(details.name) from None


def set_directory_active(conn: Connection, entry_id: int, active: bool, *, at: datetime) -> bool:
    done = conn.execute(
        update(agency).where(agency.c.id == entry_id).values(active=active, updated_at=at)
    )
    return bool(done.rowcount)


# --- agencies on a case ----------------------------------------------------------------


def add_case_agency(
    conn: Connection,
    case_id: int,
    details: AgencyDetails,
    *,
    source: str,
    at: datetime,
    reason: str = "",
    directory_id: int | None = None,
    by: str | None = None,
) -> int:
    made = conn.execute(
        insert(case_agency).values(
            case_id=case_id,
            name=details.name,
            kind=details.kind,
            representative=details.representative,
            email=details.email,
            directory_id=directory_id,
            source=source,
            reason=reason,
            added_at=at,
            added_by=by,
        )
    ).inserted_primary_key
    return int(made[0]) if made else 0


def update_case_agency(conn: Connection, case_agency_id: int, details: AgencyDetails) -> None:
    conn.execute(
        update(case_agency)
        .where(case_agency.c.id == case_agency_id)
        .values(
            name=details.name,
            kind=details.kind,
            representative=details.representative,
            email=details.email,
        )
    )


def remove_case_agency(conn: Connection, case_agency_id: int, *, at: datetime) -> None:
    conn.execute(
        update(case_agency)
        .where(case_agency.c.id == case_agency_id, case_agency.c.removed_at.is_(None))
        .values(removed_at=at)
    )
    revoke_links(conn, case_agency_id, at=at, reason="The agency was taken off the case")


def agencies_of(conn: Connection, case_id: int) -> tuple[AgencyOnCase, ...]:
    """The agencies on the case (not those removed), in the order they were added, each with
    its current link's facts."""
    rows = conn.execute(
        select(case_agency)
        .where(case_agency.c.case_id == case_id, case_agency.c.removed_at.is_(None))
        .order_by(case_agency.c.id)
    ).all()
    links = current_links(conn, [r.id for r in rows])
    return tuple(
        AgencyOnCase(
            id=r.id,
            details=_details(r),
            source=r.source,
            reason=r.reason or "",
            link=links.get(r.id),
        )
        for r in rows
    )


def case_agency_row(conn: Connection, case_id: int, case_agency_id: int) -> Any:
    """The agency row, if it is on this case (removed or not)."""
    return conn.execute(
        select(case_agency).where(
            case_agency.c.id == case_agency_id, case_agency.c.case_id == case_id
        )
    ).first()


def agency_on_case(
    conn: Connection, case_id: int, case_agency_id: int
) -> tuple[AgencyOnCase, bool] | None:
    """The agency (if it is on this case) with its current link's facts, and whether it
    was taken off the case."""
    row = case_agency_row(conn, case_id, case_agency_id)
    if row is None:
        return None
    link = current_links(conn, [row.id]).get(row.id)
    found = AgencyOnCase(row.id, _details(row), row.source, row.reason or "", link)
    return found, row.removed_at is not None


def case_agency_lookup(conn: Connection, case_agency_id: int) -> tuple[str, str] | None:
    """(case reference, agency name) of a case agency, removed or not."""
    found = conn.execute(
        select(case.c.reference, case_agency.c.name)
        .join(case, case.c.id == case_agency.c.case_id)
        .where(case_agency.c.id == case_agency_id)
    ).first()
    return (found.reference, found.name) if found is not None else None


# --- links -----------------------------------------------------------------------------


def current_links(conn: Connection, case_agency_ids: Iterable[int]) -> dict[int, LinkFacts]:
    """Each agency's newest scoping link, by case agency id."""
    ids = list(case_agency_ids)
    if not ids:
        return {}
    rows = conn.execute(
        select(agency_link)
        .where(agency_link.c.case_agency_id.in_(ids), agency_link.c.purpose == "scoping")
        .order_by(agency_link.c.case_agency_id, agency_link.c.serial)
    )
    found: dict[int, LinkFacts] = {}
    for r in rows:
        found[r.case_agency_id] = LinkFacts(
            serial=r.serial,
            issued_at=r.issued_at,
            due_on=r.due_on,
            expires_at=r.expires_at,
            revoked_at=r.revoked_at,
            opened_at=r.opened_at,
        )
    return found


def issue_link(
    conn: Connection,
    case_agency_id: int,
    *,
    token_hash: str,
    due_on: date,
    expires_at: datetime,
    at: datetime,
    by: str | None = None,
    purpose: str = "scoping",
) -> int:
    """A new link for the agency (older ones revoked); returns its serial."""
    revoke_links(conn, case_agency_id, at=at, reason="Replaced by a new link", purpose=purpose)
    newest = conn.execute(
        select(func.max(agency_link.c.serial)).where(
            agency_link.c.case_agency_id == case_agency_id, agency_link.c.purpose == purpose
        )
    ).scalar()
    serial = int(newest or 0) + 1
    conn.execute(
        insert(agency_link).values(
            case_agency_id=case_agency_id,
            purpose=purpose,
            serial=serial,
            token_hash=token_hash,
            issued_at=at,
            issued_by=by,
            expires_at=expires_at,
            due_on=due_on,
        )
    )
    return serial


def revoke_links(
    conn: Connection, case_agency_id: int, *, at: datetime, reason: str, purpose: str = "scoping"
) -> int:
    done = conn.execute(
        update(agency_link)
        .where(
            agency_link.c.case_agency_id == case_agency_id,
            agency_link.c.purpose == purpose,
            agency_link.c.revoked_at.is_(None),
        )
        .values(revoked_at=at, revoked_reason=reason)
    )
    return int(done.rowcount or 0)


def mark_opened(conn: Connection, case_agency_id: int, at: datetime) -> None:
    conn.execute(
        update(agency_link)
        .where(
            agency_link.c.case_agency_id == case_agency_id,
            agency_link.c.purpose == "scoping",
            agency_link.c.revoked_at.is_(None),
            agency_link.c.opened_at.is_(None),
        )
        .values(opened_at=at)
    )


def keep_activity(conn: Connection, case_agency_id: int, activity: str, at: datetime) -> bool:
    """Keep a reported activity once; False when this report was kept before."""
    try:
        with conn.begin_nested():
            conn.execute(
                insert(scoping_activity).values(
                    case_agency_id=case_agency_id, activity=activity, at=at
                )
            )
    except IntegrityError:
        return False
    return True
