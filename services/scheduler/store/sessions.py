"""Console sessions on the server: found by the SHA-256 of the id in the cookie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from services.scheduler.tables import staff_session


@dataclass(frozen=True)
class SessionRow:
    id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


def add(conn: Connection, *, token_hash: str, user_id: int, at: datetime) -> int:
    return int(
        conn.execute(
            insert(staff_session)
            .values(token_hash=token_hash, user_id=user_id, created_at=at, last_seen_at=at)
            .returning(staff_session.c.id)
        ).scalar_one()
    )


def by_token_hash(conn: Connection, token_hash: str) -> SessionRow | None:
    row = conn.execute(
        select(
            staff_session.c.id,
            staff_session.c.user_id,
            staff_session.c.created_at,
            staff_session.c.last_seen_at,
            staff_session.c.ended_at,
        ).where(staff_session.c.token_hash == token_hash)
    ).first()
    return SessionRow(**row._mapping) if row else None


def touch(conn: Connection, session_id: int, at: datetime) -> None:
    conn.execute(
        update(staff_session).where(staff_session.c.id == session_id).values(last_seen_at=at)
    )


def end(conn: Connection, session_id: int, at: datetime, reason: str) -> None:
    conn.execute(
        update(staff_session)
        .where(staff_session.c.id == session_id, staff_session.c.ended_at.is_(None))
        .values(ended_at=at, end_reason=reason)
    )


def end_all_for(conn: Connection, user_id: int, at: datetime, reason: str) -> int:
    """End every open session of one account; how many were open."""
    result = conn.execute(
        update(staff_session)
        .where(staff_session.c.user_id == user_id, staff_session.c.ended_at.is_(None))
        .values(ended_at=at, end_reason=reason)
    )
    return result.rowcount
