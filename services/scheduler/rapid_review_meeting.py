"""The Rapid Review meeting of a case: its planned date and window, who took part, and the
quorum; staff add and remove participants (timeline and audit, one transaction each)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.case_notes import note
from services.scheduler.domain import meeting as rules
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import ActionRefused, Actor
from services.scheduler.domain.meeting import MEETING_CLOCK, Participant
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import partner_label
from services.scheduler.domain.states import CaseState
from services.scheduler.store import lifecycle as store
from services.scheduler.store import meeting as people
from services.scheduler.tables import case

log = logging.getLogger(__name__)


class CaseNotFound(LookupError):
    pass


@dataclass(frozen=True)
class MeetingView:
    reference: str
    route: Route
    state: CaseState
    #: the date set for the meeting (or the date it was held), if any
    meeting_on: date | None
    held: bool
    window_opens_on: date | None
    window_closes_on: date | None
    participants: tuple[Participant, ...]

    @property
    def quorate(self) -> bool:
        return rules.quorate(self.participants)

    @property
    def quorum_text(self) -> str:
        return rules.quorum_text(self.participants)


def meeting_view(c: Container, reference: str) -> MeetingView:
    with c.engine.connect() as conn:
        row = _row(conn, reference, lock=False)
        snapshot = store.snapshot(conn, row)
    clock = snapshot.clock(MEETING_CLOCK)
    held_on = snapshot.done.get("record_meeting_held")
    return MeetingView(
        reference,
        snapshot.route,
        snapshot.state,
        held_on or snapshot.done.get("set_meeting_date"),
        held_on is not None,
        clock.window_opens_on if clock else None,
        clock.due_on if clock else None,
        snapshot.participants,
    )


def _row(conn: Connection, reference: str, *, lock: bool) -> Any:
    row = (
        store.lock_case(conn, reference)
        if lock
        else conn.execute(select(case).where(case.c.reference == reference)).first()
    )
    if row is None:
        raise CaseNotFound(reference)
    return row


def refusal(c: Container, reference: str, actor: Actor) -> str:
    with c.engine.connect() as conn:
        row = _row(conn, reference, lock=False)
    return rules.participants_refusal(Route(row.route), CaseState(row.state), actor.role)


def _checked_row(conn: Connection, reference: str, actor: Actor) -> Any:
    row = _row(conn, reference, lock=True)
    refused = rules.participants_refusal(Route(row.route), CaseState(row.state), actor.role)
    if refused:
        raise ActionRefused(refused)
    return row


def _who(c: Container, person: Participant) -> str:
    if person.partner is None:
        return f"{person.name} ({person.agency})"
    label = partner_label(person.partner, health_label=c.config["HEALTH_PARTNER_LABEL"])
    return f"{person.name} ({person.agency}, for {label})"


def add_participant(
    c: Container,
    reference: str,
    raw: Mapping[str, object],
    actor: Actor,
    *,
    remote_addr: str | None = None,
) -> int:
    """Record a participant (checked: ParticipantErrors with GOV.UK messages)."""
    person = rules.check_participant(raw, london_date(c.clock()))
    with c.engine.begin() as conn:
        row = _checked_row(conn, reference, actor)
        made = people.add_participant(conn, row.id, person, at=c.clock(), by=actor.email or None)
        note(
            conn,
            c,
            row,
            actor,
            "participant_added",
            f"{_who(c, person)} added to the Rapid Review meeting's participants",
            ids={"participant_id": made},
            remote_addr=remote_addr,
        )
    return made


def remove_participant(
    c: Container,
    reference: str,
    participant_id: int,
    actor: Actor,
    *,
    remote_addr: str | None = None,
) -> bool:
    with c.engine.begin() as conn:
        row = _checked_row(conn, reference, actor)
        found = next(
            (p for p in people.participants_of(conn, row.id) if p.id == participant_id), None
        )
        if found is None or not people.remove_participant(conn, row.id, participant_id):
            return False
        note(
            conn,
            c,
            row,
            actor,
            "participant_removed",
            f"{_who(c, found)} taken off the Rapid Review meeting's participants",
            ids={"participant_id": participant_id},
            remote_addr=remote_addr,
        )
    return True
