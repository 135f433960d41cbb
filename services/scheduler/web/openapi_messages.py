"""The OpenAPI path of a case's messages: every email the notifier sent about the case, each
with its template, recipient, status and times (never its text). Statuses and template names
come from the notifier's read model (declared in ``services/notifier/statuses.py``)."""

from __future__ import annotations

from typing import Any

from services.notifier.readmodel import STATUSES, TEMPLATES
from services.scheduler.web.openapi_schema import REFERENCE, nullable, responses, string

MESSAGE = {"$ref": "#/components/schemas/Message"}


def paths() -> dict[str, Any]:
    return {
        "/api/v1/cases/{reference}/messages": {
            "get": {
                "operationId": "list_case_messages",
                "summary": "Every email sent about a case, oldest first, with its status",
                "description": "A permanent failure, or a message not known to have arrived, "
                "is resent from the case page by ops or the chair (as a new message).",
                "tags": ["messages"],
                "parameters": [REFERENCE],
                "responses": responses(
                    "The messages",
                    {
                        "type": "object",
                        "properties": {
                            "reference": string(),
                            "messages": {"type": "array", "items": MESSAGE},
                        },
                        "required": ["reference", "messages"],
                    },
                    ("401", "403", "404"),
                    described={"404": "No such case"},
                ),
            }
        }
    }


def schemas() -> dict[str, Any]:
    when = nullable(string(format="date-time"))
    return {
        "Message": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "template": string(description=", ".join(sorted(TEMPLATES))),
                "template_label": string(),
                "recipient": string(),
                "subject": string(),
                "status": string(enum=list(STATUSES)),
                "status_text": string(),
                "backend": nullable(string(enum=["smtp", "notify"])),
                "attempts": {"type": "integer", "minimum": 0},
                "last_error": nullable(string()),
                "created_at": string(format="date-time"),
                "status_at": when,
                "sent_at": when,
                "delivered_at": when,
                "resend_of": nullable({"type": "integer"}),
                "resendable": {"type": "boolean"},
            },
            "required": [
                "id",
                "template",
                "recipient",
                "subject",
                "status",
                "status_text",
                "created_at",
                "sent_at",
                "delivered_at",
            ],
        }
    }
