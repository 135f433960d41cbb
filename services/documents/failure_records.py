"""``FailureLog`` on the ``documents_failure`` table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from services.documents.ports import DocumentFailure
from services.documents.tables import failure

_OPEN = failure.c.resolved_at.is_(None)


class SqlFailures:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        if engine.dialect.name not in ("postgresql", "sqlite"):
            raise ValueError(f"unsupported database {engine.dialect.name}")

    def failed(self, found: DocumentFailure, now: datetime) -> int:
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        base = insert(failure).values(**found.__dict__, attempts=1, failed_at=now)
        latest = ("document", "job_id", "stage", "reason", "failed_at")
        # one statement, so two workers failing the same document at once count two
        # attempts on one open row (the partial unique index) rather than opening two
        statement = base.on_conflict_do_update(
            index_elements=[failure.c.case_reference, failure.c.kind, failure.c.source],
            index_where=_OPEN,
            set_={
                **{name: base.excluded[name] for name in latest},
                "attempts": failure.c.attempts + 1,
            },
        ).returning(failure.c.attempts)
        with self.engine.begin() as conn:
            return int(conn.execute(statement).scalar_one())

    def resolved(self, case_reference: str, kind: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(failure)
                .where(failure.c.case_reference == case_reference, failure.c.kind == kind, _OPEN)
                .values(resolved_at=now)
            )
