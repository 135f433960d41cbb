"""When the Rapid Review meeting starts and finishes, as its calendar invitation needs.

Both are optional on "Set the date of the Rapid Review meeting": a date alone is still a
date set (no invitation is sent without a start time). They are recorded on the step as
``HH:MM`` (24-hour clock, Europe/London wall time) for the notifier to read.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from services.scheduler.domain.lifecycle import InputErrors
from services.scheduler.domain.steps import Values, text_value
from shared.govuk_times import clock_time, parse_time

#: how long the invitation holds the meeting when no finish time is given
DEFAULT_LENGTH = timedelta(hours=2)
DEFAULT_LENGTH_WORDS = f"{DEFAULT_LENGTH.seconds // 3600} hours"

STARTS, ENDS = "starts_at", "ends_at"
_FORMAT = "For example, 10am or 2:30pm"


def meeting_times(values: Values) -> tuple[time, time] | None:
    """The meeting's start and finish; None without a start time; InputErrors when either
    is not a time, or the finish is not after the start on the same day."""
    starts_text, ends_text = text_value(values, STARTS), text_value(values, ENDS)
    if not starts_text:
        if ends_text:
            raise InputErrors({STARTS: "Enter a start time, or leave the finish time empty"})
        return None
    errors: dict[str, str] = {}
    starts = ends = None
    try:
        starts = parse_time(starts_text)
    except ValueError:
        errors[STARTS] = f"Enter a start time like 10am or 2:30pm. {_FORMAT}"
    if ends_text:
        try:
            ends = parse_time(ends_text)
        except ValueError:
            errors[ENDS] = f"Enter a finish time like 12:30pm. {_FORMAT}"
    if errors or starts is None:
        raise InputErrors(errors)
    if ends is None:
        ends = (datetime.combine(datetime.min, starts) + DEFAULT_LENGTH).time()
        if ends <= starts:
            raise InputErrors({STARTS: "Enter a finish time: the meeting must end the same day"})
    elif ends <= starts:
        raise InputErrors({ENDS: f"The finish time must be after {clock_time(starts)}"})
    return starts, ends
