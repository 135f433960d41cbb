"""Each template's made-up context, as its upload check fills it."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.documents.catalogue import spec
from tests.unit.documents.factories import PARTNERSHIP


def sample(name: str) -> dict[str, Any]:
    return spec(name).sample(PARTNERSHIP, date(2026, 12, 7))
