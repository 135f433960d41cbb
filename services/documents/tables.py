"""Tables owned by documents: one row per stored object (a .docx or its PDF)."""

from sqlalchemy import Column, Integer, String, Table, UniqueConstraint

from shared.db import UTCDateTime, metadata

document = Table(
    "documents_document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_reference", String(32), nullable=False, index=True),
    #: what the document is, e.g. "referral" (App. i)
    Column("kind", String(64), nullable=False),
    Column("format", String(8), nullable=False),
    Column("object_key", String(300), nullable=False, unique=True),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("case_reference", "kind", "format", name="uq_documents_document_kind"),
)
