"""Tables owned by documents: one row per stored object (a .docx or its PDF), each a
numbered version of a case's document, never overwritten."""

from sqlalchemy import Column, Index, Integer, String, Table, UniqueConstraint

from shared.db import UTCDateTime, metadata

document = Table(
    "documents_document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_reference", String(32), nullable=False, index=True),
    #: which document it is: "referral" (App. i), "scoping-letter-3" (agency 3's App. ii),
    #: "rapid-review-report" (App. iv), "panel-letter" (App. v), "meeting-pack"
    Column("kind", String(64), nullable=False),
    Column("format", String(8), nullable=False),
    #: 1, 2, ...: each generation of the document is a new version
    Column("version", Integer, nullable=False, server_default="1"),
    #: what this version was made from: "referral", "link-1", "report-v2", "build-..."
    Column("source", String(64), nullable=False, server_default=""),
    #: the template (or form) and its version the document was made with
    Column("template_version", String(100), nullable=False, server_default=""),
    #: the id of the job that made it
    Column("job_id", String(200), nullable=True),
    Column("object_key", String(300), nullable=False, unique=True),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint(
        "case_reference", "kind", "format", "version", name="uq_documents_document_version"
    ),
    Index("ix_documents_document_source", "case_reference", "kind", "source"),
)
