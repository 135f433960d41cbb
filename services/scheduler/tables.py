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

from shared.db import Json, UTCDateTime, metadata

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
    #: the date the partnership became aware, when corrected to before the referral arrived
    Column("aware_on", Date, nullable=True),
    #: the recorded outcome's letter (App. iv section 3, a to j)
    Column("outcome", String(2), nullable=True),
    #: the Learning from Practice Group's decisions (practice learning, criteria not met)
    Column("lfp_decisions", Json, nullable=True),
    Column("opened_at", UTCDateTime(), nullable=False),
    #: the ops or chair staff member looking after the case; NULL when nobody is assigned
    Column("owner_id", Integer, ForeignKey("scheduler_staff_user.id"), nullable=True),
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
    #: the day it was met (what happened, not when it was entered)
    Column("met_on", Date, nullable=True),
    #: the first day of a window ("between working days 9 and 11")
    Column("window_opens_on", Date, nullable=True),
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

case_event = Table(
    "scheduler_case_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: when it was recorded
    Column("at", UTCDateTime(), nullable=False),
    #: when the recorded thing happened (the date given in the action)
    Column("on", Date, nullable=True),
    Column("actor_id", Integer, nullable=True),
    Column("actor_email", String(320), nullable=True),
    Column("actor_role", String(32), nullable=True),
    #: the partner a partner-lead acted for, in the words of the day (ICB, formerly CCG)
    Column("actor_partner", String(100), nullable=True),
    Column("action", String(64), nullable=False),
    Column("from_state", String(48), nullable=False),
    Column("to_state", String(48), nullable=False),
    Column("summary", Text, nullable=False),
    #: why (a rationale, a correction's reason); staff words, shown to staff only
    Column("reason", Text, nullable=True),
    #: the action's checked inputs
    Column("details", Json, nullable=False),
)

clock_reminder = Table(
    "scheduler_clock_reminder",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False),
    Column("clock", String(64), nullable=False),
    #: due_soon, due_today or overdue
    Column("kind", String(16), nullable=False),
    Column("day", Date, nullable=False),
    Column("emitted_at", UTCDateTime(), nullable=False),
    UniqueConstraint("case_id", "clock", "kind", "day", name="uq_scheduler_clock_reminder_key"),
)

lfp_meeting = Table(
    "scheduler_lfp_meeting",
    metadata,
    Column("id", Integer, primary_key=True),
    #: a scheduled Learning from Practice Group meeting (admins keep the schedule)
    Column("held_on", Date, nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
)
