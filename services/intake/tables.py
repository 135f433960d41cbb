"""Tables owned by intake: what the public submitted, exactly as submitted."""

from sqlalchemy import Column, Integer, String, Table, UniqueConstraint

from shared.db import Json, UTCDateTime, metadata

referral = Table(
    "intake_referral",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(32), nullable=False, unique=True),
    #: serious_incident (App. i) or practice_learning (App. vi)
    Column("kind", String(32), nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    #: the form's answers, keyed by field name
    Column("answers", Json, nullable=False),
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
