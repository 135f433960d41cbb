"""template versions

An administrator's own .docx for a built-in template, each accepted upload a new version
(``documents_template_version``; the file in the document store under
``templates/{name}/v{n}.docx``), and which one is in use per template
(``documents_template_choice``: no row, or a null version, is the built-in template).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents_template_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("object_key", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("uploaded_by", sa.String(320), nullable=False),
        sa.Column("uploaded_at", shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("object_key", name="uq_documents_template_version_object_key"),
        sa.UniqueConstraint("name", "version", name="uq_documents_template_version_name_version"),
    )
    op.create_table(
        "documents_template_choice",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("chosen_by", sa.String(320), nullable=False),
        sa.Column("chosen_at", shared.db.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("documents_template_choice")
    op.drop_table("documents_template_version")
