"""Times of day as GOV.UK writes them, declared once for forms and emails: "10am", "2:30pm",
"midday" and "midnight" (12-hour clock, no leading zero, no ":00" on the hour).

``parse_time`` reads what people type in a time field: "10am", "10:00am", "10.30 am",
"2:30pm", "14:30" or "midday". It raises ``ValueError`` for anything else, so the form can say
what it expects.
"""

from __future__ import annotations

import re
from datetime import time

_WORDS = {"midday": time(12, 0), "noon": time(12, 0), "midnight": time(0, 0)}
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def clock_time(moment: time) -> str:
    """``10am``, ``2:30pm``, ``midday``, ``midnight``."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def parse_time(text: str) -> time:
    """The time in ``text``; ``ValueError`` when it is not one."""
    given = text.strip().lower()
    if given in _WORDS:
        return _WORDS[given]
    found = _TIME.match(given)
    if found is None:
        raise ValueError(f"not a time: {text!r}")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    suffix = (found.group(3) or "").replace(".", "")
    if minute > 59:
        raise ValueError(f"not a time: {text!r}")
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a time: {text!r}")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif found.group(2) is None or hour > 23:
        # "10" alone could be morning or evening: ask for am or pm, or the 24-hour clock
        raise ValueError(f"not a time: {text!r}")
    return time(hour, minute)
