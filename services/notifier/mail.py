"""The SMTP back-end: STARTTLS and authentication when configured, one connection per message.

The SMTP conversation is driven step by step (``MAIL``, ``RCPT``, then ``DATA``) rather than
with ``send_message``, so the one moment after which the relay may hold the message is
known: ``dispatching()`` is called just before ``DATA``. Everything that fails before it is
a clean "not sent" (connection refused, a 4xx reply, the recipient refused), and so is a
4xx or 5xx reply to ``DATA`` itself. Only a connection lost during or after ``DATA`` leaves
the relay's answer unknown (``OutcomeUnknown``); a relay cannot be asked afterwards whether
it took a message, so ``find`` cannot tell.

A fresh connection per message: alerts are few, and a connection cannot be left
half-broken by the previous message's failure.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import format_datetime
from io import BytesIO

from services.notifier.backends import (
    SMTP,
    Email,
    Lookup,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)
from services.notifier.statuses import Status
from shared.config import Config

#: seconds for connecting and each SMTP command; well inside the job's 60 s timeout
SMTP_TIMEOUT_SECONDS = 20.0


class MailError(RuntimeError):
    """The relay did not answer a readiness check as it should."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool = False
    username: str = ""
    password: str = ""
    timeout: float = SMTP_TIMEOUT_SECONDS

    @classmethod
    def from_config(cls, config: Config) -> SmtpSettings:
        return cls(
            host=config["SMTP_HOST"],
            port=config.integer("SMTP_PORT"),
            starttls=config.flag("SMTP_STARTTLS"),
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
        )

    def __repr__(self) -> str:  # keep the password out of tracebacks and logs
        return f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls})"


def message_id(reference: str, mail_from: str) -> str:
    # from the idempotency key's reference: every attempt at one message has one Message-ID
    domain = mail_from.rpartition("@")[2] or "cspr.local"
    return f"<{reference.removeprefix('cspr-')}@{domain}>"


def build_message(email: Email) -> EmailMessage:
    """The MIME message: text and HTML alternatives, then any attachments."""
    msg = EmailMessage()
    msg["From"] = email.mail_from
    msg["To"] = email.to
    if email.reply_to:
        msg["Reply-To"] = email.reply_to
    msg["Subject"] = email.content.subject
    msg["Date"] = format_datetime(email.date)
    msg["Message-ID"] = message_id(email.reference, email.mail_from)
    # RFC 3834: no out-of-office replies to a machine
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(email.content.text, cte="quoted-printable")
    msg.add_alternative(email.content.html, subtype="html", cte="quoted-printable")
    for attachment in email.attachments:
        # the first one turns the message into multipart/mixed around the alternative parts
        # a parameter after the type is kept: ``text/calendar; method=REQUEST`` (RFC 6047)
        kind, *parameters = (part.strip() for part in attachment.content_type.split(";"))
        maintype, _, subtype = kind.partition("/")
        if not (maintype and subtype):
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(p.partition("=")[::2] for p in parameters if "=" in p),
        )
    return msg


def _refused(step: str, code: int, *, recipient: bool = False) -> Exception:
    reason = f"The SMTP relay refused the {step} ({code})."
    # a 5xx for this recipient is final; a 5xx for the sender is the relay's set-up, and
    # retrying after it is fixed is right
    if code >= 500 and recipient:
        return PermanentFailure(reason)
    return TemporaryFailure(reason)


def _described(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP error {exc.smtp_code}"
    return type(exc).__name__


class SmtpMailer:
    name = SMTP
    can_look_up = False

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo()
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, email: Email, dispatching: Callable[[], None]) -> str:
        message = build_message(email)
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"Could not reach the SMTP relay ({_described(exc)}).") from exc
        try:
            self._hand_over(smtp, email, message, dispatching)
        finally:
            smtp.close()
        return str(message["Message-ID"])

    def _hand_over(
        self,
        smtp: smtplib.SMTP,
        email: Email,
        message: EmailMessage,
        dispatching: Callable[[], None],
    ) -> None:
        international = not (email.mail_from.isascii() and email.to.isascii())
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        try:
            if international and not smtp.has_extn("smtputf8"):
                raise PermanentFailure("The SMTP relay cannot take this address (no SMTPUTF8).")
            code, _ = smtp.mail(email.mail_from, options)
            if code != 250:
                raise _refused("sender", code)
            code, _ = smtp.rcpt(email.to)
            if code not in (250, 251):
                raise _refused("recipient", code, recipient=True)
        except (PermanentFailure, TemporaryFailure):
            raise
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"The SMTP relay failed ({_described(exc)}).") from exc
        data = _flatten(message, international)
        dispatching()  # from here on the relay may hold the message
        try:
            smtp.data(data)
        except smtplib.SMTPDataError as exc:
            # the relay answered: it did not take the message
            raise _refused("message", exc.smtp_code, recipient=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise OutcomeUnknown(
                f"The connection to the SMTP relay was lost while handing the message over "
                f"({_described(exc)})."
            ) from exc
        # the relay already said 250 to the message: a failed goodbye changes nothing
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()

    def find(self, reference: str) -> Lookup:
        return Lookup.cannot_tell()

    def status(self, backend_id: str) -> tuple[Status, str | None] | None:
        return None  # an SMTP relay reports nothing after accepting a message

    def check(self) -> None:
        """Readiness: the relay answers NOOP (after STARTTLS and login when configured)."""
        with self._connect() as smtp:
            code, _ = smtp.noop()
        if code != 250:
            raise MailError(f"SMTP NOOP answered {code}")


def _flatten(message: EmailMessage, international: bool) -> bytes:
    # as smtplib.send_message does: CRLF line ends, UTF-8 headers only when SMTPUTF8 is used
    out = BytesIO()
    policy = message.policy.clone(utf8=True) if international else None  # type: ignore[call-arg]
    BytesGenerator(out, policy=policy).flatten(message, linesep="\r\n")
    return out.getvalue()
