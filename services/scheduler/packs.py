"""Packs of a case: asking documents to build one (the Rapid Review meeting pack once the
national Panel is notified; the Panel submission pack once the three lead representatives
approved a final report), how each build is going, and a rebuild of the meeting pack when a
scoping return arrives after the last one was asked for.

The request is the scheduler's (``scheduler_pack_request``, whose id is the pack's id); the
build is documents' (its ``build_pack`` job), read through ``services.documents.readmodel``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from services.documents.readmodel import fetch_pack_builds
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.readmodel import fetch_report
from services.scheduler.store.agencies import case_agency_lookup
from services.scheduler.tables import case, case_event, pack_request
from shared.packs import MEETING, PACK_KINDS, PANEL, QUEUED, STATUS_LABELS, PackKind

log = logging.getLogger(__name__)

BUILD_JOB = "services.documents.jobs.build_pack"
REQUESTED, NEW_RETURN = "requested", "new-return"
#: who asked, when nobody did
CSPR = "cspr, when a scoping return arrived"
NOT_NOTIFIED = (
    "The Rapid Review meeting pack can be built once the national Panel's notification is recorded."
)
NOT_APPROVED = (
    "The Panel submission pack can be built once the three lead representatives have approved "
    "a final Report of Rapid Review."
)


class CaseNotFound(LookupError):
    pass


class PackRefused(Exception):
    """This pack cannot be built for the case now; the reason is staff's words."""


class QueueDown(RuntimeError):
    """The request could not be handed to documents; nothing was kept."""


@dataclass(frozen=True)
class PackStatus:
    id: int
    case_reference: str
    kind: PackKind
    requested_at: datetime
    requested_by: str
    status: str
    done: int = 0
    total: int = 0
    failure: str = ""
    attempts: int = 0
    finished_at: datetime | None = None
    version: int | None = None
    pdf_document_id: int | None = None
    zip_document_id: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _case_id(conn: Connection, reference: str) -> int:
    found = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
    if found is None:
        raise CaseNotFound(reference)
    return int(found)


def refusal(conn: Connection, reference: str, kind: PackKind) -> str:
    """Why ``kind`` cannot be built for the case now; "" when it can."""
    case_id = _case_id(conn, reference)
    if kind == MEETING:
        notified = conn.execute(
            select(case_event.c.id).where(
                case_event.c.case_id == case_id,
                case_event.c.action == "record_panel_notification",
            )
        ).first()
        return "" if notified is not None else NOT_NOTIFIED
    report = fetch_report(conn, reference)
    return "" if report is not None and report.approved_by_all else NOT_APPROVED


def _hand_over(c: Container, conn: Connection, pack_id: int) -> None:
    try:
        c.queue.enqueue(BUILD_JOB, pack_id=pack_id)
    except Exception as exc:
        conn.execute(delete(pack_request).where(pack_request.c.id == pack_id))
        log.warning("pack %s not handed to documents: %s", pack_id, type(exc).__name__)
        raise QueueDown("the job queue is not answering") from exc


def request_pack(c: Container, reference: str, kind_name: str, actor: Actor) -> PackStatus:
    """Keep the request and hand it to documents. Raises KeyError for an unknown kind,
    CaseNotFound, PackRefused (with the reason) or QueueDown (nothing kept)."""
    kind = PACK_KINDS[kind_name]
    now = c.clock()
    with c.engine.begin() as conn:
        why = refusal(conn, reference, kind)
        if why:
            raise PackRefused(why)
        pack_id = conn.execute(
            insert(pack_request)
            .values(
                case_id=_case_id(conn, reference),
                kind=kind.name,
                requested_at=now,
                requested_by_id=actor.id,
                requested_by_email=actor.email or None,
                reason=REQUESTED,
            )
            .returning(pack_request.c.id)
        ).scalar_one()
        # inside the transaction: a request the queue refused is not kept as "waiting"
        _hand_over(c, conn, pack_id)
    log.info("pack %s (%s) of %s requested", pack_id, kind.name, reference)
    return PackStatus(pack_id, reference, kind, now, actor.email, QUEUED)


def rebuild_after_return(c: Container, case_agency_id: int, returned_at: datetime) -> int | None:
    """A scoping return arrived: build the meeting pack again when one was asked for before,
    and none since the return. The new pack's id, or None."""
    with c.engine.begin() as conn:
        found = case_agency_lookup(conn, case_agency_id)
        if found is None:
            return None
        reference = found[0]
        newest = conn.execute(
            select(pack_request.c.requested_at)
            .where(
                pack_request.c.case_id == _case_id(conn, reference),
                pack_request.c.kind == MEETING.name,
            )
            .order_by(pack_request.c.id.desc())
            .limit(1)
        ).scalar()
        if newest is None or newest >= returned_at:
            return None
        pack_id = conn.execute(
            insert(pack_request)
            .values(
                case_id=_case_id(conn, reference),
                kind=MEETING.name,
                requested_at=c.clock(),
                reason=NEW_RETURN,
            )
            .returning(pack_request.c.id)
        ).scalar_one()
        _hand_over(c, conn, pack_id)
    log.info("meeting pack of %s rebuilt as pack %s: a scoping return arrived", reference, pack_id)
    return int(pack_id)


def _statuses(conn: Connection, rows: Sequence[Any]) -> list[PackStatus]:
    builds = fetch_pack_builds(conn, [r.id for r in rows])
    found = []
    for row in rows:
        who = row.requested_by_email or (CSPR if row.reason == NEW_RETURN else "")
        kind = PACK_KINDS[row.kind]
        build = builds.get(row.id)
        if build is None:
            found.append(PackStatus(row.id, row.reference, kind, row.requested_at, who, QUEUED))
            continue
        found.append(
            PackStatus(
                row.id,
                row.reference,
                kind,
                row.requested_at,
                who,
                build.status,
                done=build.done,
                total=build.total,
                failure=build.reason,
                attempts=build.attempts,
                finished_at=build.finished_at,
                version=build.version,
                pdf_document_id=build.pdf_document_id,
                zip_document_id=build.zip_document_id,
            )
        )
    return found


_COLUMNS = (
    pack_request.c.id,
    case.c.reference,
    pack_request.c.kind,
    pack_request.c.requested_at,
    pack_request.c.requested_by_email,
    pack_request.c.reason,
)


def pack_status(c: Container, pack_id: int) -> PackStatus | None:
    with c.engine.connect() as conn:
        rows = conn.execute(
            select(*_COLUMNS)
            .join(case, case.c.id == pack_request.c.case_id)
            .where(pack_request.c.id == pack_id)
        ).all()
        found = _statuses(conn, rows)
    return found[0] if found else None


@dataclass(frozen=True)
class CasePacks:
    """For the case page: each kind's newest pack, and why a kind cannot be built now."""

    newest: dict[str, PackStatus]
    refusals: dict[str, str]


def case_packs(c: Container, reference: str) -> CasePacks:
    with c.engine.connect() as conn:
        case_id = _case_id(conn, reference)
        newest_ids = [
            conn.execute(
                select(pack_request.c.id)
                .where(pack_request.c.case_id == case_id, pack_request.c.kind == kind)
                .order_by(pack_request.c.id.desc())
                .limit(1)
            ).scalar()
            for kind in PACK_KINDS
        ]
        rows = conn.execute(
            select(*_COLUMNS)
            .join(case, case.c.id == pack_request.c.case_id)
            .where(pack_request.c.id.in_([i for i in newest_ids if i is not None]))
        ).all()
        statuses = _statuses(conn, rows)
        refusals = {kind.name: refusal(conn, reference, kind) for kind in (MEETING, PANEL)}
    return CasePacks({s.kind.name: s for s in statuses}, refusals)
