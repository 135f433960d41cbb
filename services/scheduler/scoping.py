"""Scoping requests: each involved agency's link, its letter and email, and what the agency
does with it.

Sending the requests is a case action (``domain.actions``: the state, the clocks and the
timeline); this module adds what the action sets going: one link per agency (a random
256-bit token, only its SHA-256 stored, scoped to that agency on that case, expiring at the
return deadline plus ``SCOPING_LINK_GRACE_DAYS``), then, after the commit, the job that
makes the agency's App. ii letter, which hands the email to the notifier. The token travels
in those two jobs' arguments only (deleted from Redis once done) and in the email.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Connection

from services.intake.readmodel import ScopingReturnSnapshot, fetch_scoping_returns
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import (
    AgencyOnCase,
    ReturnFacts,
    all_returned,
    link_expiry,
)
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import CaseSnapshot, Plan
from services.scheduler.store import agencies as store

log = logging.getLogger(__name__)

RENDER_SCOPING_LETTER = "services.documents.jobs.render_scoping_letter"
#: 256 bits (the issue asks for at least 128)
TOKEN_BYTES = 32
RETURN_CLOCK = "return_scoping_forms"

#: what a job does after the transaction that issued its links commits
AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class IssuedLink:
    case_agency_id: int
    serial: int
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def issue_links(
    conn: Connection,
    c: Container,
    agencies: Iterable[AgencyOnCase],
    *,
    due_on: date,
    at: datetime,
    by: str | None,
) -> list[IssuedLink]:
    """A new link for each agency (replacing any earlier one), in the caller's transaction."""
    grace = c.config.integer("SCOPING_LINK_GRACE_DAYS")
    issued = []
    for agency in agencies:
        token = new_token()
        serial = store.issue_link(
            conn,
            agency.id,
            token_hash=token_hash(token),
            due_on=due_on,
            expires_at=link_expiry(due_on, grace),
            at=at,
            by=by,
        )
        issued.append(IssuedLink(agency.id, serial, token))
    return issued


def letters_for(c: Container, issued: Iterable[IssuedLink]) -> AfterCommit:
    """After the commit: ask for each agency's letter (which then asks for its email)."""
    wanted = list(issued)

    def enqueue() -> None:
        for link in wanted:
            c.queue.enqueue(
                RENDER_SCOPING_LETTER,
                case_agency_id=link.case_agency_id,
                serial=link.serial,
                token=link.token,
            )
        log.info("scoping letters asked for %s agency link(s)", len(wanted))

    return enqueue


def after_send(conn: Connection, c: Container, before: CaseSnapshot, plan: Plan) -> AfterCommit:
    """``send_scoping_requests`` was applied: a link per agency, then the letters (the
    action's effect, ``effects.AFTER_ACTION``)."""
    due = plan.values.get("return_due_on")
    if not isinstance(due, date):
        raise RuntimeError("send_scoping_requests planned without a return date")
    issued = issue_links(
        conn, c, before.agencies, due_on=due, at=c.clock(), by=plan.actor.email or None
    )
    return letters_for(c, issued)


def return_due_on(c: Container, clocks_due: date | None) -> date:
    """The due date of a link issued now: the case's return deadline, or, when that has
    passed (a link re-issued late, an agency added late), the rule's working days from today
    so the agency is not asked for something already overdue."""
    today = london_date(c.clock())
    if clocks_due is not None and clocks_due >= today:
        return clocks_due
    rule = c.clock_rules[RETURN_CLOCK]
    return c.calendar.add_working_days(today, rule.working_days)


def returns_of(conn: Connection, agencies: Iterable[AgencyOnCase]) -> dict[int, ReturnFacts]:
    """What intake holds of each agency's return, by case agency id."""
    found = fetch_scoping_returns(conn, [a.id for a in agencies])
    return {
        i: ReturnFacts(r.status, r.saved_at, r.submitted_at, r.reopened_at, r.started_at)
        for i, r in found.items()
    }


def fetch_return(c: Container, case_agency_id: int) -> ScopingReturnSnapshot | None:
    """An agency's return as intake holds it (drafts included)."""
    with c.engine.connect() as conn:
        return fetch_scoping_returns(conn, [case_agency_id]).get(case_agency_id)


def every_return_in(conn: Connection, agencies: tuple[AgencyOnCase, ...], today: date) -> bool:
    return all_returned(agencies, returns_of(conn, agencies), today)
