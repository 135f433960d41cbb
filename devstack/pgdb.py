"""A throw-away PostgreSQL database built by the migrations, for the test sessions and the
benches alike (kept here, not in ``tests/fixtures``, so that a bench imports no pytest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from shared import migrate


@contextmanager
def fresh_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new database ``<prefix>_<random>`` on ``admin_url``'s server, migrated to the
    heads, dropped afterwards; its URL. Its sessions are ended before the drop, because a
    connection a test or a server left open would otherwise make DROP DATABASE fail."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
