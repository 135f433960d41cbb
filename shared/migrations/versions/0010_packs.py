"""packs

A request for a pack (the Rapid Review meeting pack, the Panel submission pack) is the
scheduler's (``scheduler_pack_request``: its id is the pack's id in the API); how its build
goes (status, progress, the stored files, why it failed) is documents'
(``documents_pack_build``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 17:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduler_pack_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("scheduler_case.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("requested_at", shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_email", sa.String(320), nullable=True),
        sa.Column("reason", sa.String(32), nullable=False),
    )
    op.create_index("ix_scheduler_pack_request_case_id", "scheduler_pack_request", ["case_id"])
    op.create_table(
        "documents_pack_build",
        sa.Column("pack_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("case_reference", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("total", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("job_id", sa.String(200), nullable=True),
        sa.Column("started_at", shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("pdf_document_id", sa.Integer(), nullable=True),
        sa.Column("zip_document_id", sa.Integer(), nullable=True),
    )
    op.create_index(
        "ix_documents_pack_build_case_reference", "documents_pack_build", ["case_reference"]
    )


def downgrade() -> None:
    op.drop_index("ix_documents_pack_build_case_reference", "documents_pack_build")
    op.drop_table("documents_pack_build")
    op.drop_index("ix_scheduler_pack_request_case_id", "scheduler_pack_request")
    op.drop_table("scheduler_pack_request")
