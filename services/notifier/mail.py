"""The mail port and its SMTP adapter.

``SmtpMailer`` opens one connection per message: alerts are rare, and a fresh connection
cannot be left half-broken by a previous failure. Every failure raises, so the RQ job fails
and is retried on its schedule (shared.queue.JOBS).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from shared.config import Config

#: seconds for connecting and each SMTP command; well inside the job's 60 s timeout
SMTP_TIMEOUT_SECONDS = 20.0


class MailError(RuntimeError):
    """The relay did not take a message (raised so the job is retried)."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Hand ``message`` to the relay; return its Message-ID. Raise on failure."""
        ...


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


class SmtpMailer:
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

    def send(self, message: EmailMessage) -> str:
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid(domain="cspr.local")
        with self._connect() as smtp:
            refused = smtp.send_message(message)
        if refused:
            # send_message raises only when every recipient is refused; one is enough here
            raise MailError(f"relay refused {len(refused)} recipient(s)")
        return str(message["Message-ID"])

    def check(self) -> None:
        """Readiness: the relay answers NOOP (after STARTTLS and login when configured)."""
        with self._connect() as smtp:
            code, _ = smtp.noop()
        if code != 250:
            raise MailError(f"SMTP NOOP answered {code}")
