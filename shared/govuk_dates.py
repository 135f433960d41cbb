"""Dates as GOV.UK writes them, declared once for forms, documents, the console and emails:
"14 March 2019", "Monday 23 November 2026" (no leading zero, no ordinal)."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """``14 March 2019``."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: date) -> str:
    """``Monday 23 November 2026``."""
    return f"{day:%A} {long_date(day)}"
