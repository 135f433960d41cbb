"""Console sessions: a random id in the signed cookie, only its SHA-256 on the server.

A copied cookie is worth nothing once its session has ended: at sign-out, after
``SESSION_IDLE_MINUTES`` without a request, ``SESSION_MAX_HOURS`` after signing in, or
when the account is deactivated. Signing in always starts a new session (a new id), and
ends the one the browser had.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.scheduler.bootstrap import Container
from services.scheduler.casework import audit_event
from services.scheduler.store import sessions, staff
from services.scheduler.store.sessions import SessionRow
from services.scheduler.store.staff import StaffUser


class Ended(StrEnum):
    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    MAX_AGE = "max_age"
    DEACTIVATED = "deactivated"
    #: the browser signed in again: its old session id is never honoured again
    REPLACED = "replaced"


@dataclass(frozen=True)
class Resumed:
    user: StaffUser | None
    #: why the session ended on this request, when it did (idle or max_age)
    ended: Ended | None = None


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(c: Container, user: StaffUser, *, replacing: str | None = None) -> str:
    """A new session for ``user``; the token goes in the cookie and nowhere else."""
    token = new_token()
    now = c.clock()
    with c.engine.begin() as conn:
        if replacing:
            old = sessions.by_token_hash(conn, token_hash(replacing))
            if old is not None:
                sessions.end(conn, old.id, now, Ended.REPLACED)
        sessions.add(conn, token_hash=token_hash(token), user_id=user.id, at=now)
    return token


def resume(c: Container, token: str, *, remote_addr: str | None = None) -> Resumed:
    """The signed-in person of this token, or why not; every request moves the idle clock."""
    now = c.clock()
    with c.engine.begin() as conn:
        row = sessions.by_token_hash(conn, token_hash(token))
        if row is None or row.ended_at is not None:
            return Resumed(None)
        user = staff.by_id(conn, row.user_id)
        ended = _over(c, row, user, now)
        if ended is None:
            sessions.touch(conn, row.id, now)
            return Resumed(user)
        sessions.end(conn, row.id, now, ended)
    if user is not None:
        audit_event(
            c,
            "staff.session_ended",
            actor_id=user.id,
            actor_email=user.email,
            detail=f"reason={ended}",
            remote_addr=remote_addr,
        )
    return Resumed(None, ended if ended in (Ended.IDLE, Ended.MAX_AGE) else None)


def _over(c: Container, row: SessionRow, user: StaffUser | None, now: datetime) -> Ended | None:
    if user is None or not user.active:
        return Ended.DEACTIVATED
    if now - row.last_seen_at > c.session_policy.idle:
        return Ended.IDLE
    if now - row.created_at >= c.session_policy.max_age:
        return Ended.MAX_AGE
    return None


def end(c: Container, token: str, reason: Ended = Ended.SIGNED_OUT) -> None:
    with c.engine.begin() as conn:
        row = sessions.by_token_hash(conn, token_hash(token))
        if row is not None:
            sessions.end(conn, row.id, c.clock(), reason)


def end_all_for(c: Container, user_id: int, reason: Ended) -> int:
    with c.engine.begin() as conn:
        return sessions.end_all_for(conn, user_id, c.clock(), reason)
