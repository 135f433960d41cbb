"""Migration 0013 (message delivery) up and down on SQLite, keeping the messages already sent:
their SMTP Message-ID becomes the back-end id, ``failed`` a temporary failure, and a message
left ``sending`` by a stopped worker becomes ``unknown``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from services.notifier.delivery import reference_for
from shared import migrate
from shared.db import make_engine

INSERT = (
    "INSERT INTO notifier_message (idempotency_key, template, case_reference, recipient, "
    "subject, status, smtp_message_id, created_at, sent_at) VALUES "
    "('k-sent', 'clock_alert', 'GSCP-2026-0001', 'ops@p.example', 'S', 'sent', '<a@p.example>', "
    "'2026-11-30 09:00:00', '2026-11-30 09:00:01'), "
    "('k-failed', 'clock_alert', NULL, 'ops@p.example', 'S', 'failed', NULL, "
    "'2026-11-30 09:00:00', NULL), "
    "('k-sending', 'clock_alert', NULL, 'ops@p.example', 'S', 'sending', NULL, "
    "'2026-11-30 09:00:00', NULL)"
)


def read(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_0013_keeps_every_message_up_and_down(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url, "0009")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(INSERT))
    engine.dispose()

    migrate.upgrade(url, "0013")
    rows = read(
        url,
        "SELECT idempotency_key, status, backend, backend_id, reference, attempts "
        "FROM notifier_message ORDER BY id",
    )
    assert rows == [
        ("k-sent", "sent", "smtp", "<a@p.example>", reference_for("k-sent"), 1),
        ("k-failed", "temporary_failure", "smtp", None, reference_for("k-failed"), 1),
        ("k-sending", "unknown", "smtp", None, reference_for("k-sending"), 1),
    ]

    command.downgrade(migrate.alembic_config(url), "0009")
    assert read(url, "SELECT idempotency_key, status, smtp_message_id FROM notifier_message") == [
        ("k-sent", "sent", "<a@p.example>"),
        ("k-failed", "failed", None),
        ("k-sending", "sending", None),
    ]
    migrate.upgrade(url)  # and on to every head
