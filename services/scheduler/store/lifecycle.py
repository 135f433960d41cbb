"""A case's lifecycle in the database: its snapshot for the domain, applying a plan, the
timeline, the Learning from Practice Group's meeting schedule and sent clock reminders."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Integer, String, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.lifecycle import Actor, CaseSnapshot, Plan, applied
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import partner_label
from services.scheduler.domain.states import CaseState
from services.scheduler.store import approvals
from services.scheduler.store.agencies import agencies_of
from services.scheduler.store.meeting import participants_of
from services.scheduler.tables import case, case_event, clock_reminder, deadline, lfp_meeting


class CaseChanged(RuntimeError):
    """The case moved on while the action was being checked (another person, another tab)."""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    on: date | None
    action: str
    actor_email: str
    actor_role: str
    summary: str
    reason: str
    from_state: str
    to_state: str


def clocks_of(conn: Connection, case_id: int) -> tuple[StartedClock, ...]:
    rows = conn.execute(
        select(deadline).where(deadline.c.case_id == case_id).order_by(deadline.c.due_on)
    )
    return tuple(
        StartedClock(r.clock, r.starts_on, r.due_on, r.window_opens_on, r.met_on) for r in rows
    )


def clocks_of_cases(
    conn: Connection, case_ids: Iterable[int]
) -> dict[int, tuple[StartedClock, ...]]:
    """The clocks of several cases in one query (as ``clocks_of`` gives each), by case id."""
    found: dict[int, list[StartedClock]] = {i: [] for i in case_ids}
    if not found:
        return {}
    rows = conn.execute(
        select(deadline)
        .where(deadline.c.case_id.in_(list(found)))
        .order_by(deadline.c.case_id, deadline.c.due_on, deadline.c.id)
    )
    for r in rows:
        found[r.case_id].append(
            StartedClock(r.clock, r.starts_on, r.due_on, r.window_opens_on, r.met_on)
        )
    return {i: tuple(clocks) for i, clocks in found.items()}


def snapshot(conn: Connection, row: Any) -> CaseSnapshot:
    """What the domain plans against, for the case row ``row``."""
    done: dict[str, date] = {}
    for action, on in conn.execute(
        select(case_event.c.action, case_event.c.on)
        .where(case_event.c.case_id == row.id)
        .order_by(case_event.c.id)
    ):
        if on is not None:
            done[action] = on
    version = approvals.newest_final_version(conn, row.id)
    return CaseSnapshot(
        route=Route(row.route),
        state=CaseState(row.state),
        received_on=row.received_on,
        aware_on=row.aware_on,
        clocks=clocks_of(conn, row.id),
        done=done,
        outcome=row.outcome,
        lfp_decisions=frozenset(row.lfp_decisions or ()),
        agencies=agencies_of(conn, row.id),
        participants=participants_of(conn, row.id),
        report_version=version,
        decisions=approvals.decisions_on(conn, row.id, version) if version is not None else {},
    )


def lock_case(conn: Connection, reference: str) -> Any:
    """The case row, locked until the transaction ends (PostgreSQL; SQLite locks on write)."""
    return conn.execute(select(case).where(case.c.reference == reference).with_for_update()).first()


def _jsonable(values: Mapping[str, object]) -> dict[str, Any]:
    def plain(value: object) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, frozenset | set | tuple | list):
            return sorted(plain(v) for v in value)
        return value

    found = {k: plain(v) for k, v in values.items()}
    json.dumps(found)  # fails here, not in the driver, if a value cannot be stored
    return found


def apply_plan(
    conn: Connection,
    row: Any,
    before: CaseSnapshot,
    plan: Plan,
    *,
    at: datetime,
    health_label: str,
) -> None:
    """Write all of ``plan`` in the caller's transaction, or raise CaseChanged."""
    after = applied(before, plan)
    moved = conn.execute(
        update(case)
        .where(case.c.id == row.id, case.c.state == plan.from_state.value)
        .values(
            state=after.state.value,
            aware_on=after.aware_on,
            outcome=after.outcome,
            lfp_decisions=sorted(after.lfp_decisions) or None,
        )
    ).rowcount
    if not moved:
        raise CaseChanged(f"case {row.reference} is no longer {plan.from_state.value}")
    _write_clocks(conn, row.id, before.clocks, after.clocks)
    add_event(
        conn,
        row.id,
        Event(
            at=at,
            on=plan.on,
            action=plan.action,
            from_state=plan.from_state.value,
            to_state=plan.to_state.value,
            summary=plan.summary,
            reason=plan.reason,
            details=plan.values,
        ),
        actor=plan.actor,
        health_label=health_label,
    )
    if plan.change.decision is not None:
        approvals.record_decision(
            conn,
            row.id,
            plan.change.decision,
            at=at,
            by=plan.actor.email or None,
            via=plan.actor.via,
        )


@dataclass(frozen=True)
class Event:
    """A timeline entry: an action's, or something recorded without changing the state
    (an agency added, a link re-issued, an agency's return arriving)."""

    at: datetime
    on: date | None
    action: str
    from_state: str
    to_state: str
    summary: str
    reason: str = ""
    details: Mapping[str, object] = field(default_factory=dict)


def add_event(
    conn: Connection,
    case_id: int,
    event: Event,
    *,
    actor: Actor | None = None,
    actor_role: str | None = None,
    health_label: str = "",
) -> None:
    """Write one timeline entry; ``actor`` is the staff member, or None with ``actor_role``
    naming who else it was (an agency through its link)."""
    partner = None
    if actor is not None and actor.partner:
        partner = partner_label(actor.partner, health_label=health_label)
    conn.execute(
        insert(case_event).values(
            case_id=case_id,
            at=event.at,
            on=event.on,
            actor_id=actor.id if actor else None,
            actor_email=actor.email if actor else None,
            actor_role=actor.role.value if actor else actor_role,
            actor_partner=partner,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            summary=event.summary,
            reason=event.reason,
            details=_jsonable(event.details),
        )
    )


def meet_clock(conn: Connection, case_id: int, key: str, on: date, at: datetime) -> bool:
    """Mark clock ``key`` met on ``on`` unless it was met already; False when not changed."""
    done = conn.execute(
        update(deadline)
        .where(deadline.c.case_id == case_id, deadline.c.clock == key, deadline.c.met_on.is_(None))
        .values(met_on=on, met_at=at)
    )
    return bool(done.rowcount)


def _write_clocks(
    conn: Connection,
    case_id: int,
    before: Iterable[StartedClock],
    after: Iterable[StartedClock],
) -> None:
    old = {c.key: c for c in before}
    new = {c.key: c for c in after}
    gone = set(old) - set(new)
    if gone:
        conn.execute(
            delete(deadline).where(deadline.c.case_id == case_id, deadline.c.clock.in_(gone))
        )
    for key, clock in new.items():
        values = {
            "starts_on": clock.starts_on,
            "due_on": clock.due_on,
            "window_opens_on": clock.window_opens_on,
            "met_on": clock.met_on,
        }
        if key not in old:
            conn.execute(insert(deadline).values(case_id=case_id, clock=key, **values))
        elif old[key] != clock:
            conn.execute(
                update(deadline)
                .where(deadline.c.case_id == case_id, deadline.c.clock == key)
                .values(**values)
            )


def timeline(conn: Connection, case_id: int) -> list[TimelineEntry]:
    rows = conn.execute(
        select(case_event).where(case_event.c.case_id == case_id).order_by(case_event.c.id)
    )
    return [
        TimelineEntry(
            r.at,
            r.on,
            r.action,
            r.actor_email or "",
            r.actor_role or "",
            r.summary,
            r.reason or "",
            r.from_state,
            r.to_state,
        )
        for r in rows
    ]


def meetings(conn: Connection) -> tuple[date, ...]:
    found = conn.execute(select(lfp_meeting.c.held_on).order_by(lfp_meeting.c.held_on))
    return tuple(found.scalars())


def add_meeting(conn: Connection, held_on: date, at: datetime) -> bool:
    try:
        with conn.begin_nested():
            conn.execute(insert(lfp_meeting).values(held_on=held_on, created_at=at))
    except IntegrityError:
        return False
    return True


def remove_meeting(conn: Connection, held_on: date) -> bool:
    gone = conn.execute(delete(lfp_meeting).where(lfp_meeting.c.held_on == held_on))
    return bool(gone.rowcount)


def emitted_reminders(conn: Connection, case_ids: Iterable[int]) -> set[tuple[str, str, str, date]]:
    """The reminders already kept for these cases, as re-evaluation keys."""
    ids = list(case_ids)
    if not ids:
        return set()
    rows = conn.execute(
        select(
            case.c.reference, clock_reminder.c.clock, clock_reminder.c.kind, clock_reminder.c.day
        )
        .join(case, case.c.id == clock_reminder.c.case_id)
        .where(clock_reminder.c.case_id.in_(ids))
    )
    return {(r.reference, r.clock, r.kind, r.day) for r in rows}


#: (case id, clock key, event kind, day): a reminder is kept once per key
ReminderKey = tuple[int, str, str, date]
#: rows per INSERT statement on SQLite (well under its bound-parameter limit)
REMINDER_CHUNK = 1000

#: PostgreSQL: every key in one statement, as four array parameters unnested into rows. The
#: text is fixed, so nothing is compiled per call, and the arrays bind as four parameters
#: however many keys there are.
_RECORD_REMINDERS_PG = text(
    """
    INSERT INTO scheduler_clock_reminder (case_id, clock, kind, day, emitted_at)
    SELECT k.case_id, k.clock, k.kind, k.day, :emitted_at
    FROM unnest(:case_ids, :clocks, :kinds, :days) AS k (case_id, clock, kind, day)
    ON CONFLICT (case_id, clock, kind, day) DO NOTHING
    RETURNING case_id, clock, kind, day
    """
).bindparams(
    bindparam("case_ids", type_=postgresql.ARRAY(Integer)),
    bindparam("clocks", type_=postgresql.ARRAY(String)),
    bindparam("kinds", type_=postgresql.ARRAY(String)),
    bindparam("days", type_=postgresql.ARRAY(Date)),
    bindparam("emitted_at", type_=clock_reminder.c.emitted_at.type),
)


def record_reminders(
    conn: Connection, keys: Sequence[ReminderKey], at: datetime
) -> set[ReminderKey]:
    """Keep each reminder once; the keys kept now (not those another run kept first).

    ``INSERT … ON CONFLICT DO NOTHING RETURNING``: a row another run already committed (or
    is committing: PostgreSQL waits for it) is skipped and not returned. The keys go in
    sorted, so two runs at once take the key locks in the same order and cannot deadlock.
    """
    ordered = sorted(set(keys))
    if not ordered:
        return set()
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            _RECORD_REMINDERS_PG,
            {
                "case_ids": [k[0] for k in ordered],
                "clocks": [k[1] for k in ordered],
                "kinds": [k[2] for k in ordered],
                "days": [k[3] for k in ordered],
                "emitted_at": at,
            },
        )
        return {(int(r.case_id), r.clock, r.kind, r.day) for r in rows}
    if conn.dialect.name != "sqlite":
        raise RuntimeError(f"reminders not supported on {conn.dialect.name}")
    kept: set[ReminderKey] = set()
    for at_row in range(0, len(ordered), REMINDER_CHUNK):
        chunk = ordered[at_row : at_row + REMINDER_CHUNK]
        rows = conn.execute(
            sqlite.insert(clock_reminder)
            .values(
                [
                    {"case_id": i, "clock": clock, "kind": kind, "day": day, "emitted_at": at}
                    for i, clock, kind, day in chunk
                ]
            )
            .on_conflict_do_nothing(
                index_elements=["case_id", "clock", "kind", "day"],
            )
            .returning(
                clock_reminder.c.case_id,
                clock_reminder.c.clock,
                clock_reminder.c.kind,
                clock_reminder.c.day,
            )
        )
        kept.update((int(r.case_id), r.clock, r.kind, r.day) for r in rows)
    return kept
