"""The MIME message the SMTP back-end builds, from a rendered content and an idempotency key
(as ``delivery.send_once`` hands it over)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage

from services.notifier.backends import Attachment, Content, Email
from services.notifier.delivery import reference_for
from services.notifier.mail import build_message, message_id


def mime(
    content: Content,
    *,
    to: str,
    mail_from: str,
    key: str,
    now: datetime,
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    return build_message(
        Email(
            reference=reference_for(key),
            to=to,
            mail_from=mail_from,
            content=content,
            date=now,
            reply_to=reply_to,
            attachments=tuple(attachments),
        )
    )


def key_message_id(key: str, mail_from: str) -> str:
    return message_id(reference_for(key), mail_from)
