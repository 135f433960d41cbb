"""Tables owned by the scheduler: cases, their clocks, staff accounts, their sessions and
sign-in attempts, and the audit trail."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shared.db import UTCDateTime, metadata

case = Table(
    "scheduler_case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(32), nullable=False, unique=True),
    #: the intake referral this case was opened from (unique: opening is idempotent)
    Column("referral_id", Integer, nullable=False, unique=True),
    Column("route", String(32), nullable=False),
    Column("state", String(48), nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    #: day 0 of the referral clocks, in Europe/London
    Column("received_on", Date, nullable=False),
    # The referral's answers are not copied here: they are read through intake's read model.
    Column("opened_at", UTCDateTime(), nullable=False),
)

deadline = Table(
    "scheduler_deadline",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    Column("clock", String(64), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("met_at", UTCDateTime(), nullable=True),
    UniqueConstraint("case_id", "clock", name="uq_scheduler_deadline_case_clock"),
)

case_document = Table(
    "scheduler_case_document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: id of the object in the documents service
    Column("document_id", Integer, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("format", String(8), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("case_id", "document_id", name="uq_scheduler_case_document_doc"),
)

staff_user = Table(
    "scheduler_staff_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    #: local_authority, police or health (domain.staff.Partner), for a partner-lead only
    Column("partner", String(16), nullable=True),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_sign_in_at", UTCDateTime(), nullable=True),
)

audit_event = Table(
    "scheduler_audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=False, index=True),
    Column("actor_id", Integer, nullable=True),
    Column("actor_email", String(320), nullable=True),
    #: e.g. case.viewed, document.downloaded, staff.signed_in, staff.sign_in_failed
    Column("action", String(64), nullable=False),
    Column("case_reference", String(32), nullable=True, index=True),
    #: free text without personal data (ids, file names we generated)
    Column("detail", Text, nullable=False, default=""),
    Column("remote_addr", String(64), nullable=True),
)

staff_session = Table(
    "scheduler_staff_session",
    metadata,
    Column("id", Integer, primary_key=True),
    #: SHA-256 of the random session id kept in the signed cookie (never the id itself)
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("scheduler_staff_user.id"), nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("ended_at", UTCDateTime(), nullable=True),
    #: signed_out, idle, max_age, deactivated or replaced
    Column("end_reason", String(16), nullable=True),
)

sign_in_attempt = Table(
    "scheduler_sign_in_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=False, index=True),
    #: HMAC of the email address as typed (normalised): an account or not, never readable
    Column("account_key", String(64), nullable=False, index=True),
    Column("remote_addr", String(64), nullable=True, index=True),
    Column("succeeded", Boolean, nullable=False),
)
