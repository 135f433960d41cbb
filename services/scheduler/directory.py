"""The partnership's directory of agencies and their safeguarding contacts, kept by admins
and the ops team; ops pick from it when adding an agency to a case.

Picking an entry copies its details onto the case, so changing an entry, or making it
inactive, never changes an agency already on a case: that keeps what it was sent. Every
change is audited as ``agencies.directory_changed``, with the entry's id only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.domain.agency_changes import AgencyErrors, check_agency
from services.scheduler.domain.clocks import london_date
from services.scheduler.store import agencies as store
from services.scheduler.store import audit
from services.scheduler.store.agencies import DirectoryEntry, DuplicateName
from services.scheduler.store.audit import AuditEvent

log = logging.getLogger(__name__)

AUDIT_ACTION = "agencies.directory_changed"


class EntryNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Keeper:
    """Who changes the directory, for the audit trail."""

    id: int | None
    email: str | None
    remote_addr: str | None = None


def duplicate_error(name: str) -> str:
    return f"An agency called {name} is already in the directory"


def entries(c: Container) -> list[DirectoryEntry]:
    with c.engine.connect() as conn:
        return store.directory(conn)


def entry(c: Container, entry_id: int) -> DirectoryEntry:
    with c.engine.connect() as conn:
        found = store.directory_entry(conn, entry_id)
    if found is None:
        raise EntryNotFound(entry_id)
    return found


def save_entry(
    c: Container, raw: Mapping[str, object], keeper: Keeper, *, entry_id: int | None = None
) -> int:
    """Add an entry (``entry_id`` None) or change one: the details are checked as a case
    agency's are (AgencyErrors, GOV.UK messages by input id), and a name another entry has,
    in any case, is refused on the name."""
    details = check_agency(raw, london_date(c.clock()))
    with c.engine.begin() as conn:
        every = store.directory(conn)
        if entry_id is not None and all(e.id != entry_id for e in every):
            raise EntryNotFound(entry_id)
        wanted = details.name.casefold()
        if any(e.details.name.casefold() == wanted and e.id != entry_id for e in every):
            raise AgencyErrors({"name": duplicate_error(details.name)})
        try:
            saved = store.save_directory_entry(conn, details, at=c.clock(), entry_id=entry_id)
        except DuplicateName:
            # another keeper saved this name since we looked
            raise AgencyErrors({"name": duplicate_error(details.name)}) from None
        _audit(c, conn, keeper, saved, "added" if entry_id is None else "changed")
    log.info("directory entry %s %s", saved, "added" if entry_id is None else "changed")
    return saved


def set_active(c: Container, entry_id: int, active: bool, keeper: Keeper) -> bool:
    """Offer the entry to ops again, or stop offering it; False when it already was so."""
    with c.engine.begin() as conn:
        found = store.directory_entry(conn, entry_id)
        if found is None:
            raise EntryNotFound(entry_id)
        if found.active == active:
            return False
        store.set_directory_active(conn, entry_id, active, at=c.clock())
        _audit(c, conn, keeper, entry_id, "made_active" if active else "made_inactive")
    return True


def _audit(c: Container, conn: Connection, keeper: Keeper, entry_id: int, how: str) -> None:
    audit.record(
        conn,
        AuditEvent(
            c.clock(),
            AUDIT_ACTION,
            keeper.id,
            keeper.email,
            None,
            f"entry_id={entry_id}; {how}",
            keeper.remote_addr,
        ),
    )
