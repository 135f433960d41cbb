"""The Rapid Review meeting as its calendar invitation needs it: one setting of its date.

Each "Set the date of the Rapid Review meeting" is an event; the invitation follows the
events from the first one that gave a start time. That event is sequence 0, and each later
setting is the next sequence: an update when it gives a time, a cancellation when it does
not (the meeting no longer has a time anyone can put in a calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.tables import case, case_event

_SET_MEETING_DATE = "set_meeting_date"


@dataclass(frozen=True)
class MeetingSetting:
    reference: str
    event_id: int
    on: date
    #: Europe/London wall-clock times; None when this setting gave no start time
    starts_at: time | None
    ends_at: time | None
    place: str
    #: the invitation's SEQUENCE; None before any setting gave a start time (no invitation)
    sequence: int | None
    #: a later setting replaced this one (its own invitation or cancellation goes instead)
    superseded: bool
    #: this setting gave no start time after one that did: the invitation is cancelled (the
    #: date, times and place are then the last invitation's, for the cancellation to name)
    cancelled: bool = False


def _time(value: object) -> time | None:
    return time.fromisoformat(value) if isinstance(value, str) and value else None


def fetch_meeting_setting(conn: Connection, reference: str, event_id: int) -> MeetingSetting | None:
    """Setting ``event_id`` of case ``reference``; None when there is no such event."""
    rows = conn.execute(
        select(case_event.c.id, case_event.c.on, case_event.c.details)
        .join(case, case.c.id == case_event.c.case_id)
        .where(case.c.reference == reference, case_event.c.action == _SET_MEETING_DATE)
        .order_by(case_event.c.id)
    ).all()
    ids = [r.id for r in rows]
    if event_id not in ids:
        return None
    index = ids.index(event_id)
    timed = [i for i, r in enumerate(rows) if _time((r.details or {}).get("starts_at"))]
    sequence = index - timed[0] if timed and timed[0] <= index else None
    cancelled = sequence is not None and index not in timed
    # a cancellation names the meeting it cancels: the last setting that gave a time
    row = rows[max(i for i in timed if i <= index)] if cancelled else rows[index]
    details = row.details or {}
    return MeetingSetting(
        reference=reference,
        event_id=event_id,
        on=row.on,
        starts_at=_time(details.get("starts_at")),
        ends_at=_time(details.get("ends_at")),
        place=str(details.get("place") or "").strip(),
        sequence=sequence,
        superseded=index < len(ids) - 1,
        cancelled=cancelled,
    )
