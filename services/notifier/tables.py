"""Tables owned by the notifier: every message, recorded before it is sent, with its status.

Others read it only through ``services/notifier/readmodel.py`` (the case page, the API, the
dashboard). Statuses and their words: ``statuses.py``.
"""

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from shared.db import UTCDateTime, metadata

message = Table(
    "notifier_message",
    metadata,
    Column("id", Integer, primary_key=True),
    #: what the message is for (template + case + recipient, or ``<original>:resend:<n>``):
    #: a second send under the same key is impossible
    Column("idempotency_key", String(400), nullable=False, unique=True),
    Column("template", String(64), nullable=False),
    Column("case_reference", String(32), nullable=True, index=True),
    Column("recipient", String(320), nullable=False),
    Column("subject", Text, nullable=False),
    Column("status", String(24), nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
    #: when the status last changed
    Column("status_at", UTCDateTime(), nullable=True),
    #: ``smtp`` or ``notify``: the back-end that took (or is taking) it
    Column("backend", String(16), nullable=True),
    #: the key's SHA-256 as the back-ends see it (Message-ID, Notify ``reference``): the key
    #: may hold an address, and Notify asks for no personal data in its reference
    Column("reference", String(64), nullable=True, index=True),
    #: the SMTP Message-ID, or GOV.UK Notify's notification id
    Column("backend_id", String(300), nullable=True, index=True),
    #: the worker sending it now, and until when the others leave it alone
    Column("lease_owner", String(64), nullable=True),
    Column("lease_expires_at", UTCDateTime(), nullable=True),
    #: set just before the point of no return (SMTP DATA, Notify's POST); cleared when the
    #: back-end said no. Set on an expired lease means "may have been sent".
    Column("dispatched_at", UTCDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    #: why it failed, in words, never an address or the message's text
    Column("last_error", String(500), nullable=True),
    Column("sent_at", UTCDateTime(), nullable=True),
    Column("delivered_at", UTCDateTime(), nullable=True),
    #: the message a member of staff sent again (this row is the new message)
    Column("resend_of", Integer, ForeignKey("notifier_message.id"), nullable=True, index=True),
    #: what was sent, kept so staff can resend it; empty for messages holding a personal
    #: link (a token is never stored) or an attachment
    Column("reply_to", String(320), nullable=True),
    Column("body_text", Text, nullable=True),
    Column("body_html", Text, nullable=True),
)
