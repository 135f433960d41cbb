"""Staff accounts. Password hashes never leave this module except to be verified."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from services.scheduler.tables import staff_user


@dataclass(frozen=True)
class StaffUser:
    id: int
    email: str
    name: str
    role: str
    active: bool
    created_at: datetime
    last_sign_in_at: datetime | None
    #: la, police or health for a partner lead; None for everyone else
    partner: str | None = None


_PUBLIC = (
    staff_user.c.id,
    staff_user.c.email,
    staff_user.c.name,
    staff_user.c.role,
    staff_user.c.active,
    staff_user.c.created_at,
    staff_user.c.last_sign_in_at,
    staff_user.c.partner,
)


def add(
    conn: Connection,
    *,
    email: str,
    name: str,
    role: str,
    password_hash: str,
    created_at: datetime,
    partner: str | None = None,
) -> int:
    return int(
        conn.execute(
            insert(staff_user)
            .values(
                email=email,
                name=name,
                role=role,
                partner=partner,
                password_hash=password_hash,
                active=True,
                created_at=created_at,
            )
            .returning(staff_user.c.id)
        ).scalar_one()
    )


def by_id(conn: Connection, user_id: int) -> StaffUser | None:
    row = conn.execute(select(*_PUBLIC).where(staff_user.c.id == user_id)).first()
    return StaffUser(**row._mapping) if row else None


def by_email(conn: Connection, email: str) -> StaffUser | None:
    row = conn.execute(select(*_PUBLIC).where(staff_user.c.email == email)).first()
    return StaffUser(**row._mapping) if row else None


def password_hash(conn: Connection, user_id: int) -> str | None:
    return conn.execute(
        select(staff_user.c.password_hash).where(staff_user.c.id == user_id)
    ).scalar_one_or_none()


def everyone(conn: Connection) -> list[StaffUser]:
    rows = conn.execute(select(*_PUBLIC).order_by(staff_user.c.email))
    return [StaffUser(**r._mapping) for r in rows]


def signed_in(conn: Connection, user_id: int, at: datetime, new_hash: str | None) -> None:
    values: dict[str, object] = {"last_sign_in_at": at}
    if new_hash is not None:
        values["password_hash"] = new_hash
    conn.execute(update(staff_user).where(staff_user.c.id == user_id).values(**values))


def set_active(conn: Connection, user_id: int, active: bool) -> None:
    conn.execute(update(staff_user).where(staff_user.c.id == user_id).values(active=active))


def set_partner(conn: Connection, user_id: int, partner: str) -> None:
    conn.execute(update(staff_user).where(staff_user.c.id == user_id).values(partner=partner))


def active_with_roles(conn: Connection, roles: Collection[str]) -> list[StaffUser]:
    """The active staff with one of ``roles``, by name."""
    rows = conn.execute(
        select(*_PUBLIC)
        .where(staff_user.c.active.is_(True), staff_user.c.role.in_(list(roles)))
        .order_by(staff_user.c.name, staff_user.c.id)
    )
    return [StaffUser(**r._mapping) for r in rows]


def names_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(
        select(staff_user.c.id, staff_user.c.name).where(staff_user.c.id.in_(wanted))
    )
    return {r.id: r.name for r in rows}
