"""The Learning from Practice Group's meeting schedule, kept by admins and the ops team.

A practice-learning case waits for the group's next meeting after it was referred, so its
``lfp_consideration`` clock is due on that meeting's date. When a date is added or removed,
every open case whose clock followed the schedule is re-dated in the same transaction as
the change: the schedule and the clocks never disagree. A clock moved to a special meeting
(a date the schedule did not give) is left alone, and so is a clock already met.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import ClockRules, start_clock
from services.scheduler.domain.dates import Calendar, next_meeting
from services.scheduler.domain.lfp_steps import LFP_CLOCK
from services.scheduler.domain.states import CaseState
from services.scheduler.store import audit
from services.scheduler.store import lifecycle as store
from services.scheduler.store.audit import AuditEvent
from services.scheduler.tables import case, deadline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Redated:
    reference: str
    due_on: date | None  # None: no meeting ahead any more, so the clock waits unstarted


@dataclass(frozen=True)
class Changed:
    #: False when nothing changed (the date was already there, or already gone)
    done: bool
    redated: tuple[Redated, ...] = ()


def redate_lfp_clocks(
    conn: Connection,
    rules: ClockRules,
    calendar: Calendar,
    before: Sequence[date],
    after: Sequence[date],
) -> list[Redated]:
    """Re-date the unmet ``lfp_consideration`` clocks of open cases for the ``after`` schedule.

    Only a clock that followed the ``before`` schedule (due at the first meeting after it
    started) moves; with no meeting ahead its row is removed, as when a case opens with no
    meeting in the schedule.
    """
    rule = rules[LFP_CLOCK]
    rows = conn.execute(
        select(deadline.c.id, deadline.c.starts_on, deadline.c.due_on, case.c.reference)
        .join(case, case.c.id == deadline.c.case_id)
        .where(
            deadline.c.clock == LFP_CLOCK,
            deadline.c.met_on.is_(None),
            case.c.state != CaseState.CLOSED.value,
        )
        .order_by(case.c.reference)
    ).all()
    changed = []
    for row in rows:
        if row.due_on != next_meeting(before, row.starts_on):
            continue  # a special meeting, not the schedule's
        clock = start_clock(rule, calendar, row.starts_on, after)
        if clock is None:
            conn.execute(delete(deadline).where(deadline.c.id == row.id))
            changed.append(Redated(row.reference, None))
        elif clock.due_on != row.due_on:
            conn.execute(
                update(deadline).where(deadline.c.id == row.id).values(due_on=clock.due_on)
            )
            changed.append(Redated(row.reference, clock.due_on))
    return changed


def add_meeting(
    c: Container,
    day: date,
    *,
    actor_id: int | None,
    actor_email: str | None,
    remote_addr: str | None = None,
) -> Changed:
    return _change(c, day, "added", actor_id, actor_email, remote_addr)


def remove_meeting(
    c: Container,
    day: date,
    *,
    actor_id: int | None,
    actor_email: str | None,
    remote_addr: str | None = None,
) -> Changed:
    return _change(c, day, "removed", actor_id, actor_email, remote_addr)


def _change(
    c: Container,
    day: date,
    how: str,
    actor_id: int | None,
    actor_email: str | None,
    remote_addr: str | None,
) -> Changed:
    with c.engine.begin() as conn:
        before = store.meetings(conn)
        if how == "added":
            done = store.add_meeting(conn, day, c.clock())
        else:
            done = store.remove_meeting(conn, day)
        if not done:
            return Changed(False)
        redated = redate_lfp_clocks(conn, c.clock_rules, c.calendar, before, store.meetings(conn))
        moved = ", ".join(f"{r.reference}={r.due_on or 'none'}" for r in redated)
        audit.record(
            conn,
            AuditEvent(
                c.clock(),
                "meetings.changed",
                actor_id,
                actor_email,
                None,
                f"{how}={day.isoformat()}" + (f"; redated={moved}" if moved else ""),
                remote_addr,
            ),
        )
    log.info("LfP meeting %s %s; %d clock(s) re-dated", day.isoformat(), how, len(redated))
    return Changed(True, tuple(redated))
