"""Staff accounts: creating them (CLI) and checking a sign-in (console)."""

from __future__ import annotations

from services.scheduler.bootstrap import Container
from services.scheduler.domain.staff import (
    StaffRuleError,
    check_email,
    check_password,
    check_role,
    normalise_email,
)
from services.scheduler.store import staff
from services.scheduler.store.staff import StaffUser


class DuplicateEmail(StaffRuleError):
    pass


def create_staff(c: Container, *, email: str, name: str, role: str, password: str) -> StaffUser:
    email = check_email(email)
    if not name.strip():
        raise StaffRuleError("Enter the person's name")
    checked_role = check_role(role)
    check_password(password)
    with c.engine.begin() as conn:
        if staff.by_email(conn, email) is not None:
            raise DuplicateEmail(f"A staff account for {email} already exists")
        user_id = staff.add(
            conn,
            email=email,
            name=name.strip(),
            role=checked_role.value,
            password_hash=c.passwords.hash(password),
            created_at=c.clock(),
        )
        user = staff.by_id(conn, user_id)
    assert user is not None
    return user


def list_staff(c: Container) -> list[StaffUser]:
    with c.engine.connect() as conn:
        return staff.everyone(conn)


def authenticate(c: Container, email: str, password: str) -> StaffUser | None:
    """The active account with this email and password, or None (never says which failed)."""
    with c.engine.connect() as conn:
        user = staff.by_email(conn, normalise_email(email))
        stored = staff.password_hash(conn, user.id) if user else None
    if user is None or stored is None or not user.active:
        c.passwords.verify_nobody(password)
        return None
    if not c.passwords.verify(stored, password):
        return None
    new_hash = c.passwords.hash(password) if c.passwords.needs_rehash(stored) else None
    with c.engine.begin() as conn:
        staff.signed_in(conn, user.id, c.clock(), new_hash)
    return user


def active_user(c: Container, user_id: int) -> StaffUser | None:
    with c.engine.connect() as conn:
        user = staff.by_id(conn, user_id)
    return user if user is not None and user.active else None


def known_email(c: Container, email: str) -> StaffUser | None:
    with c.engine.connect() as conn:
        return staff.by_email(conn, normalise_email(email))
