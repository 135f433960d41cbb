"""GOV.UK Notify's delivery receipts: ``POST /notify/callback``.

Notify posts each email's outcome as JSON (``id``, ``reference``, ``status``, ...) with the
bearer token set in its console, which must equal ``NOTIFY_CALLBACK_TOKEN``. With no token
configured the endpoint is off (404) and ``check_messages`` polls instead. The web process
is internal: route this one path to it from the reverse proxy (docs/architecture.md).

Every answer is JSON with ``error`` and ``reason`` when something is wrong; a receipt for a
notification cspr did not send is acknowledged (200) so Notify stops retrying it.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from services.notifier.backends import NOTIFY
from services.notifier.notify import notify_status
from shared.web import csrf

log = logging.getLogger(__name__)

bp = Blueprint("notify_callbacks", __name__)
# Notify cannot send a CSRF token; the bearer token is the credential
csrf.exempt(bp)


def _problem(status: int, error: str, reason: str) -> ResponseReturnValue:
    response = jsonify(error=error, reason=reason)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cspr-notifier"'
    return response, status


def _authorised(expected: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )


@bp.post("/notify/callback")
def receipt() -> ResponseReturnValue:
    container = current_app.extensions["cspr"]
    expected = container.config["NOTIFY_CALLBACK_TOKEN"].strip()
    if not expected:
        return _problem(404, "not_found", "Status callbacks are not configured here.")
    if not _authorised(expected):
        return _problem(401, "unauthorised", "The bearer token is missing or not the one set.")
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _problem(400, "invalid_json", "Send the receipt as a JSON object.")
    notification_id, status = body.get("id"), body.get("status")
    reference = body.get("reference")
    if not isinstance(notification_id, str) or not isinstance(status, str):
        return _problem(400, "invalid_request", "A receipt needs 'id' and 'status' strings.")
    mapped = notify_status(status)
    if mapped is None:
        return _problem(422, "unknown_status", f"'{status[:40]}' is not a Notify email status.")
    found = container.messages.report(
        NOTIFY,
        notification_id[:300],
        mapped[0],
        now=container.clock(),
        error=mapped[1],
        reference=reference[:64] if isinstance(reference, str) else None,
    )
    if not found:
        log.info("Notify receipt for a notification not sent by cspr: ignored")
    return jsonify(recorded=found)
