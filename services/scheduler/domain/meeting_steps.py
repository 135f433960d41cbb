"""What setting the Rapid Review meeting's date and recording the meeting change.

The meeting falls between working days 9 and 11 after the Panel was notified (the
``rapid_review_meeting`` clock's window); a date outside it needs a reason. "Letter and
scoping forms sent to all agencies; meeting date set" is met once both are done, on the day
the second was.
"""

from __future__ import annotations

from datetime import date

from services.scheduler.domain.clocks import Event
from services.scheduler.domain.lifecycle import (
    Actor,
    CaseSnapshot,
    Change,
    ClockMet,
    Context,
    InputErrors,
)
from services.scheduler.domain.meeting import (
    MEETING_CLOCK,
    missing_partners,
    outside_window,
    quorate,
    quorum_text,
)
from services.scheduler.domain.meeting_time import ENDS, STARTS, meeting_times
from services.scheduler.domain.states import CaseState as S
from services.scheduler.domain.steps import Values, clocks_met, not_before, start_event, text_value
from shared.govuk_dates import long_date, weekday_date
from shared.govuk_times import clock_time

SEND_AND_SET = "send_scoping_forms"
REASON = "outside_window_reason"


def _window_reason(case: CaseSnapshot, on: date, values: Values, noun: str) -> str:
    """The reason given for a date outside the window; InputErrors when one is needed."""
    clock = case.clock(MEETING_CLOCK)
    reason = text_value(values, REASON)
    if clock is None or not outside_window(on, (clock.window_opens_on, clock.due_on)):
        return reason
    if not reason:
        opens = long_date(clock.window_opens_on) if clock.window_opens_on else ""
        raise InputErrors(
            {
                REASON: f"Enter why {noun} is outside working days 9 to 11 after the Panel "
                f"was notified ({opens} to {long_date(clock.due_on)})"
            }
        )
    return reason


def scoping_and_date_met(case: CaseSnapshot, on: date, other_done: str) -> tuple[ClockMet, ...]:
    """The send-and-set clock is met by the second of the two steps, on the day it is taken."""
    return clocks_met(case, on, SEND_AND_SET) if other_done in case.done else ()


def set_meeting_date(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "meeting_on",
        "The date of the meeting",
        case.done.get("record_panel_notification"),
        "the date the national Panel was notified",
    )
    reason = _window_reason(case, on, values, "the meeting")
    times = meeting_times(values)
    # the step is recorded on the day it was taken: ``done`` keeps the meeting's own date
    met = scoping_and_date_met(case, ctx.today, "send_scoping_requests")
    facts: dict[str, object] = {"meeting_on": on}
    when = ""
    if times is not None:
        facts |= {STARTS: f"{times[0]:%H:%M}", ENDS: f"{times[1]:%H:%M}"}
        when = f", {clock_time(times[0])} to {clock_time(times[1])}"
    return Change(
        on,
        f"The Rapid Review meeting was set for {weekday_date(on)}{when}"
        + (" (outside working days 9 to 11)" if reason else ""),
        reason=reason,
        met=met,
        facts=facts,
    )


def meeting_held(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "held_on",
        "The date of the meeting",
        case.done.get("send_scoping_requests"),
        "the date the scoping requests were sent",
    )
    reason = _window_reason(case, on, values, "the meeting")
    people = case.participants
    return Change(
        on,
        f"The Rapid Review meeting was held on {long_date(on)} with {len(people)} "
        f"{'participant' if len(people) == 1 else 'participants'}. {quorum_text(people)}",
        S.RAPID_REVIEW_MEETING_HELD,
        reason=reason,
        start=start_event(case, ctx, Event.RAPID_REVIEW_MEETING, on),
        met=clocks_met(case, on, MEETING_CLOCK),
        facts={
            "quorate": quorate(people),
            "missing_partners": [p.value for p in missing_partners(people)],
            "participants": len(people),
        },
    )


def no_participants(case: CaseSnapshot, actor: Actor) -> str:
    if not case.participants:
        return "Record who took part in the meeting before recording it as held."
    return ""
