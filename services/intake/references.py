"""Case references (``GSCP-2026-0001``) and the partnership's calendar (Europe/London)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
#: letters and digits only, short enough for the reference column (32) with "-yyyy-nnnnnn"
_PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,15}")


def check_prefix(prefix: str) -> str:
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(
            f"reference prefix {prefix!r} must be 1 to 16 capital letters or digits, "
            "starting with a letter"
        )
    return prefix


def format_reference(prefix: str, year: int, number: int) -> str:
    if number < 1:
        raise ValueError("reference numbers start at 1")
    return f"{prefix}-{year}-{number:04d}"


def london_date(moment: datetime) -> date:
    """The partnership's calendar day of an aware instant (references, "today" in forms)."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed: naive times are ambiguous")
    return moment.astimezone(LONDON).date()


def reference_year(received_at: datetime) -> int:
    return london_date(received_at).year
