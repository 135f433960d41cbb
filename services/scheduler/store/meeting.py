"""Who took part in a case's Rapid Review meeting, in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.staff import Partner
from services.scheduler.tables import meeting_participant


def participants_of(conn: Connection, case_id: int) -> tuple[Participant, ...]:
    rows = conn.execute(
        select(meeting_participant)
        .where(meeting_participant.c.case_id == case_id)
        .order_by(meeting_participant.c.id)
    )
    return tuple(
        Participant(
            id=r.id,
            name=r.name,
            job_role=r.job_role,
            agency=r.agency,
            partner=Partner(r.partner) if r.partner else None,
        )
        for r in rows
    )


def add_participant(
    conn: Connection, case_id: int, person: Participant, *, at: datetime, by: str | None
) -> int:
    made = conn.execute(
        insert(meeting_participant).values(
            case_id=case_id,
            name=person.name,
            job_role=person.job_role,
            agency=person.agency,
            partner=person.partner.value if person.partner else None,
            added_at=at,
            added_by=by,
        )
    ).inserted_primary_key
    return int(made[0]) if made else 0


def remove_participant(conn: Connection, case_id: int, participant_id: int) -> bool:
    gone = conn.execute(
        delete(meeting_participant).where(
            meeting_participant.c.case_id == case_id, meeting_participant.c.id == participant_id
        )
    )
    return bool(gone.rowcount)
