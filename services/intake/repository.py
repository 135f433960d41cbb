"""The referral store on PostgreSQL or SQLite (adapter for ``ports.ReferralRepository``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from services.intake.ports import NewReferral, StoredReferral
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


def _by_key(conn: Connection, key: str | None) -> StoredReferral | None:
    if key is None:
        return None
    row = conn.execute(
        select(referral.c.id, referral.c.reference).where(referral.c.submission_key == key)
    ).first()
    return StoredReferral(id=int(row.id), reference=row.reference, created=False) if row else None


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

    def add(self, new: NewReferral, *, received_at: datetime) -> StoredReferral:
        year = reference_year(received_at)
        try:
            with self.engine.begin() as conn:
                earlier = _by_key(conn, new.submission_key)
                if earlier is not None:
                    return earlier
                number = next_number(conn, self.prefix, year)
                reference = format_reference(self.prefix, year, number)
                referral_id = conn.execute(
                    insert(referral)
                    .values(
                        reference=reference,
                        kind=new.kind,
                        form_id=new.form_id,
                        form_version=new.form_version,
                        received_at=received_at,
                        answers=dict(new.answers),
                        source=new.source,
                        submission_key=new.submission_key,
                    )
                    .returning(referral.c.id)
                ).scalar_one()
        except IntegrityError:
            # the same submission raced us and committed first: it is the one to show
            with self.engine.connect() as conn:
                earlier = _by_key(conn, new.submission_key)
            if earlier is None:
                raise
            return earlier
        return StoredReferral(id=int(referral_id), reference=reference)

    def reference_of(self, referral_id: int) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(referral.c.reference).where(referral.c.id == referral_id)
            ).scalar_one_or_none()
        return str(found) if found is not None else None

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
