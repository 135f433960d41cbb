"""``PackBuilds`` on the ``documents_pack_build`` table: how each pack's build is going."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.documents.pack_ports import PackBuild
from services.documents.tables import pack_build
from shared.packs import BUILDING, DONE, FAILED


def build_from_row(row: Any) -> PackBuild:
    return PackBuild(
        pack_id=row.pack_id,
        case_reference=row.case_reference,
        kind=row.kind,
        status=row.status,
        done=row.done,
        total=row.total,
        reason=row.reason or "",
        attempts=row.attempts,
        started_at=row.started_at,
        finished_at=row.finished_at,
        version=row.version,
        pdf_document_id=row.pdf_document_id,
        zip_document_id=row.zip_document_id,
    )


class SqlPackBuilds:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(
        self, pack_id: int, reference: str, kind: str, job_id: str | None, now: datetime
    ) -> None:
        again = {
            "status": BUILDING,
            "done": 0,
            "total": 0,
            "reason": None,
            "job_id": job_id,
            "started_at": now,
            "finished_at": None,
        }
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(pack_build)
                .where(pack_build.c.pack_id == pack_id)
                .values(**again, attempts=pack_build.c.attempts + 1)
            ).rowcount
        if changed:
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(pack_build).values(
                        pack_id=pack_id, case_reference=reference, kind=kind, attempts=1, **again
                    )
                )
        except IntegrityError:
            # another worker started it at the same moment: count this attempt too
            self.start(pack_id, reference, kind, job_id, now)

    def advance(self, pack_id: int, done: int, total: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(pack_build)
                .where(pack_build.c.pack_id == pack_id)
                .values(done=done, total=total)
            )

    def finish(
        self, pack_id: int, version: int, pdf_document_id: int, zip_document_id: int, now: datetime
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(pack_build)
                .where(pack_build.c.pack_id == pack_id)
                .values(
                    status=DONE,
                    done=pack_build.c.total,
                    reason=None,
                    finished_at=now,
                    version=version,
                    pdf_document_id=pdf_document_id,
                    zip_document_id=zip_document_id,
                )
            )

    def fail(self, pack_id: int, reason: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(pack_build)
                .where(pack_build.c.pack_id == pack_id)
                .values(status=FAILED, reason=reason[:2000], finished_at=now)
            )

    def get(self, pack_id: int) -> PackBuild | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(pack_build).where(pack_build.c.pack_id == pack_id)).first()
        return None if row is None else build_from_row(row)
