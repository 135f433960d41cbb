"""What every notifier email shares: its templates, its headers, and being sent only once.

Each email is a pair of templates in ``templates/`` (``NAME.txt`` and ``NAME.html``) rendered
with ``StrictUndefined``, so a missing value fails the job instead of sending a gap. The
``notifier_message`` record, claimed before and marked after the relay's answer, makes a
second run of a job send nothing (messages.py). Files (a letter as a PDF) travel as
attachments after the text and HTML parts; an email without them is built as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.notifier.mail import Mailer
from services.notifier.messages import MessageRepository, Outgoing

TEMPLATES = Path(__file__).with_name("templates")

# Its own environment (not Flask's): jobs render outside any request. Autoescape applies to
# the HTML part only; the plain-text part must not contain HTML entities.
_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Content:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    #: ``maintype/subtype``, e.g. ``application/pdf``
    content_type: str
    data: bytes = field(repr=False)


def render(template: str, subject: str, context: Mapping[str, Any]) -> Content:
    return Content(
        subject=subject,
        text=_env.get_template(f"{template}.txt").render(context),
        html=_env.get_template(f"{template}.html").render(context),
    )


def message_id(key: str, mail_from: str) -> str:
    # Derived from the idempotency key: a resend after a crash carries the same Message-ID.
    domain = mail_from.rpartition("@")[2] or "cspr.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build_message(
    content: Content,
    *,
    to: str,
    mail_from: str,
    key: str,
    now: datetime,
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = to
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = content.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(key, mail_from)
    # RFC 3834: no out-of-office replies to a machine
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(content.text, cte="quoted-printable")
    msg.add_alternative(content.html, subtype="html", cte="quoted-printable")
    for attachment in attachments:
        # the first one turns the message into multipart/mixed around the alternative parts
        maintype, _, subtype = attachment.content_type.partition("/")
        if not (maintype and subtype):
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
        )
    return msg


def send_once(
    outgoing: Outgoing,
    content: Content,
    *,
    messages: MessageRepository,
    mailer: Mailer,
    mail_from: str,
    clock: Callable[[], datetime],
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> bool:
    """Send ``content`` to ``outgoing.recipient`` unless its key was sent before.

    True when sent now, False when it had been sent already. A relay failure is recorded
    (``failed``, so a later run tries again) and raised.
    """
    key = outgoing.idempotency_key
    if not messages.claim(outgoing, clock()):
        return False
    email = build_message(
        content,
        to=outgoing.recipient,
        mail_from=mail_from,
        key=key,
        now=clock(),
        reply_to=reply_to,
        attachments=attachments,
    )
    try:
        smtp_id = mailer.send(email)
    except Exception:
        messages.mark_failed(key)
        raise
    messages.mark_sent(key, smtp_id, clock())
    return True
