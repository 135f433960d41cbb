"""Reference allocation under concurrency, on PostgreSQL and on SQLite (the dev default)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from services.intake.ports import NewReferral
from services.intake.repository import SqlReferralRepository
from shared import migrate
from shared.db import make_engine
from tests.integration.intake.helpers import stored_rows

RECEIVED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

NEW = NewReferral(kind="serious_incident", form_id="serious-incident", form_version=1, answers={})


def allocate_concurrently(repo: SqlReferralRepository, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    references: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        try:
            barrier.wait()
            stored = repo.add(
                replace(NEW, answers={"child_name": f"Child {i}"}), received_at=RECEIVED
            )
            with lock:
                references.append(stored.reference)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return references


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_twenty_concurrent_referrals_get_twenty_consecutive_references(engine: Engine) -> None:
    references = allocate_concurrently(SqlReferralRepository(engine, "GSCP"), 20)
    assert sorted(references) == [f"GSCP-2026-{n:04d}" for n in range(1, 21)]
    assert sorted(row.reference for row in stored_rows(engine)) == sorted(references)


def test_concurrent_referrals_on_sqlite(sqlite_engine: Engine) -> None:
    references = allocate_concurrently(SqlReferralRepository(sqlite_engine, "GSCP"), 20)
    assert sorted(references) == [f"GSCP-2026-{n:04d}" for n in range(1, 21)]


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_each_year_and_prefix_counts_from_one(backend: str, request: pytest.FixtureRequest) -> None:
    engine = request.getfixturevalue("engine" if backend == "postgresql" else "sqlite_engine")
    gscp, other = SqlReferralRepository(engine, "GSCP"), SqlReferralRepository(engine, "LSCP")
    new_year = datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC)
    old_year = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
    added = [
        gscp.add(NEW, received_at=old_year).reference,
        gscp.add(NEW, received_at=old_year).reference,
        gscp.add(NEW, received_at=new_year).reference,
        other.add(NEW, received_at=new_year).reference,
    ]
    assert added == ["GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2027-0001", "LSCP-2027-0001"]


def test_the_relay_batch_locks_rows_so_concurrent_relays_skip_them(engine: Engine) -> None:
    repo = SqlReferralRepository(engine, "GSCP")
    ids = [repo.add(NEW, received_at=RECEIVED).id for _ in range(3)]
    with repo.pending(10) as first:
        assert list(first.ids) == ids
        with repo.pending(10) as second:  # another relay, while the first holds its rows
            assert list(second.ids) == []
        first.mark_handed_off(ids[0], RECEIVED)
    with repo.pending(10) as later:
        assert list(later.ids) == ids[1:]
