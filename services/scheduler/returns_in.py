"""Telling the ops team that every agency has answered its scoping request (issue 9).

``agencies.record_activity`` meets the return clock when the last return (or "not known")
arrives. Asked on every run of a return's ``record_scoping_activity`` job, not only the run
that met the clock, so a run that failed to hand it over tries again; the job id and the
notifier's key (one per case) keep it to one email. The other half of the issue's line, the
due date passed with returns outstanding, is the return clock's overdue alert
(``evaluate_clocks``), which the ops team already gets.
"""

from __future__ import annotations

from sqlalchemy import select

from services.scheduler.bootstrap import Container
from services.scheduler.scoping import RETURN_CLOCK
from services.scheduler.store import agencies as store
from services.scheduler.tables import case, deadline

RETURNS_IN = "services.notifier.jobs.send_returns_in"


def tell_ops_when_all_returned(c: Container, case_agency_id: int) -> bool:
    """Ask for the email when the agency's case has its return clock met; True when asked."""
    with c.engine.connect() as conn:
        found = store.case_agency_lookup(conn, case_agency_id)
        if found is None:
            return False
        reference = found[0]
        met = conn.execute(
            select(deadline.c.met_on)
            .join(case, case.c.id == deadline.c.case_id)
            .where(case.c.reference == reference, deadline.c.clock == RETURN_CLOCK)
        ).first()
    if met is None or met.met_on is None:
        return False
    c.queue.enqueue(RETURNS_IN, case_reference=reference)
    return True
