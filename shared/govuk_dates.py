"""Dates as GOV.UK writes them, declared once for forms, documents, the console and emails:
"14 March 2019", "Monday 23 November 2026" (no leading zero, no ordinal), and a moment
"5:45pm on 6 December 2026"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def long_date(day: date) -> str:
    """``14 March 2019``."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: date) -> str:
    """``Monday 23 November 2026``."""
    return f"{day:%A} {long_date(day)}"


def time_and_date(moment: datetime) -> str:
    """``5:45pm on 6 December 2026``, in Europe/London (GOV.UK: 12-hour clock, "midday"
    and "midnight" for 12:00pm and 12:00am)."""
    local = moment.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        clock = f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {long_date(local.date())}"
