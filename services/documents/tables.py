"""Tables owned by documents: one row per stored object (a .docx or its PDF), each a
numbered version of a case's document, never overwritten."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from services.documents.failures import STAGES
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

#: how the build of a pack (requested in the scheduler's ``scheduler_pack_request``, whose id
#: it shares) is going: status, progress, the stored files or why it failed
pack_build = Table(
    "documents_pack_build",
    metadata,
    Column("pack_id", Integer, primary_key=True, autoincrement=False),
    Column("case_reference", String(32), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    #: shared.packs.STATUSES (but queued, which is a request with no build yet)
    Column("status", String(16), nullable=False),
    #: the steps done of all its steps (each document, the contents page, the merge)
    Column("done", Integer, nullable=False, server_default="0"),
    Column("total", Integer, nullable=False, server_default="0"),
    #: why it failed, for staff (no personal data)
    Column("reason", Text, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("job_id", String(200), nullable=True),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime(), nullable=True),
    Column("version", Integer, nullable=True),
    Column("pdf_document_id", Integer, nullable=True),
    Column("zip_document_id", Integer, nullable=True),
)

#: why a document could not be made (failures.py): one open row per document and source,
#: its attempts counted, resolved when a later run makes the document
failure = Table(
    "documents_failure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_reference", String(32), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("source", String(64), nullable=False),
    #: what staff call the document: its title
    Column("document", String(300), nullable=False),
    #: the job of the latest attempt
    Column("job_id", String(200), nullable=True),
    Column("stage", String(16), nullable=False),
    #: for staff, no personal data
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="1"),
    #: the latest attempt's
    Column("failed_at", UTCDateTime(), nullable=False),
    Column("resolved_at", UTCDateTime(), nullable=True),
    CheckConstraint(f"stage IN ({', '.join(repr(s) for s in STAGES)})", name="stage"),
    Index("ix_documents_failure_case_reference", "case_reference"),
    Index(
        "uq_documents_failure_open",
        "case_reference",
        "kind",
        "source",
        unique=True,
        postgresql_where=text("resolved_at IS NULL"),
        sqlite_where=text("resolved_at IS NULL"),
    ),
)

#: every accepted upload of an administrator's own template (the file: ``object_key`` in
#: the document store), numbered per template and never changed
template_version = Table(
    "documents_template_version",
    metadata,
    Column("id", Integer, primary_key=True),
    #: the catalogue's name: "answers", "scoping_letter", ...
    Column("name", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("object_key", String(300), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    #: what the file was called on the uploader's computer
    Column("filename", String(200), nullable=False),
    Column("uploaded_by", String(320), nullable=False),
    Column("uploaded_at", UTCDateTime(), nullable=False),
    UniqueConstraint("name", "version", name="uq_documents_template_version_name_version"),
)

#: which template of each name is in use: a version, or none (the built-in file); a name
#: without a row has never been changed
template_choice = Table(
    "documents_template_choice",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, nullable=True),
    Column("chosen_by", String(320), nullable=False),
    Column("chosen_at", UTCDateTime(), nullable=False),
)
