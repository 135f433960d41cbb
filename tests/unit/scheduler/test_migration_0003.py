"""Migration 0003 (staff sessions, sign-in attempts, partners) down and up on SQLite;
tests/integration/scheduler/test_staff_security_postgres.py does the same on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from shared import migrate
from shared.db import make_engine


def schema(url: str) -> tuple[set[str], set[str], list[str]]:
    engine = make_engine(url)
    try:
        inspector = inspect(engine)
        tables = {t for t in inspector.get_table_names() if t.startswith("scheduler_")}
        columns = {c["name"] for c in inspector.get_columns("scheduler_staff_user")}
        with engine.connect() as conn:
            emails = list(conn.execute(text("SELECT email FROM scheduler_staff_user")).scalars())
    finally:
        engine.dispose()
    return tables, columns, emails


def test_0003_goes_down_to_0002_and_up_again_keeping_accounts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url, "0002")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO scheduler_staff_user (email, name, role, password_hash, active, "
                "created_at) VALUES ('lead@p.example', 'Pat', 'partner-lead', 'x', 1, "
                "'2026-04-01 09:00:00')"
            )
        )
    engine.dispose()

    migrate.upgrade(url, "0003")
    tables, columns, emails = schema(url)
    assert {"scheduler_staff_session", "scheduler_sign_in_attempt"} <= tables
    assert "partner" in columns and emails == ["lead@p.example"]

    command.downgrade(migrate.alembic_config(url), "0002")
    tables, columns, emails = schema(url)
    assert not {"scheduler_staff_session", "scheduler_sign_in_attempt"} & tables
    assert "partner" not in columns and emails == ["lead@p.example"]

    migrate.upgrade(url, "0003")
    assert "partner" in schema(url)[1]
    migrate.upgrade(url)  # and on to the newest revision
