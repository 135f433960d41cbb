"""Tables owned by intake: what the public submitted, exactly as submitted, and drafts."""

from sqlalchemy import Column, Integer, String, Table, Text, UniqueConstraint

from shared.db import Json, UTCDateTime, metadata

referral = Table(
    "intake_referral",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(32), nullable=False, unique=True),
    #: the case route it opens: serious_incident (App. i) or practice_learning (App. vi)
    Column("kind", String(32), nullable=False),
    #: the form definition the answers follow (shared.forms.registry), and its version
    Column("form_id", String(40), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    #: the form's answers, keyed by question id: stored once, here
    Column("answers", Json, nullable=False),
    #: web or api
    Column("source", String(8), nullable=False),
    #: an API client's Idempotency-Key (scoped by token), or the draft that was submitted
    Column("submission_key", String(100), nullable=True, unique=True),
    #: set once the hand-off job to the scheduler has been enqueued (outbox pattern)
    Column("handed_off_at", UTCDateTime(), nullable=True),
)

reference_counter = Table(
    "intake_reference_counter",
    metadata,
    Column("prefix", String(16), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
    UniqueConstraint("prefix", "year"),
)

draft = Table(
    "intake_draft",
    metadata,
    Column("id", Integer, primary_key=True),
    #: SHA-256 of the random key the browser's session holds; the key itself is never stored
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("form_id", String(40), nullable=False),
    Column("form_version", Integer, nullable=False),
    #: checked answers so far, in the stored shape
    Column("answers", Json, nullable=False),
    #: what was typed on pages that did not pass their checks yet, by page, kept as typed
    Column("pending", Json, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
    #: SHA-256 of the emailed resume token (single use: cleared when used)
    Column("resume_token_hash", String(64), nullable=True, unique=True),
    Column("resume_expires_at", UTCDateTime(), nullable=True),
    #: bumped with every resume link, so an older link's email job sends nothing
    Column("resume_serial", Integer, nullable=False),
    Column("resume_email", String(254), nullable=True),
    #: set when submitted: the draft is locked and its answers cleared (stored once)
    Column("referral_id", Integer, nullable=True),
    Column("submitted_at", UTCDateTime(), nullable=True),
)

api_token = Table(
    "intake_api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    #: who the token was issued to (a MASH system's owner)
    Column("email", String(320), nullable=False),
    #: SHA-256 of the bearer token; the token is shown once, when made
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_used_at", UTCDateTime(), nullable=True),
    Column("revoked_at", UTCDateTime(), nullable=True),
)

scoping_return = Table(
    "intake_scoping_return",
    metadata,
    Column("id", Integer, primary_key=True),
    #: the scheduler's case agency this return is for (one return per agency on a case);
    #: kept apart from the case file, as the seed asks of agencies' submissions
    Column("case_agency_id", Integer, nullable=False, unique=True),
    Column("case_reference", String(32), nullable=False, index=True),
    Column("form_id", String(40), nullable=False),
    Column("form_version", Integer, nullable=False),
    #: checked answers so far (the draft) and, once returned, the return itself
    Column("answers", Json, nullable=False),
    #: what was typed on pages that did not pass their checks yet, by page
    Column("pending", Json, nullable=False),
    #: draft, returned or not_known (domain: services.intake.scoping)
    Column("status", String(16), nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("saved_at", UTCDateTime(), nullable=False),
    Column("submitted_at", UTCDateTime(), nullable=True),
    #: reopened by ops for the agency to change it (read-only again once re-submitted)
    Column("reopened_at", UTCDateTime(), nullable=True),
    Column("reopen_reason", Text, nullable=True),
)
