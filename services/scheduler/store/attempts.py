"""Sign-in attempts of the last few minutes, for throttling (the audit trail keeps history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.engine import Connection

from services.scheduler.tables import sign_in_attempt as attempt


def record(
    conn: Connection, *, at: datetime, account_key: str, remote_addr: str | None, succeeded: bool
) -> None:
    conn.execute(
        insert(attempt).values(
            at=at,
            account_key=account_key,
            remote_addr=(remote_addr or "")[:64] or None,
            succeeded=succeeded,
        )
    )


def failures_for_account(conn: Connection, account_key: str, since: datetime) -> int:
    """Failures since ``since`` and since the account's last successful sign-in."""
    last_success = conn.execute(
        select(func.max(attempt.c.at)).where(
            attempt.c.account_key == account_key, attempt.c.succeeded.is_(True)
        )
    ).scalar_one_or_none()
    if last_success is not None:
        since = max(since, last_success)
    return _count(
        conn,
        attempt.c.account_key == account_key,
        attempt.c.succeeded.is_(False),
        attempt.c.at > since,
    )


def failures_from_address(conn: Connection, remote_addr: str, since: datetime) -> int:
    return _count(
        conn,
        attempt.c.remote_addr == remote_addr[:64],
        attempt.c.succeeded.is_(False),
        attempt.c.at > since,
    )


def forget_before(conn: Connection, before: datetime) -> None:
    conn.execute(delete(attempt).where(attempt.c.at < before))


def _count(conn: Connection, *conditions: ColumnElement[bool]) -> int:
    return int(conn.execute(select(func.count()).where(*conditions)).scalar_one())
