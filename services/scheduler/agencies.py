"""What staff do to a case's agencies, and what intake reports of each agency's link.

Adding, changing and removing an agency, sending one agency its link again, withdrawing it,
and reopening a submitted return are recorded on the case timeline and in the audit trail,
in one transaction with the change. The rules are the domain's (``domain.agencies``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.case_notes import note
from services.scheduler.domain import agency_changes as rules
from services.scheduler.domain.agencies import (
    AgencyDetails,
    AgencyOnCase,
    ScopingStatus,
    scoping_status,
)
from services.scheduler.domain.agency_changes import AgencyChange
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import ActionRefused, Actor
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.scoping import (
    RETURN_CLOCK,
    every_return_in,
    issue_links,
    letters_for,
    return_due_on,
    returns_of,
)
from services.scheduler.store import agencies as store
from services.scheduler.store import lifecycle as timeline
from services.scheduler.store.cases import case_by_reference
from shared.govuk_dates import long_date

log = logging.getLogger(__name__)

REOPEN_RETURN = "services.intake.jobs.reopen_scoping_return"
#: what intake reports of a link's use, and how the timeline says it
ACTIVITIES: Mapping[str, str] = {
    "opened": "{agency} opened its scoping link",
    "draft_saved": "{agency} saved its scoping form to finish later",
    "returned": "{agency} returned its scoping form",
    "not_known": "{agency} said the child and family are not known to it",
}
#: the activities that count as the agency's return
RETURN_ACTIVITIES = frozenset({"returned", "not_known"})


class CaseNotFound(LookupError):
    pass


class AgencyNotFound(LookupError):
    pass


@dataclass(frozen=True)
class AgencyStatus:
    agency: AgencyOnCase
    status: ScopingStatus
    submitted_at: datetime | None

    @property
    def id(self) -> int:
        return self.agency.id


@dataclass(frozen=True)
class CaseAgencies:
    reference: str
    route: Route
    state: CaseState
    agencies: tuple[AgencyStatus, ...]

    @property
    def returned(self) -> int:
        return sum(1 for a in self.agencies if a.status.done)


def case_agencies(c: Container, reference: str) -> CaseAgencies:
    with c.engine.connect() as conn:
        row = case_by_reference(conn, reference)
        if row is None:
            raise CaseNotFound(reference)
        found = store.agencies_of(conn, row.id)
        returns = returns_of(conn, found)
    today = london_date(c.clock())
    return CaseAgencies(
        reference,
        Route(row.route),
        CaseState(row.state),
        tuple(
            AgencyStatus(
                a,
                scoping_status(a.link, returns.get(a.id), today),
                returns[a.id].submitted_at if a.id in returns else None,
            )
            for a in found
        ),
    )


def refusal(c: Container, reference: str, actor: Actor, change: AgencyChange) -> str:
    with c.engine.connect() as conn:
        row = case_by_reference(conn, reference)
    if row is None:
        raise CaseNotFound(reference)
    return rules.change_refusal(Route(row.route), CaseState(row.state), actor.role, change)


def _locked(conn: Connection, reference: str, actor: Actor, change: AgencyChange) -> Any:
    row = timeline.lock_case(conn, reference)
    if row is None:
        raise CaseNotFound(reference)
    refused = rules.change_refusal(Route(row.route), CaseState(row.state), actor.role, change)
    if refused:
        raise ActionRefused(refused)
    return row


def _agency(conn: Connection, row: Any, case_agency_id: int) -> AgencyOnCase:
    found = next(
        (a for a in store.agencies_of(conn, row.id) if a.id == case_agency_id),
        None,
    )
    if found is None:
        raise AgencyNotFound(case_agency_id)
    return found


def add_agency(
    c: Container,
    reference: str,
    raw: Mapping[str, object],
    actor: Actor,
    *,
    directory_id: int | None = None,
    remote_addr: str | None = None,
) -> int:
    """Add an agency typed in (checked; AgencyErrors) or picked from the directory."""
    today = london_date(c.clock())
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.ADD)
        source = "typed"
        if directory_id is not None:
            entry = store.directory_entry(conn, directory_id)
            if entry is None or not entry.active:
                raise AgencyNotFound(directory_id)
            details, source = entry.details, "directory"
        else:
            details = rules.check_agency(raw, today)
        made = store.add_case_agency(
            conn,
            row.id,
            details,
            source=source,
            at=c.clock(),
            reason=str(raw.get("reason") or ""),
            directory_id=directory_id,
            by=actor.email or None,
        )
        note(
            conn,
            c,
            row,
            actor,
            "agency_added",
            f"{details.name} added to the agencies involved",
            ids={"case_agency_id": made},
            remote_addr=remote_addr,
        )
    return made


def edit_agency(
    c: Container,
    reference: str,
    case_agency_id: int,
    raw: Mapping[str, object],
    actor: Actor,
    *,
    remote_addr: str | None = None,
) -> AgencyDetails:
    details = rules.check_agency(raw, london_date(c.clock()))
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.EDIT)
        before = _agency(conn, row, case_agency_id)
        store.update_case_agency(conn, case_agency_id, details)
        note(
            conn,
            c,
            row,
            actor,
            "agency_changed",
            f"The details of {before.name} were changed"
            + (f" (now {details.name})" if details.name != before.name else ""),
            ids={"case_agency_id": case_agency_id},
            remote_addr=remote_addr,
        )
    return details


def remove_agency(
    c: Container,
    reference: str,
    case_agency_id: int,
    actor: Actor,
    reason: str,
    *,
    remote_addr: str | None = None,
) -> None:
    """Take the agency off the case; its link stops working at once."""
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.REMOVE)
        found = _agency(conn, row, case_agency_id)
        store.remove_case_agency(conn, case_agency_id, at=c.clock())
        note(
            conn,
            c,
            row,
            actor,
            "agency_removed",
            f"{found.name} taken off the agencies involved; its link no longer works",
            reason=reason,
            ids={"case_agency_id": case_agency_id},
            remote_addr=remote_addr,
        )


def send_request(
    c: Container,
    reference: str,
    case_agency_id: int,
    actor: Actor,
    reason: str = "",
    *,
    remote_addr: str | None = None,
) -> date:
    """Send one agency its scoping request (again): a new link, the old one withdrawn, a new
    letter and email. Returns the new due date."""
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.SEND)
        found = _agency(conn, row, case_agency_id)
        if not found.details.can_be_sent:
            raise ActionRefused(
                f"Give {found.name} a named representative and an email address first."
            )
        clocks = {k.key: k for k in timeline.clocks_of(conn, row.id)}
        clock = clocks.get(RETURN_CLOCK)
        due = return_due_on(c, clock.due_on if clock else None)
        issued = issue_links(conn, c, [found], due_on=due, at=c.clock(), by=actor.email or None)
        again = found.link is not None
        note(
            conn,
            c,
            row,
            actor,
            "scoping_link_issued",
            f"Scoping request {'sent again' if again else 'sent'} to {found.name}: a new link, "
            f"due by 5pm on {long_date(due)}"
            + ("; the earlier link no longer works" if again else ""),
            reason=reason,
            ids={"case_agency_id": case_agency_id},
            remote_addr=remote_addr,
        )
    letters_for(c, issued)()
    return due


def revoke_link(
    c: Container,
    reference: str,
    case_agency_id: int,
    actor: Actor,
    reason: str,
    *,
    remote_addr: str | None = None,
) -> bool:
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.REVOKE)
        found = _agency(conn, row, case_agency_id)
        revoked = store.revoke_links(conn, case_agency_id, at=c.clock(), reason=reason)
        if not revoked:
            return False
        note(
            conn,
            c,
            row,
            actor,
            "scoping_link_revoked",
            f"The scoping link of {found.name} was withdrawn",
            reason=reason,
            ids={"case_agency_id": case_agency_id},
            remote_addr=remote_addr,
        )
    return True


def reopen_return(
    c: Container,
    reference: str,
    case_agency_id: int,
    actor: Actor,
    reason: str,
    *,
    remote_addr: str | None = None,
) -> None:
    """Let the agency change a submitted return through its link (intake reopens it)."""
    now = c.clock()
    with c.engine.begin() as conn:
        row = _locked(conn, reference, actor, AgencyChange.REOPEN)
        found = _agency(conn, row, case_agency_id)
        returned = returns_of(conn, [found]).get(case_agency_id)
        if returned is None or returned.status not in ("returned", "not_known"):
            raise ActionRefused(f"{found.name} has not returned its scoping form.")
        note(
            conn,
            c,
            row,
            actor,
            "scoping_return_reopened",
            f"The scoping return of {found.name} was reopened for the agency to change",
            reason=reason,
            ids={"case_agency_id": case_agency_id},
            remote_addr=remote_addr,
        )
    c.queue.enqueue(
        REOPEN_RETURN,
        case_agency_id=case_agency_id,
        reason=reason,
        reopened_at=now.isoformat(),
    )


def record_activity(c: Container, case_agency_id: int, activity: str, at: datetime) -> bool:
    """Put what intake reported on the timeline once; when the last agency's return is in,
    the return clock is met. False when this report was recorded before."""
    if activity not in ACTIVITIES:
        raise ValueError(f"unknown scoping activity {activity!r}")
    with c.engine.begin() as conn:
        found = store.case_agency_lookup(conn, case_agency_id)
        if found is None:
            raise AgencyNotFound(case_agency_id)
        reference, name = found
        row = timeline.lock_case(conn, reference)
        if not store.keep_activity(conn, case_agency_id, activity, at):
            return False
        if activity == "opened":
            store.mark_opened(conn, case_agency_id, at)
        timeline.add_event(
            conn,
            row.id,
            timeline.Event(
                at=c.clock(),
                on=london_date(at),
                action=f"scoping_{activity}",
                from_state=row.state,
                to_state=row.state,
                summary=ACTIVITIES[activity].format(agency=name),
                details={"case_agency_id": case_agency_id},
            ),
            actor_role="agency",
        )
        if activity in RETURN_ACTIVITIES:
            agencies = store.agencies_of(conn, row.id)
            if every_return_in(conn, agencies, london_date(at)):
                timeline.meet_clock(conn, row.id, RETURN_CLOCK, london_date(at), c.clock())
    log.info("scoping activity %s recorded for case agency %s", activity, case_agency_id)
    return True
