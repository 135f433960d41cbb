"""message delivery: statuses, leases, back-ends, resends

Every message is recorded before it is sent and keeps its status (queued, sending, sent,
delivered, temporary_failure, permanent_failure, unknown), the back-end that took it and its
id there (the SMTP Message-ID, kept from ``smtp_message_id``, or GOV.UK Notify's id), the
sending worker's lease, when it was handed over, attempts, the last error, and what staff
need to resend it. Rows from before: ``failed`` becomes ``temporary_failure`` (it was tried
again); ``sending`` becomes ``unknown`` (a worker stopped mid-send; whether the relay took
it cannot be known now).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 10:00:00
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE = "notifier_message"


def _reference(key: str) -> str:
    # services.notifier.delivery.reference_for, frozen here as of this revision
    return "cspr-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def upgrade() -> None:
    when = shared.db.UTCDateTime(timezone=True)
    with op.batch_alter_table(_TABLE, schema=None) as batch_op:
        batch_op.alter_column(
            "idempotency_key", existing_type=sa.String(length=300), type_=sa.String(length=400)
        )
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=24)
        )
        batch_op.alter_column(
            "smtp_message_id", new_column_name="backend_id", existing_type=sa.String(length=300)
        )
        batch_op.add_column(sa.Column("status_at", when, nullable=True))
        batch_op.add_column(sa.Column("backend", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reference", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_expires_at", when, nullable=True))
        batch_op.add_column(sa.Column("dispatched_at", when, nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", when, nullable=True))
        batch_op.add_column(sa.Column("resend_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reply_to", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("body_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=True))
    # a second batch: SQLite's copy-and-move must see the renamed and new columns first
    with op.batch_alter_table(_TABLE, schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_notifier_message_resend_of_notifier_message"),
            _TABLE,
            ["resend_of"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_notifier_message_status"), ["status"])
        batch_op.create_index(batch_op.f("ix_notifier_message_reference"), ["reference"])
        batch_op.create_index(batch_op.f("ix_notifier_message_backend_id"), ["backend_id"])
        batch_op.create_index(batch_op.f("ix_notifier_message_resend_of"), ["resend_of"])

    table = sa.table(
        _TABLE,
        sa.column("id", sa.Integer()),
        sa.column("idempotency_key", sa.String()),
        sa.column("status", sa.String()),
        sa.column("backend", sa.String()),
        sa.column("reference", sa.String()),
        sa.column("attempts", sa.Integer()),
        sa.column("last_error", sa.String()),
        sa.column("created_at", when),
        sa.column("sent_at", when),
        sa.column("status_at", when),
    )
    conn = op.get_bind()
    for row in conn.execute(sa.select(table.c.id, table.c.idempotency_key)).all():
        conn.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(reference=_reference(row.idempotency_key))
        )
    # every message before this revision went through SMTP and was tried at least once
    conn.execute(
        table.update().values(
            backend="smtp",
            attempts=1,
            status_at=sa.func.coalesce(table.c.sent_at, table.c.created_at),
        )
    )
    conn.execute(
        table.update()
        .where(table.c.status == "failed")
        .values(status="temporary_failure", last_error="The relay did not take it.")
    )
    conn.execute(
        table.update()
        .where(table.c.status == "sending")
        .values(
            status="unknown",
            last_error="A worker stopped while sending it (before this version recorded more).",
        )
    )


def downgrade() -> None:
    table = sa.table(_TABLE, sa.column("status", sa.String()))
    conn = op.get_bind()
    conn.execute(table.update().where(table.c.status == "delivered").values(status="sent"))
    conn.execute(
        table.update()
        .where(table.c.status.in_(("queued", "temporary_failure", "permanent_failure")))
        .values(status="failed")
    )
    conn.execute(table.update().where(table.c.status == "unknown").values(status="sending"))
    with op.batch_alter_table(_TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifier_message_resend_of"))
        batch_op.drop_index(batch_op.f("ix_notifier_message_backend_id"))
        batch_op.drop_index(batch_op.f("ix_notifier_message_reference"))
        batch_op.drop_index(batch_op.f("ix_notifier_message_status"))
        batch_op.drop_constraint(
            batch_op.f("fk_notifier_message_resend_of_notifier_message"), type_="foreignkey"
        )
    with op.batch_alter_table(_TABLE, schema=None) as batch_op:
        for column in (
            "body_html",
            "body_text",
            "reply_to",
            "resend_of",
            "delivered_at",
            "last_error",
            "attempts",
            "dispatched_at",
            "lease_expires_at",
            "lease_owner",
            "reference",
            "backend",
            "status_at",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column(
            "backend_id", new_column_name="smtp_message_id", existing_type=sa.String(length=300)
        )
        batch_op.alter_column(
            "status", existing_type=sa.String(length=24), type_=sa.String(length=16)
        )
        batch_op.alter_column(
            "idempotency_key", existing_type=sa.String(length=400), type_=sa.String(length=300)
        )
