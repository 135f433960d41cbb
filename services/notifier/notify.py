"""The GOV.UK Notify back-end, through ``notifications-python-client``.

Notify sends text through templates made in its own console, so cspr uses one generic email
template (``NOTIFY_TEMPLATE_ID``) and fills it with what the SMTP back-end would send:

    Subject:  ((subject))
    Message:  ((body))

              ((file_intro))((file))

``body`` is the plain-text part of the same rendered message (Notify makes the HTML from
it); ``file`` is the attachment uploaded with ``prepare_upload`` (Notify replaces it with a
download link, asking the recipient to confirm their email address first), ``file_intro``
the sentence before it; both are empty when there is no attachment. Notify takes one file
per placeholder, and cspr's messages carry at most one.

The ``reference`` is the idempotency key's SHA-256 (no personal data, as Notify asks), so
after an interrupted request ``find`` asks Notify whether it holds the message before
anything is sent again: with Notify, a message whose request may have got through is never
sent twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from notifications_python_client import prepare_upload
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from services.notifier.backends import (
    NOTIFY,
    Email,
    Lookup,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)
from services.notifier.statuses import Status
from shared.config import Config, ConfigError

log = logging.getLogger(__name__)

#: the generic template's placeholders (see the module's docstring)
PLACEHOLDERS = ("subject", "body", "file_intro", "file")
#: seconds for one request to Notify, well inside the job's 60 s timeout
NOTIFY_TIMEOUT_SECONDS = 20

#: Notify's email statuses, as cspr records them, with what Notify says each means
STATUSES: dict[str, tuple[Status, str | None]] = {
    "created": (Status.SENT, None),
    "sending": (Status.SENT, None),
    "pending": (Status.SENT, None),
    "delivered": (Status.DELIVERED, None),
    "permanent-failure": (
        Status.PERMANENT_FAILURE,
        "GOV.UK Notify: the provider could not deliver it (the address may not exist).",
    ),
    "temporary-failure": (
        Status.TEMPORARY_FAILURE,
        "GOV.UK Notify: the recipient's inbox was full or their anti-spam filter refused it.",
    ),
    "technical-failure": (
        Status.TEMPORARY_FAILURE,
        "GOV.UK Notify: a technical problem stopped it being sent.",
    ),
}
_ADDRESSES = re.compile(r"\S+@\S+")


def notify_status(value: str) -> tuple[Status, str | None] | None:
    return STATUSES.get(value)


@dataclass(frozen=True)
class NotifySettings:
    api_key: str
    template_id: str
    base_url: str
    reply_to_id: str = ""

    @classmethod
    def from_config(cls, config: Config) -> NotifySettings:
        missing = [n for n in ("NOTIFY_API_KEY", "NOTIFY_TEMPLATE_ID") if not config[n].strip()]
        if missing:
            raise ConfigError(f"MAIL_BACKEND=notify needs {', '.join(missing)}")
        return cls(
            api_key=config["NOTIFY_API_KEY"].strip(),
            template_id=config["NOTIFY_TEMPLATE_ID"].strip(),
            base_url=config["NOTIFY_BASE_URL"].strip(),
            reply_to_id=config["NOTIFY_REPLY_TO_ID"].strip(),
        )

    def __repr__(self) -> str:  # keep the API key out of tracebacks and logs
        return f"NotifySettings(template_id={self.template_id!r}, base_url={self.base_url!r})"


def personalisation(email: Email) -> dict[str, Any]:
    """The generic template's fields: the same subject and text the SMTP back-end sends."""
    if len(email.attachments) > 1:
        raise PermanentFailure("GOV.UK Notify takes one file per message; this had more.")
    fields: dict[str, Any] = {
        "subject": email.content.subject,
        "body": email.content.text.strip(),
        "file_intro": "",
        "file": "",
    }
    for attachment in email.attachments:
        try:
            fields["file"] = prepare_upload(
                BytesIO(attachment.data),
                filename=attachment.filename,
                confirm_email_before_download=True,
            )
        except ValueError as exc:  # larger than Notify's 2 MB
            raise PermanentFailure(f"GOV.UK Notify cannot take the file: {exc}.") from exc
        fields["file_intro"] = f"Download {attachment.filename}: "
    return fields


def _said(exc: APIError) -> str:
    """Notify's own message, without anything that looks like an address."""
    message = exc.message
    if isinstance(message, list):
        message = "; ".join(
            str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in message
        )
    return _ADDRESSES.sub("[address]", str(message))[:200]


class NotifyMailer:
    name = NOTIFY
    can_look_up = True

    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings
        self.client = NotificationsAPIClient(
            settings.api_key, base_url=settings.base_url, timeout=NOTIFY_TIMEOUT_SECONDS
        )

    def send(self, email: Email, dispatching: Callable[[], None]) -> str:
        fields = personalisation(email)
        dispatching()  # Notify may create the notification from here on
        try:
            answer = self.client.send_email_notification(
                email_address=email.to,
                template_id=self.settings.template_id,
                personalisation=fields,
                reference=email.reference,
                email_reply_to_id=self.settings.reply_to_id or None,
            )
        except APIError as exc:
            raise _failure(exc) from exc
        return str(answer["id"])

    def find(self, reference: str) -> Lookup:
        try:
            answer = self.client.get_all_notifications(reference=reference)
        except APIError as exc:
            raise TemporaryFailure(
                f"Could not ask GOV.UK Notify about an earlier attempt ({exc.status_code})."
            ) from exc
        for notification in answer.get("notifications") or []:
            mapped = notify_status(str(notification.get("status", "")))
            return Lookup(True, str(notification["id"]), mapped[0] if mapped else Status.SENT)
        return Lookup.not_there()

    def status(self, backend_id: str) -> tuple[Status, str | None] | None:
        try:
            answer = self.client.get_notification_by_id(backend_id)
        except APIError as exc:
            log.warning("GOV.UK Notify status of %s not read: %s", backend_id, exc.status_code)
            return None
        return notify_status(str(answer.get("status", "")))

    def check(self) -> None:
        # Notify's public status page: no API call counted against the service's limits
        self.client.request_session.get(
            f"{self.settings.base_url.rstrip('/')}/_status", timeout=5
        ).raise_for_status()


def _failure(exc: APIError) -> Exception:
    code = exc.status_code
    if exc.response is not None and code == 400:
        return PermanentFailure(f"GOV.UK Notify refused it (400): {_said(exc)}")
    if exc.response is not None and code == 403:
        return TemporaryFailure("GOV.UK Notify refused the API key (403): check NOTIFY_API_KEY.")
    if exc.response is not None and code == 429:
        return TemporaryFailure("GOV.UK Notify's rate or daily limit was reached (429).")
    if exc.response is not None and 400 <= code < 500:
        return TemporaryFailure(f"GOV.UK Notify answered {code}: {_said(exc)}")
    # a 5xx, or no answer: Notify may or may not have created it; find() will tell
    return OutcomeUnknown(f"GOV.UK Notify did not confirm it ({code}).")
