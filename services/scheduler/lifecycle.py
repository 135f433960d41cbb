"""What staff do to cases: take an action (one transaction: state, clocks, timeline, audit),
see which actions they may take, and the periodic re-evaluation of every open case's clocks.

The rules are the domain's (``domain.actions``); this module reads the case, asks the domain
for a plan and writes the plan. No Flask: the console and the JSON API both call it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.domain.actions import ACTIONS, Action, actions_for, plan_action
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import Actor, CaseSnapshot, Plan
from services.scheduler.domain.reevaluation import reevaluate
from services.scheduler.domain.states import CaseState
from services.scheduler.effects import AFTER_ACTION
from services.scheduler.store import audit
from services.scheduler.store import lifecycle as store
from services.scheduler.store.audit import AuditEvent
from services.scheduler.tables import case

log = logging.getLogger(__name__)

CLOCK_ALERT = "services.notifier.jobs.send_clock_alert"


class CaseNotFound(LookupError):
    pass


def today(c: Container) -> date:
    return london_date(c.clock())


def case_snapshot(c: Container, reference: str) -> CaseSnapshot | None:
    with c.engine.connect() as conn:
        row = conn.execute(select(case).where(case.c.reference == reference)).first()
        return store.snapshot(conn, row) if row is not None else None


def available_actions(c: Container, reference: str, actor: Actor) -> list[Action]:
    """The actions this person may take on the case now (none for a case not found)."""
    found = case_snapshot(c, reference)
    if found is None:
        return []
    return actions_for(found.route, found.state, actor.role, partner=actor.partner, case=found)


def refusal(c: Container, reference: str, key: str, actor: Actor) -> str:
    """Why ``actor`` may not take action ``key`` on the case now ("" when they may);
    raises CaseNotFound. The console and the API both ask this before showing or taking it."""
    found = case_snapshot(c, reference)
    if found is None:
        raise CaseNotFound(reference)
    offered = actions_for(found.route, found.state, actor.role, partner=actor.partner, case=found)
    if key in {a.key for a in offered}:
        return ""
    return ACTIONS[key].refusal(found, actor) or "This action cannot be taken now."


def take_action(
    c: Container,
    reference: str,
    key: str,
    inputs: dict[str, Any],
    actor: Actor,
    *,
    remote_addr: str | None = None,
    check: Callable[[Connection, CaseSnapshot], None] | None = None,
) -> Plan:
    """Check and apply one action; raises ActionRefused, InputErrors or CaseNotFound.

    The case row is locked while the plan is made and written, so two people acting at once
    cannot both move it from the same state. ``check`` is what the way the person came in
    must still hold under that lock (an emailed link not withdrawn, and for the version
    being decided on): it raises ActionRefused, and nothing is written.
    """
    with c.engine.begin() as conn:
        row = store.lock_case(conn, reference)
        if row is None:
            raise CaseNotFound(reference)
        before = store.snapshot(conn, row)
        if check is not None:
            check(conn, before)
        plan = plan_action(
            key,
            before,
            inputs,
            actor,
            today=london_date(c.clock()),
            rules=c.clock_rules,
            calendar=c.calendar,
            meetings=store.meetings(conn),
        )
        store.apply_plan(
            conn, row, before, plan, at=c.clock(), health_label=c.config["HEALTH_PARTNER_LABEL"]
        )
        effect = AFTER_ACTION.get(key)
        after_commit = effect(conn, c, row, before, plan) if effect else None
        audit.record(
            conn,
            AuditEvent(
                c.clock(),
                "case.changed",
                actor.id,
                actor.email or None,
                reference,
                f"action={key}; {plan.from_state.value} -> {plan.to_state.value}; via={actor.via}",
                remote_addr,
            ),
        )
    if after_commit is not None:
        after_commit()
    log.info("case %s: %s by %s", reference, key, actor.role.value)
    return plan


@dataclass(frozen=True)
class Evaluated:
    cases: int
    emitted: int


def evaluate_clocks(c: Container) -> Evaluated:
    """Emit each due-soon, due-today and overdue event once per case, clock and day.

    Safe to run twice or on two workers at once: a reminder is kept under a unique key
    before its email is asked for, and only the run that kept it asks.
    """
    day = today(c)
    with c.engine.begin() as conn:
        rows = conn.execute(
            select(case.c.id, case.c.reference).where(case.c.state != CaseState.CLOSED.value)
        ).all()
        ids = {r.reference: r.id for r in rows}
        clocks = store.clocks_of_cases(conn, ids.values())
        open_cases = {r.reference: clocks[r.id] for r in rows}
        emitted = store.emitted_reminders(conn, ids.values())
        events = reevaluate(open_cases, day, c.calendar, emitted)
        kept = store.record_reminders(
            conn,
            [(ids[e.case], e.clock, e.kind.value, e.day) for e in events],
            c.clock(),
        )
    new = [(e.case, e) for e in events if (ids[e.case], e.clock, e.kind.value, e.day) in kept]
    for reference, event in new:
        c.queue.enqueue(
            CLOCK_ALERT,
            case_reference=reference,
            clock=event.clock,
            kind=event.kind.value,
            day=event.day.isoformat(),
            label=c.clock_rules.label(event.clock),
            due_on=event.due_on.isoformat(),
        )
    if new:
        log.info("clocks: %s new event(s) across %s open case(s)", len(new), len(rows))
    return Evaluated(cases=len(rows), emitted=len(new))
