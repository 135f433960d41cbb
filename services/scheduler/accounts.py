"""Staff accounts: creating and changing them (CLI) and checking a sign-in (console).

Every change to an account is audited; the command line does not know who typed it, so
those events name the command instead of an actor.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.casework import audit_event
from services.scheduler.domain.staff import (
    Partner,
    Role,
    StaffRuleError,
    check_email,
    check_partner,
    check_password,
    check_role,
    normalise_email,
)
from services.scheduler.sessions import Ended
from services.scheduler.store import sessions as session_rows
from services.scheduler.store import staff
from services.scheduler.store.staff import StaffUser


class DuplicateEmail(StaffRuleError):
    pass


class NoSuchAccount(StaffRuleError):
    pass


def create_staff(
    c: Container, *, email: str, name: str, role: str, password: str, partner: str | None = None
) -> StaffUser:
    email = check_email(email)
    if not name.strip():
        raise StaffRuleError("Enter the person's name")
    checked_role = check_role(role)
    checked_partner = check_partner(checked_role, partner)
    check_password(password)
    with c.engine.begin() as conn:
        if staff.by_email(conn, email) is not None:
            raise DuplicateEmail(f"A staff account for {email} already exists")
        user_id = staff.add(
            conn,
            email=email,
            name=name.strip(),
            role=checked_role.value,
            partner=checked_partner.value if checked_partner else None,
            password_hash=c.passwords.hash(password),
            created_at=c.clock(),
        )
        user = staff.by_id(conn, user_id)
    assert user is not None
    _audit_change(c, "staff.added", user, f"role={user.role}; partner={user.partner or '-'}")
    return user


def deactivate_staff(c: Container, email: str) -> int:
    """Stop an account signing in and end its sessions now; how many sessions ended."""
    with c.engine.begin() as conn:
        user = _existing(conn, email)
        staff.set_active(conn, user.id, False)
        ended = session_rows.end_all_for(conn, user.id, c.clock(), Ended.DEACTIVATED)
    _audit_change(c, "staff.deactivated", user, f"sessions ended={ended}")
    return ended


def set_partner(c: Container, email: str, partner: str) -> StaffUser:
    with c.engine.begin() as conn:
        user = _existing(conn, email)
        checked = check_partner(Role(user.role), partner)
        assert isinstance(checked, Partner)
        staff.set_partner(conn, user.id, checked.value)
        changed = staff.by_id(conn, user.id)
    assert changed is not None
    _audit_change(c, "staff.partner_set", changed, f"partner={checked.value}")
    return changed


def _existing(conn: Connection, email: str) -> StaffUser:
    user = staff.by_email(conn, normalise_email(email))
    if user is None:
        raise NoSuchAccount(f"No staff account for {normalise_email(email)}")
    return user


def _audit_change(c: Container, action: str, user: StaffUser, detail: str) -> None:
    audit_event(
        c, action, actor_id=None, actor_email=None, detail=f"{user.email}; {detail}; by cspr users"
    )


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


def known_email(c: Container, email: str) -> StaffUser | None:
    with c.engine.connect() as conn:
        return staff.by_email(conn, normalise_email(email))
