"""Whom the notifier tells about a case: its agencies and the lead representatives."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.tables import case, case_agency, staff_user


@dataclass(frozen=True)
class AgencyContact:
    case_agency_id: int
    name: str
    representative: str
    email: str


def fetch_case_agencies(conn: Connection, reference: str) -> tuple[AgencyContact, ...]:
    """The agencies on the case (not those removed), to tell them the outcome."""
    rows = conn.execute(
        select(case_agency)
        .join(case, case.c.id == case_agency.c.case_id)
        .where(case.c.reference == reference, case_agency.c.removed_at.is_(None))
        .order_by(case_agency.c.id)
    )
    return tuple(AgencyContact(r.id, r.name, r.representative, r.email) for r in rows)


#: the staff role of the three safeguarding partners' lead representatives
PARTNER_LEAD = "partner-lead"


@dataclass(frozen=True)
class LeadRepresentative:
    #: local_authority, police or health
    partner: str
    name: str
    email: str


def fetch_lead_representatives(conn: Connection) -> tuple[LeadRepresentative, ...]:
    """The active partner-lead staff accounts (the lead representatives), by partner, for the
    notifier to tell them about a case; accounts disabled or without a partner are left out."""
    rows = conn.execute(
        select(staff_user.c.partner, staff_user.c.name, staff_user.c.email)
        .where(
            staff_user.c.role == PARTNER_LEAD,
            staff_user.c.active.is_(True),
            staff_user.c.partner.is_not(None),
        )
        .order_by(staff_user.c.partner, staff_user.c.id)
    )
    return tuple(LeadRepresentative(r.partner, r.name, r.email) for r in rows)
