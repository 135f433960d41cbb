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

agency = Table(
    "scheduler_agency",
    metadata,
    Column("id", Integer, primary_key=True),
    #: the partnership's directory of agencies and their safeguarding contacts (admins keep it)
    Column("name", String(300), nullable=False, unique=True),
    #: what kind of agency (domain.agencies.AgencyKind): police, health, school, ...
    Column("kind", String(32), nullable=False),
    #: the named representative the scoping letter is addressed to
    Column("representative", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("phone", String(50), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

case_agency = Table(
    "scheduler_case_agency",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: copied from the directory or the referral when added: the case keeps what it was sent
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("representative", String(200), nullable=False, default=""),
    Column("email", String(320), nullable=False, default=""),
    #: the directory entry it was picked from, if any
    Column("directory_id", Integer, ForeignKey("scheduler_agency.id"), nullable=True),
    #: referral (the referral's 1.3 list), directory or typed
    Column("source", String(16), nullable=False),
    #: the referral's "reason for involvement", or why ops added it
    Column("reason", Text, nullable=False, default=""),
    Column("added_at", UTCDateTime(), nullable=False),
    Column("added_by", String(320), nullable=True),
    #: removed from the case by ops (kept, with its links revoked, for the record)
    Column("removed_at", UTCDateTime(), nullable=True),
)

agency_link = Table(
    "scheduler_agency_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "case_agency_id",
        Integer,
        ForeignKey("scheduler_case_agency.id"),
        nullable=False,
        index=True,
    ),
    #: scoping (App. iii); later: approval
    Column("purpose", String(16), nullable=False),
    #: 1, 2, ... per agency and purpose: a re-issued link is a new serial
    Column("serial", Integer, nullable=False),
    #: SHA-256 of the emailed token (at least 128 random bits); the token is never stored
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("issued_by", String(320), nullable=True),
    #: the return deadline (5 pm, London) plus the configured grace
    Column("expires_at", UTCDateTime(), nullable=False),
    #: the return's due date, as the letter states it
    Column("due_on", Date, nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
    Column("revoked_reason", Text, nullable=True),
    Column("opened_at", UTCDateTime(), nullable=True),
    UniqueConstraint("case_agency_id", "purpose", "serial", name="uq_scheduler_agency_link_serial"),
)

scoping_activity = Table(
    "scheduler_scoping_activity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "case_agency_id",
        Integer,
        ForeignKey("scheduler_case_agency.id"),
        nullable=False,
        index=True,
    ),
    #: opened, draft_saved, returned, not_known (what intake reported)
    Column("activity", String(16), nullable=False),
    #: when it happened in intake; with the activity, the idempotency key of the report
    Column("at", UTCDateTime(), nullable=False),
    UniqueConstraint("case_agency_id", "activity", "at", name="uq_scheduler_scoping_activity"),
)

meeting_participant = Table(
    "scheduler_meeting_participant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: App. iv's "List of Participants in Rapid Review": Name, Job Role/Title,
    #: Agency/Organisation, and which safeguarding partner (if any) they represent
    Column("name", String(200), nullable=False),
    Column("job_role", String(200), nullable=False),
    Column("agency", String(300), nullable=False),
    #: local_authority, police or health; NULL for another agency
    Column("partner", String(16), nullable=True),
    Column("added_at", UTCDateTime(), nullable=False),
    Column("added_by", String(320), nullable=True),
)

rr_report = Table(
    "scheduler_rr_report",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: 1, 2, ...: a final report is never changed; changing it starts the next version
    Column("version", Integer, nullable=False),
    #: draft or final
    Column("status", String(8), nullable=False),
    #: the Report of Rapid Review (App. iv) form definition the answers follow
    Column("form_id", String(40), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("answers", Json, nullable=False),
    #: what was typed on pages that did not pass their checks yet, by page
    Column("pending", Json, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("saved_at", UTCDateTime(), nullable=False),
    Column("saved_by", String(320), nullable=True),
    Column("finalised_at", UTCDateTime(), nullable=True),
    Column("finalised_by", String(320), nullable=True),
    UniqueConstraint("case_id", "version", name="uq_scheduler_rr_report_version"),
)

approval = Table(
    "scheduler_approval",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: the final report version decided on
    Column("report_version", Integer, nullable=False),
    #: local_authority, police or health: one decision per partner and version
    Column("partner", String(16), nullable=False),
    #: approved or disagreed
    Column("decision", String(16), nullable=False),
    Column("reasons", Text, nullable=False, default=""),
    Column("decided_at", UTCDateTime(), nullable=False),
    Column("decided_by", String(320), nullable=True),
    #: link (the emailed approval link) or console
    Column("decided_via", String(8), nullable=False),
    UniqueConstraint("case_id", "report_version", "partner", name="uq_scheduler_approval_partner"),
)

approval_link = Table(
    "scheduler_approval_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    Column("report_version", Integer, nullable=False),
    Column("partner", String(16), nullable=False),
    #: the lead representative it was sent to (a partner-lead staff account)
    Column("staff_id", Integer, ForeignKey("scheduler_staff_user.id"), nullable=False),
    #: SHA-256 of the emailed token; the token is never stored
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
    Column("used_at", UTCDateTime(), nullable=True),
)

#: a request for a pack (the Rapid Review meeting pack, the Panel submission pack): its id
#: is the pack's id in the API; documents builds it and keeps the build's status
pack_request = Table(
    "scheduler_pack_request",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("scheduler_case.id"), nullable=False, index=True),
    #: shared.packs.PACK_KINDS: rapid-review-meeting or panel
    Column("kind", String(32), nullable=False),
    Column("requested_at", UTCDateTime(), nullable=False),
    #: who asked; empty when cspr rebuilt it itself (a scoping return arrived)
    Column("requested_by_id", Integer, nullable=True),
    Column("requested_by_email", String(320), nullable=True),
    #: why: "requested" by a person, or "new-return" when a scoping return arrived
    Column("reason", String(32), nullable=False),
)
