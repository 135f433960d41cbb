"""Tables owned by the notifier: every message it has sent (the "already sent" check)."""

from sqlalchemy import Column, Integer, String, Table, Text

from shared.db import UTCDateTime, metadata

message = Table(
    "notifier_message",
    metadata,
    Column("id", Integer, primary_key=True),
    #: template + case + recipient: sending twice is impossible
    Column("idempotency_key", String(300), nullable=False, unique=True),
    Column("template", String(64), nullable=False),
    Column("case_reference", String(32), nullable=True, index=True),
    Column("recipient", String(320), nullable=False),
    Column("subject", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("smtp_message_id", String(300), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime(), nullable=True),
)
