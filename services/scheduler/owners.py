"""A case's owner: the ops or chair staff member looking after it.

Changing the owner is audited (``case.owner_changed``, with staff ids, never names); it is
not a step of the case's process, so it is not on the timeline.
"""

from __future__ import annotations

from services.scheduler.bootstrap import Container
from services.scheduler.domain.staff import Role
from services.scheduler.store import audit, cases
from services.scheduler.store import staff as staff_store
from services.scheduler.store.audit import AuditEvent
from services.scheduler.store.staff import StaffUser

#: who may own a case, and who may change its owner
OWNER_ROLES = frozenset({Role.OPS, Role.CHAIR})
CHOOSE_FROM_LIST = "Choose an owner from the list"


class CaseNotFound(LookupError):
    pass


class OwnerRefused(ValueError):
    """The chosen person cannot own a case (unknown, inactive, or not ops or chair)."""

    def __init__(self, reason: str = CHOOSE_FROM_LIST) -> None:
        super().__init__(reason)
        self.reason = reason


def possible_owners(c: Container) -> list[StaffUser]:
    """The active ops and chair staff, by name."""
    with c.engine.connect() as conn:
        return staff_store.active_with_roles(conn, [r.value for r in OWNER_ROLES])


def parse_owner(value: str) -> int | None:
    """The form's value: "" is Not assigned, else a staff id (OwnerRefused if not a number)."""
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise OwnerRefused()
    return int(value)


def change_owner(
    c: Container,
    reference: str,
    owner_id: int | None,
    *,
    actor_id: int | None,
    actor_email: str | None,
    remote_addr: str | None,
) -> bool:
    """Make ``owner_id`` (None: nobody) the case's owner; False if it already was."""
    with c.engine.begin() as conn:
        row = cases.case_by_reference(conn, reference)
        if row is None:
            raise CaseNotFound(reference)
        if owner_id is not None:
            person = staff_store.by_id(conn, owner_id)
            if person is None or not person.active or person.role not in OWNER_ROLES:
                raise OwnerRefused()
        if row.owner_id == owner_id:
            return False
        cases.set_owner(conn, row.id, owner_id)
        audit.record(
            conn,
            AuditEvent(
                c.clock(),
                "case.owner_changed",
                actor_id,
                actor_email,
                reference,
                f"owner_id={_id(owner_id)}; previous_owner_id={_id(row.owner_id)}",
                remote_addr,
            ),
        )
    return True


def _id(value: int | None) -> str:
    return "none" if value is None else str(value)
