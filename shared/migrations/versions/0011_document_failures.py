"""document failures

Why a case's document could not be made (its template used a field cspr does not provide,
LibreOffice could not convert it, the store refused it): one open row per document and
source with its latest reason and the attempts counted, resolved when a later run makes
the document. A new table: nothing to fill in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = sa.text("resolved_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "documents_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("job_id", sa.String(length=200), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("failed_at", shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "stage IN ('render', 'convert', 'store')", name=op.f("ck_documents_failure_stage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents_failure")),
    )
    op.create_index("ix_documents_failure_case_reference", "documents_failure", ["case_reference"])
    op.create_index(
        "uq_documents_failure_open",
        "documents_failure",
        ["case_reference", "kind", "source"],
        unique=True,
        postgresql_where=_OPEN,
        sqlite_where=_OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_documents_failure_open", table_name="documents_failure")
    op.drop_index("ix_documents_failure_case_reference", table_name="documents_failure")
    op.drop_table("documents_failure")
