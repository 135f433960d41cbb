"""What the Learning from Practice Group's steps change: queueing a case for a meeting,
arranging a special meeting, and recording the group's decision.

A practice-learning referral goes to the group when it arrives; a serious incident whose
criteria are not met goes there from the chair's decision (to the next scheduled meeting or
a special one). Either way the group's clock is due on the meeting's date.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from services.scheduler.domain.clocks import Event, StartedClock, start_clock
from services.scheduler.domain.dates import next_meeting
from services.scheduler.domain.lifecycle import (
    ActionRefused,
    CaseSnapshot,
    Change,
    Context,
)
from services.scheduler.domain.outcomes import LFP_DECISIONS, REVIEW_OF_CASE
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState as S
from services.scheduler.domain.steps import Values, clocks_met, not_before, start_event, text_value
from shared.govuk_dates import long_date

LFP_CLOCK = "lfp_consideration"


def referred_on(case: CaseSnapshot) -> date:
    """When the case was referred to the group: on arrival, or the chair's decision."""
    if case.route is Route.SERIOUS_INCIDENT:
        return case.done.get("decide_criteria", case.received_on)
    return case.received_on


def queue_for_meeting(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    meeting = next_meeting(ctx.meetings, ctx.today)
    if meeting is None:
        raise ActionRefused(
            "There is no Learning from Practice Group meeting in the schedule after "
            f"{long_date(ctx.today)}: an administrator must add the next meetings first"
        )
    start: tuple[StartedClock, ...] = ()
    if case.clock(LFP_CLOCK) is None:
        found = start_clock(ctx.rules[LFP_CLOCK], ctx.calendar, referred_on(case), ctx.meetings)
        start = (found,) if found else ()
    return Change(
        ctx.today,
        f"Queued for the Learning from Practice Group meeting on {long_date(meeting)}",
        S.AWAITING_LFP_MEETING,
        start=start,
        facts={"meeting_on": meeting},
    )


def special_meeting(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    start_on = referred_on(case)
    meeting = not_before(
        values,
        "meeting_on",
        "The date of the special meeting",
        start_on,
        "the date of the chair's decision",
    )
    current = case.clock(LFP_CLOCK)
    moved = StartedClock(LFP_CLOCK, current.starts_on if current else start_on, meeting)
    return Change(
        ctx.today,
        f"A special Learning from Practice Group meeting was arranged for {long_date(meeting)}",
        S.AWAITING_LFP_MEETING,
        reason=text_value(values, "reason"),
        start=() if current else (moved,),
        moved=(moved,) if current else (),
        facts={"special_meeting": True},
    )


def decision(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "meeting_on",
        "The date of the meeting",
        referred_on(case),
        "the date the case was referred to the group",
    )
    chosen = cast(frozenset[str], values["decisions"])
    labels = [o.label[0].lower() + o.label[1:] for o in LFP_DECISIONS if o.value in chosen]
    return Change(
        on,
        f"The Learning from Practice Group decided on {long_date(on)}: {'; '.join(labels)}",
        S.LEARNING_AGREED,
        reason=text_value(values, "notes"),
        start=start_event(case, ctx, Event.DECISION_TO_REVIEW, on)
        if REVIEW_OF_CASE in chosen
        else (),
        met=clocks_met(case, on, LFP_CLOCK),
    )
