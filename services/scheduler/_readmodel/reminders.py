"""What a reminder to an agency needs to know right before it is sent: the agency's
scoping request (as its link states it), when that request was sent, and whether the
agency has returned its form since (intake's record of the return)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.intake.readmodel import fetch_scoping_returns
from services.scheduler._readmodel.scoping import (
    SCOPING,
    ScopingRequest,
    fetch_scoping_request,
)
from services.scheduler.domain.agencies import ScopingStatus
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.states import CaseState
from services.scheduler.tables import agency_link

#: intake's return statuses that count as the agency's answer (the domain's "done")
_ANSWERED = frozenset(s.value for s in ScopingStatus if s.done)


@dataclass(frozen=True)
class AgencyReminder:
    request: ScopingRequest
    #: the day the scoping request (with the link) was sent, in London
    requested_on: date
    #: the agency returned its form, or said the family is not known to it
    returned: bool
    case_closed: bool


def fetch_agency_reminder(
    conn: Connection, case_agency_id: int, serial: int
) -> AgencyReminder | None:
    """Link ``serial`` of agency ``case_agency_id`` with its return; None when not found."""
    request = fetch_scoping_request(conn, case_agency_id, serial)
    if request is None:
        return None
    issued_at = conn.execute(
        select(agency_link.c.issued_at).where(
            agency_link.c.case_agency_id == case_agency_id,
            agency_link.c.purpose == SCOPING,
            agency_link.c.serial == serial,
        )
    ).scalar_one()
    found = fetch_scoping_returns(conn, [case_agency_id]).get(case_agency_id)
    return AgencyReminder(
        request=request,
        requested_on=london_date(issued_at),
        returned=found is not None and found.status in _ANSWERED,
        case_closed=request.case_state == CaseState.CLOSED.value,
    )
