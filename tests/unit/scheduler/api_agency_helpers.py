"""Shared by the agency API tests: the case, the bodies, tokens and a checked JSON body."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import add_staff, api_token

CASE = "GSCP-2026-0001"
URL = f"/api/v1/cases/{CASE}/agencies"
TYPED = {
    "name": "Oxleas NHS Foundation Trust",
    "kind": "health",
    "representative": "Dr Sam Named",
    "email": "Sam.Named@Oxleas.example",
}
KEEPERS_ONLY = "Only the partnership operations team or the chair can change a case's agencies."


def js(response: TestResponse) -> Any:
    """The JSON body, which every v1 answer marks no-store."""
    data = response.get_json()
    assert data is not None, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    return data


def bearer(c: Container, role: str) -> dict[str, str]:
    """A staff member of ``role`` and their API token's header."""
    email = f"{role}@partnership.example"
    add_staff(c, email=email, role=role)
    return {"Authorization": f"Bearer {api_token(c, email=email)}"}
