"""Reading a date typed as day, month and year boxes (GOV.UK date input), without Flask.

Follows the GOV.UK Design System's date-input error pattern: say which part is missing,
whether the date is real, and accept month names as well as numbers because people type them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ONE_OR_TWO_DIGITS = re.compile(r"[0-9]{1,2}")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class DateReading:
    value: date | None = None
    #: nothing typed in any of the three boxes
    empty: bool = False
    #: GOV.UK-style message when something was typed but is not a usable date
    error: str | None = None


def _month_number(text: str) -> int | None:
    if _ONE_OR_TWO_DIGITS.fullmatch(text):
        return int(text)
    lowered = text.lower().rstrip(".")
    if len(lowered) >= 3:
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(lowered):
                return number
    return None


def read_date(day: str, month: str, year: str, *, label: str) -> DateReading:
    """``label`` starts each message, for example "Date of birth must be a real date"."""
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name, text in parts.items() if not text]
    if len(missing) == 3:
        return DateReading(empty=True)
    if missing:
        return DateReading(error=f"{label} must include a {' and '.join(missing)}")
    real_date = f"{label} must be a real date"
    if not _ONE_OR_TWO_DIGITS.fullmatch(parts["day"]):
        return DateReading(error=real_date)
    month_number = _month_number(parts["month"])
    if month_number is None:
        return DateReading(error=real_date)
    if not _DIGITS.fullmatch(parts["year"]):
        return DateReading(error=real_date)
    if len(parts["year"]) != 4:
        return DateReading(error="Year must include 4 numbers")
    try:
        value = date(int(parts["year"]), month_number, int(parts["day"]))
    except ValueError:
        return DateReading(error=real_date)
    return DateReading(value=value)
