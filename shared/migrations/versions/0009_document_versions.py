"""document versions

A document (a case's referral, one agency's scoping letter, the Rapid Review report, the
Panel letter) is kept as numbered versions, never overwritten: each row gets its version,
what it was made from (``source``: the referral, a link serial, a report version), the
template's version and the generating job's id. Rows made before this revision had the
version folded into their kind (``rapid-review-report-v2``, ``scoping-letter-3-1``): it is
taken out again; their object keys stay as they are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 21:30:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REPORT = re.compile(r"^(rapid-review-report|panel-letter)-v(\d+)$")
_LETTER = re.compile(r"^(scoping-letter-\d+)-(\d+)$")


def _split(kind: str) -> tuple[str, int, str]:
    """An old kind as (kind, version, source)."""
    if found := _REPORT.match(kind):
        return found[1], int(found[2]), f"report-v{found[2]}"
    if found := _LETTER.match(kind):
        return found[1], int(found[2]), f"link-{found[2]}"
    return kind, 1, kind


def upgrade() -> None:
    with op.batch_alter_table("documents_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("source", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("template_version", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("job_id", sa.String(length=200), nullable=True))
        batch_op.drop_constraint("uq_documents_document_kind", type_="unique")
    table = sa.table(
        "documents_document",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("version", sa.Integer()),
        sa.column("source", sa.String()),
    )
    conn = op.get_bind()
    for row in conn.execute(sa.select(table.c.id, table.c.kind)).all():
        kind, version, source = _split(row.kind)
        conn.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(kind=kind, version=version, source=source)
        )
    with op.batch_alter_table("documents_document", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_documents_document_version", ["case_reference", "kind", "format", "version"]
        )
        batch_op.create_index("ix_documents_document_source", ["case_reference", "kind", "source"])


def downgrade() -> None:
    with op.batch_alter_table("documents_document", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_document_source")
        batch_op.drop_constraint("uq_documents_document_version", type_="unique")
        batch_op.drop_column("job_id")
        batch_op.drop_column("template_version")
        batch_op.drop_column("source")
        batch_op.drop_column("version")
        batch_op.create_unique_constraint(
            "uq_documents_document_kind", ["case_reference", "kind", "format"]
        )
