"""An agency's scoping request on a case, as the link behind it states it: for the App. ii
letter, the request's email, and the App. iii form intake opens behind the link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from services.scheduler.tables import agency_link, case, case_agency, case_event

#: the purpose of an agency's scoping link, and the action that sends the requests
SCOPING = "scoping"
SEND_SCOPING = "send_scoping_requests"


@dataclass(frozen=True)
class ScopingRequest:
    """One agency's scoping request on a case, as its current link states it.

    Documents fill the App. ii letter from it, the notifier addresses the email with it, and
    intake opens the App. iii form behind the link with it. ``summary_of_case`` and
    ``time_period`` are what ops wrote when sending the requests; the referral's answers
    (for the pre-filled family composition) are intake's own.
    """

    case_agency_id: int
    case_reference: str
    case_state: str
    referral_id: int
    agency_name: str
    representative: str
    email: str
    #: the link this request is about (the current one unless a serial was asked for)
    link_id: int
    serial: int
    due_on: date
    expires_at: datetime
    revoked: bool
    #: a newer link was issued for the same agency
    replaced: bool
    #: the agency was taken off the case
    removed: bool
    summary_of_case: str
    time_period: str

    def usable(self, now: datetime) -> bool:
        """Whether the link still opens the form."""
        return not (self.revoked or self.replaced or self.removed) and now < self.expires_at


def _request(conn: Connection, link_row: Any) -> ScopingRequest | None:
    agency_row = conn.execute(
        select(case_agency).where(case_agency.c.id == link_row.case_agency_id)
    ).first()
    if agency_row is None:
        return None
    case_row = conn.execute(select(case).where(case.c.id == agency_row.case_id)).first()
    if case_row is None:
        return None
    newest = conn.execute(
        select(func.max(agency_link.c.serial)).where(
            agency_link.c.case_agency_id == agency_row.id,
            agency_link.c.purpose == link_row.purpose,
        )
    ).scalar_one()
    sent = conn.execute(
        select(case_event.c.details)
        .where(case_event.c.case_id == case_row.id, case_event.c.action == SEND_SCOPING)
        .order_by(case_event.c.id.desc())
        .limit(1)
    ).scalar()
    details = dict(sent or {})
    return ScopingRequest(
        case_agency_id=agency_row.id,
        case_reference=case_row.reference,
        case_state=case_row.state,
        referral_id=case_row.referral_id,
        agency_name=agency_row.name,
        representative=agency_row.representative,
        email=agency_row.email,
        link_id=link_row.id,
        serial=link_row.serial,
        due_on=link_row.due_on,
        expires_at=link_row.expires_at,
        revoked=link_row.revoked_at is not None,
        replaced=link_row.serial != newest,
        removed=agency_row.removed_at is not None,
        summary_of_case=str(details.get("summary_of_case") or ""),
        time_period=str(details.get("time_period") or ""),
    )


def fetch_scoping_request(
    conn: Connection, case_agency_id: int, serial: int | None = None
) -> ScopingRequest | None:
    """Agency ``case_agency_id``'s scoping request by link ``serial`` (default: the newest);
    None when the agency has no such link."""
    query = select(agency_link).where(
        agency_link.c.case_agency_id == case_agency_id, agency_link.c.purpose == SCOPING
    )
    if serial is not None:
        query = query.where(agency_link.c.serial == serial)
    row = conn.execute(query.order_by(agency_link.c.serial.desc()).limit(1)).first()
    return _request(conn, row) if row is not None else None


def fetch_scoping_link(conn: Connection, token_hash: str) -> ScopingRequest | None:
    """The scoping request whose link token has this SHA-256 (used or not: the caller
    decides with ``usable``); None for a token never issued."""
    row = conn.execute(
        select(agency_link).where(
            agency_link.c.token_hash == token_hash, agency_link.c.purpose == SCOPING
        )
    ).first()
    return _request(conn, row) if row is not None else None
