"""The daily digest of overdue clocks for the ops team (issue 9): the scheduler lists them,
the notifier words and sends them once a day.

Run every 15 minutes by ``shared.cron``; from 7am London on a working day it asks the
notifier for that day's digest. The job id and the notifier's key (one per day) make it one
email however often it runs; nothing is asked for when no clock is overdue.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.overdue_digest import OverdueClock, due_now, overdue_clocks
from services.scheduler.domain.states import CaseState
from services.scheduler.store import lifecycle as store
from services.scheduler.tables import case

log = logging.getLogger(__name__)

OVERDUE_DIGEST = "services.notifier.jobs.send_overdue_digest"


def overdue_digest(c: Container) -> list[OverdueClock]:
    """Ask for today's digest when it is due; returns the clocks it lists (none: not asked)."""
    now = c.clock()
    day = london_date(now)
    working_day = c.calendar.working_days_between(day - timedelta(days=1), day) == 1
    if not working_day or not due_now(now):
        return []
    with c.engine.connect() as conn:
        rows = conn.execute(
            select(case.c.id, case.c.reference).where(case.c.state != CaseState.CLOSED.value)
        ).all()
        clocks = store.clocks_of_cases(conn, [r.id for r in rows])
    open_cases = {r.reference: clocks[r.id] for r in rows}
    found = overdue_clocks(open_cases, day, c.calendar, c.clock_rules.label)
    if found:
        c.queue.enqueue(OVERDUE_DIGEST, day=day.isoformat(), clocks=[o.as_job() for o in found])
    log.info("overdue digest for %s: %s clock(s)", day, len(found))
    return found
