"""One agency of a case as it stands now, including one just taken off the case (whose
link no longer works), for answers that show the agency a change left behind."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduler.agencies import AgencyNotFound, AgencyStatus, CaseNotFound
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import scoping_status
from services.scheduler.domain.clocks import london_date
from services.scheduler.scoping import returns_of
from services.scheduler.store import agencies as store
from services.scheduler.store.cases import case_by_reference


@dataclass(frozen=True)
class AgencyNow:
    status: AgencyStatus
    removed: bool


def agency_now(c: Container, reference: str, case_agency_id: int) -> AgencyNow:
    with c.engine.connect() as conn:
        row = case_by_reference(conn, reference)
        if row is None:
            raise CaseNotFound(reference)
        found = store.agency_on_case(conn, row.id, case_agency_id)
        if found is None:
            raise AgencyNotFound(case_agency_id)
        agency, removed = found
        returned = returns_of(conn, [agency]).get(agency.id)
    status = scoping_status(agency.link, returned, london_date(c.clock()))
    submitted = returned.submitted_at if returned else None
    return AgencyNow(AgencyStatus(agency, status, submitted), removed)
