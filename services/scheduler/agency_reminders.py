"""Reminders to agencies that have not returned their scoping forms (run every 15 minutes).

For each agency on an open case whose newest scoping link still works and which has not
returned (or said the family is not known to it), ``domain.agency_reminders`` says which
reminder, if any, is due today; the notifier is asked for each under an id holding the
agency, the link's serial, the reminder and the day. Nothing is kept here: the notifier's
message ledger makes each reminder once, and the notifier reads the agency again right
before sending, so a return between this run and the send stops it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from services.intake.readmodel import fetch_scoping_returns
from services.scheduler._readmodel.scoping import SCOPING
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import ScopingStatus
from services.scheduler.domain.agency_reminders import (
    Reminder,
    Schedule,
    reminder_due,
    sending_time,
)
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.states import CaseState
from services.scheduler.tables import agency_link, case, case_agency
from shared.config import Config, ConfigError

log = logging.getLogger(__name__)

SEND_AGENCY_REMINDER = "services.notifier.jobs.send_agency_reminder"
#: intake's return statuses that count as the agency's answer (the domain's "done")
ANSWERED = frozenset(s.value for s in ScopingStatus if s.done)


def schedule_from(config: Config) -> Schedule:
    try:
        return Schedule.parse(
            config.items_list("AGENCY_REMINDER_DAYS"), config["AGENCY_OVERDUE_EVERY_DAYS"]
        )
    except ValueError as exc:
        raise ConfigError(
            "AGENCY_REMINDER_DAYS must be comma-separated whole numbers of working days and "
            f"AGENCY_OVERDUE_EVERY_DAYS one: {exc}"
        ) from exc


@dataclass(frozen=True)
class Asked:
    case_agency_id: int
    serial: int
    reminder: Reminder


def remind_agencies(c: Container) -> list[Asked]:
    """Ask the notifier for every reminder due today; returns what was asked for."""
    schedule = schedule_from(c.config)
    now = c.clock()
    today = london_date(now)
    if not c.calendar.is_working_day(today) or not sending_time(now):
        return []
    newest = (
        select(agency_link.c.case_agency_id, func.max(agency_link.c.serial).label("serial"))
        .where(agency_link.c.purpose == SCOPING)
        .group_by(agency_link.c.case_agency_id)
        .subquery()
    )
    with c.engine.connect() as conn:
        links = conn.execute(
            select(agency_link.c.case_agency_id, agency_link.c.serial, agency_link.c.due_on)
            .join(
                newest,
                (newest.c.case_agency_id == agency_link.c.case_agency_id)
                & (newest.c.serial == agency_link.c.serial),
            )
            .join(case_agency, case_agency.c.id == agency_link.c.case_agency_id)
            .join(case, case.c.id == case_agency.c.case_id)
            .where(
                agency_link.c.purpose == SCOPING,
                agency_link.c.revoked_at.is_(None),
                agency_link.c.expires_at > now,
                case_agency.c.removed_at.is_(None),
                case_agency.c.email != "",
                case.c.state != CaseState.CLOSED.value,
            )
        ).all()
        returns = fetch_scoping_returns(conn, [r.case_agency_id for r in links])
    asked = []
    for link in links:
        found = returns.get(link.case_agency_id)
        if found is not None and found.status in ANSWERED:
            continue
        reminder = reminder_due(link.due_on, today, schedule, c.calendar)
        if reminder is None:
            continue
        c.queue.enqueue(
            SEND_AGENCY_REMINDER,
            case_agency_id=link.case_agency_id,
            serial=link.serial,
            kind=reminder.kind,
            days=reminder.days,
            day=today.isoformat(),
        )
        asked.append(Asked(link.case_agency_id, link.serial, reminder))
    if asked:
        log.info("agency reminders: %s asked for today", len(asked))
    return asked
