"""``DocumentRecords`` on the ``documents_document`` table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.documents.ports import DocumentRecord, NewDocument
from services.documents.tables import document


def _record(row: Any) -> DocumentRecord:
    return DocumentRecord(**{c.name: getattr(row, c.name) for c in document.columns})


def _upsert(conn: Connection, new: NewDocument, now: datetime) -> DocumentRecord:
    values = {**new.__dict__, "created_at": now}
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    base = insert(document).values(**values)
    statement = base.on_conflict_do_update(
        index_elements=[document.c.object_key],
        set_={k: base.excluded[k] for k in values if k != "object_key"},
    ).returning(*document.columns)
    return _record(conn.execute(statement).one())


class SqlDocuments:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        if engine.dialect.name not in ("postgresql", "sqlite"):
            raise ValueError(f"unsupported database {engine.dialect.name}")

    def upsert(self, documents: Sequence[NewDocument], now: datetime) -> list[DocumentRecord]:
        with self.engine.begin() as conn:
            return [_upsert(conn, new, now) for new in documents]

    def get(self, document_id: int) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(document).where(document.c.id == document_id)).first()
        return None if row is None else _record(row)

    def for_case(self, case_reference: str) -> list[DocumentRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(document)
                .where(document.c.case_reference == case_reference)
                .order_by(document.c.kind, document.c.version, document.c.format, document.c.id)
            ).all()
        return [_record(row) for row in rows]

    def latest(self, case_reference: str, kind: str, format: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(document)
                .where(
                    document.c.case_reference == case_reference,
                    document.c.kind == kind,
                    document.c.format == format,
                )
                .order_by(document.c.version.desc())
                .limit(1)
            ).first()
        return None if row is None else _record(row)

    def made_from(self, case_reference: str, kind: str, source: str) -> list[DocumentRecord]:
        mine = (
            document.c.case_reference == case_reference,
            document.c.kind == kind,
            document.c.source == source,
        )
        with self.engine.connect() as conn:
            newest = conn.execute(select(func.max(document.c.version)).where(*mine)).scalar()
            if newest is None:
                return []
            rows = conn.execute(
                select(document)
                .where(*mine, document.c.version == newest)
                .order_by(document.c.format)
            ).all()
        return [_record(row) for row in rows]

    def next_version(self, case_reference: str, kind: str) -> int:
        with self.engine.connect() as conn:
            newest = conn.execute(
                select(func.max(document.c.version)).where(
                    document.c.case_reference == case_reference, document.c.kind == kind
                )
            ).scalar()
        return int(newest or 0) + 1
