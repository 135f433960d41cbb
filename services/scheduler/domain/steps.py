"""What each staff action changes, given inputs already checked one by one.

Each function checks what needs the case as well (a date no earlier than the step before
it), then says which state follows, which clocks start, are met, move or stop, and what the
timeline says. ``actions.py`` declares who may call which, and when; the Learning from
Practice Group's steps are in ``lfp_steps.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import cast

from services.scheduler.domain.clocks import Event, StartedClock, start_clock, start_clocks
from services.scheduler.domain.lifecycle import (
    CaseSnapshot,
    Change,
    ClockMet,
    Context,
    InputErrors,
)
from services.scheduler.domain.outcomes import LOCAL_REVIEW_OUTCOMES, outcome_label
from services.scheduler.domain.states import CaseState as S
from shared.govuk_dates import long_date

Values = Mapping[str, object]
#: the Rapid Review's own clocks: one still running when the report goes to the Panel (an
#: agency that never returned its scoping form) stops then
RAPID_REVIEW_STEP_CLOCKS = (
    "send_scoping_forms",
    "return_scoping_forms",
    "rapid_review_meeting",
    "approve_recommendation",
)


def _date(values: Values, key: str) -> date:
    return cast(date, values[key])


def text_value(values: Values, key: str) -> str:
    return str(values.get(key, ""))


def not_before(values: Values, key: str, noun: str, earliest: date | None, what: str) -> date:
    day = _date(values, key)
    if earliest is not None and day < earliest:
        raise InputErrors(
            {key: f"{noun} must be the same as or after {what} ({long_date(earliest)})"}
        )
    return day


def clocks_met(case: CaseSnapshot, on: date, *keys: str) -> tuple[ClockMet, ...]:
    return tuple(ClockMet(k, on) for k in keys if (c := case.clock(k)) is not None and not c.met)


def _unmet(case: CaseSnapshot, keys: Iterable[str] | None = None) -> tuple[str, ...]:
    wanted = None if keys is None else set(keys)
    return tuple(c.key for c in case.clocks if not c.met and (wanted is None or c.key in wanted))


def start_event(
    case: CaseSnapshot, ctx: Context, event: Event, on: date
) -> tuple[StartedClock, ...]:
    return tuple(start_clocks(ctx.rules, ctx.calendar, case.route, [event], on, ctx.meetings))


def leads_informed(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "informed_on",
        "The date the lead representatives were informed",
        case.received_on,
        "the date the referral was received",
    )
    return Change(
        on,
        f"The chair informed the three lead representatives on {long_date(on)}",
        S.LEADS_INFORMED,
        met=clocks_met(case, on, "inform_lead_representatives"),
    )


def decide_criteria(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "decided_on",
        "The date of the decision",
        case.done.get("record_leads_informed", case.received_on),
        "the date the lead representatives were informed",
    )
    met = clocks_met(case, on, "criteria_decision")
    rationale = text_value(values, "rationale")
    if values["criteria"] == "met":
        return Change(
            on,
            f"The chair decided on {long_date(on)} that the criteria are met",
            S.CRITERIA_MET,
            reason=rationale,
            met=met,
        )
    return Change(
        on,
        f"The chair decided on {long_date(on)} that the criteria are not met: the national "
        "Panel is not notified and the case goes to the Learning from Practice Group",
        S.CRITERIA_NOT_MET,
        reason=rationale,
        start=start_event(case, ctx, Event.REFERRED_TO_LFP, on),
        met=met,
        stopped=_unmet(case, ("notify_panel", "rapid_review_complete")),
    )


def panel_notification(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "notified_on",
        "The date the national Panel was notified",
        case.awareness,
        "the date the partnership became aware",
    )
    reference = text_value(values, "dfe_reference")
    return Change(
        on,
        f"The local authority notified the national Panel on {long_date(on)} "
        f"(DfE notification reference {reference})",
        S.PANEL_NOTIFIED,
        start=start_event(case, ctx, Event.PANEL_NOTIFIED, on),
        met=clocks_met(case, on, "notify_panel"),
    )


def send_scoping_requests(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "sent_on",
        "The date the requests are sent",
        case.done.get("record_panel_notification"),
        "the date the national Panel was notified",
    )
    started = start_event(case, ctx, Event.SCOPING_FORMS_SENT, on)
    due = next((c.due_on for c in started if c.key == "return_scoping_forms"), None)
    names = ", ".join(a.name for a in case.agencies)
    return Change(
        on,
        f"Scoping requests sent on {long_date(on)} to {len(case.agencies)} "
        f"{'agency' if len(case.agencies) == 1 else 'agencies'}: {names}"
        + (f"; returns are due by {long_date(due)}" if due else ""),
        S.RAPID_REVIEW_SCOPING,
        start=started,
        # met once the meeting date is set too (``meeting_steps``)
        met=clocks_met(case, on, "send_scoping_forms") if "set_meeting_date" in case.done else (),
        facts={"agency_ids": [a.id for a in case.agencies], "return_due_on": due},
    )


def report_sent(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "sent_on",
        "The date the report was sent",
        case.done.get("record_panel_notification"),
        "the date the national Panel was notified",
    )
    return Change(
        on,
        f"The Rapid Review report and letter were sent to the national Panel on {long_date(on)}",
        S.REPORT_SENT_TO_PANEL,
        start=start_event(case, ctx, Event.REPORT_SENT_TO_PANEL, on),
        met=clocks_met(case, on, "rapid_review_complete", "report_to_panel"),
        stopped=_unmet(case, RAPID_REVIEW_STEP_CLOCKS),
    )


def panel_response(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "responded_on",
        "The date of the Panel's response",
        case.done.get("record_report_sent"),
        "the date the report was sent",
    )
    agrees = values["response"] == "agrees"
    verb = "agrees" if agrees else "does not agree"
    return Change(
        on,
        f"The national Panel {verb} with the recommendation (response of {long_date(on)})",
        S.PANEL_RESPONDED,
        reason=text_value(values, "panel_comments"),
        met=clocks_met(case, on, "panel_response"),
    )


def outcome(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "decided_on",
        "The date the outcome was agreed",
        case.done.get("record_panel_response"),
        "the date of the Panel's response",
    )
    letter = str(values["outcome"])
    stated = text_value(values, "consideration_of") or text_value(values, "other_outcome")
    summary = f"Outcome agreed on {long_date(on)}: {outcome_label(letter)}"
    reviewing = letter in LOCAL_REVIEW_OUTCOMES
    return Change(
        on,
        f"{summary}: {stated}" if stated else summary,
        S.OUTCOME_RECORDED,
        reason=text_value(values, "rationale"),
        start=start_event(case, ctx, Event.DECISION_TO_REVIEW, on) if reviewing else (),
    )


def agencies_informed(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "informed_on",
        "The date the agencies were informed",
        case.done.get("record_outcome"),
        "the date the outcome was agreed",
    )
    return Change(
        on, f"The agencies were informed of the outcome on {long_date(on)}", S.AGENCIES_INFORMED
    )


def close(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    return Change(
        ctx.today,
        "Case closed",
        S.CLOSED,
        reason=text_value(values, "reason"),
        stopped=_unmet(case),
    )


def correct_awareness(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    new = _date(values, "aware_on")
    problem = ""
    notified = case.done.get("record_panel_notification")
    if new == case.awareness:
        problem = f"The date the partnership became aware is already {long_date(new)}"
    elif new > case.received_on:
        problem = (
            "The date the partnership became aware must be the same as or before the date "
            f"the referral was received ({long_date(case.received_on)})"
        )
    elif notified is not None and new > notified:
        problem = (
            "The date the partnership became aware must be the same as or before the date "
            f"the national Panel was notified ({long_date(notified)})"
        )
    if problem:
        raise InputErrors({"aware_on": problem})
    moved = []
    for clock in case.clocks:
        rule = ctx.rules.get(clock.key)
        if rule is not None and rule.starts_at is Event.PARTNERSHIP_AWARE:
            again = start_clock(rule, ctx.calendar, new, ctx.meetings)
            if again is not None:
                moved.append(
                    StartedClock(clock.key, new, again.due_on, again.window_opens_on, clock.met_on)
                )
    return Change(
        ctx.today,
        f"The date the partnership became aware was corrected from {long_date(case.awareness)} "
        f"to {long_date(new)}",
        reason=text_value(values, "reason"),
        moved=tuple(moved),
        aware_on=new,
    )
