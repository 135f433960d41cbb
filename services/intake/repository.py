"""The referral store on PostgreSQL or SQLite (adapter for ``ports.ReferralRepository``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.intake.ports import StoredReferral
from services.intake.references import format_reference, reference_year
from services.intake.tables import reference_counter, referral


def next_number(conn: Connection, prefix: str, year: int) -> int:
    """Take the next number of ``prefix``/``year`` inside the caller's transaction.

    One upsert statement: PostgreSQL locks the counter row until the transaction ends and
    SQLite takes the database write lock, so concurrent referrals never share a number and
    a rolled-back referral gives its number back.
    """
    first = {"prefix": prefix, "year": year, "last_number": 1}
    key = [reference_counter.c.prefix, reference_counter.c.year]
    bump = {"last_number": reference_counter.c.last_number + 1}
    statement: postgresql.Insert | sqlite.Insert
    if conn.dialect.name == "postgresql":
        statement = (
            postgresql.insert(reference_counter)
            .values(first)
            .on_conflict_do_update(index_elements=key, set_=bump)
        )
    elif conn.dialect.name == "sqlite":
        statement = (
            sqlite.insert(reference_counter)
            .values(first)
            .on_conflict_do_update(index_elements=key, set_=bump)
        )
    else:
        raise RuntimeError(f"reference counter not supported on {conn.dialect.name}")
    number = conn.execute(statement.returning(reference_counter.c.last_number)).scalar_one()
    return int(number)


def _mark(conn: Connection, referral_id: int, at: datetime) -> None:
    conn.execute(
        update(referral)
        .where(referral.c.id == referral_id, referral.c.handed_off_at.is_(None))
        .values(handed_off_at=at)
    )


@dataclass
class _SqlBatch:
    conn: Connection
    ids: Sequence[int]

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        _mark(self.conn, referral_id, at)


class SqlReferralRepository:
    def __init__(self, engine: Engine, prefix: str) -> None:
        self.engine = engine
        self.prefix = prefix

    def add(
        self, *, kind: str, received_at: datetime, answers: Mapping[str, str]
    ) -> StoredReferral:
        year = reference_year(received_at)
        with self.engine.begin() as conn:
            reference = format_reference(self.prefix, year, next_number(conn, self.prefix, year))
            referral_id = conn.execute(
                insert(referral)
                .values(
                    reference=reference, kind=kind, received_at=received_at, answers=dict(answers)
                )
                .returning(referral.c.id)
            ).scalar_one()
        return StoredReferral(id=int(referral_id), reference=reference)

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        with self.engine.begin() as conn:
            _mark(conn, referral_id, at)

    @contextmanager
    def pending(self, limit: int) -> Iterator[_SqlBatch]:
        # SKIP LOCKED lets two relays run at once on PostgreSQL without taking the same rows;
        # SQLite ignores the clause and serialises writers instead.
        with self.engine.begin() as conn:
            ids = (
                conn.execute(
                    select(referral.c.id)
                    .where(referral.c.handed_off_at.is_(None))
                    .order_by(referral.c.received_at, referral.c.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            yield _SqlBatch(conn, [int(i) for i in ids])
