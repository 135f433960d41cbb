"""The demo cases ``cspr demo`` makes: one or more in every state either route reaches, each
a made-up child, a short invented story and the steps that bring it there.

Days are counted in working days before today (negative: after), so whenever it is run the
clocks show on track, due within 1 working day, overdue, met on time and met late.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Partner, Role

OPS = Actor(Role.OPS, email="ops.demo@partnership.example")
CHAIR = Actor(Role.CHAIR, email="chair.demo@partnership.example")
LA_LEAD = Actor(Role.PARTNER_LEAD, partner=Partner.LOCAL_AUTHORITY, email="la.demo@example.org")
POLICE_LEAD = Actor(Role.PARTNER_LEAD, partner=Partner.POLICE, email="police.demo@example.org")
HEALTH_LEAD = Actor(Role.PARTNER_LEAD, partner=Partner.HEALTH, email="health.demo@example.org")
#: the Learning from Practice Group's meetings, in working days before (+) or after (-) today
PAST_MEETING, NEXT_MEETING, LATER_MEETING = 10, -8, -28


@dataclass(frozen=True)
class Step:
    action: str
    #: working days before today (negative: after)
    ago: int
    actor: Actor = OPS
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoCase:
    key: str
    form_id: str
    child: str
    received: int
    story: str
    steps: tuple[Step, ...] = ()


def _informed(ago: int) -> Step:
    return Step("record_leads_informed", ago)


def _criteria(ago: int, met: bool) -> Step:
    why = (
        "Serious injury to a child under one; neglect is suspected by two agencies."
        if met
        else "No abuse or neglect is suspected; single-agency learning about discharge plans."
    )
    return Step(
        "decide_criteria", ago, CHAIR, {"criteria": "met" if met else "not_met", "rationale": why}
    )


def _notified(ago: int) -> Step:
    return Step("record_panel_notification", ago, LA_LEAD, {"dfe_reference": "SIN-DEMO-0042"})


def _scoping(sent: int) -> tuple[Step, ...]:
    summary = "A baby was brought to hospital with unexplained bruising (made-up demo case)."
    return (
        Step("demo:agencies", sent),
        Step(
            "send_scoping_requests",
            sent,
            inputs={"summary_of_case": summary, "time_period": "From the baby's birth"},
        ),
    )


def _meeting_and_report(received: int, child: str) -> tuple[Step, ...]:
    """Notified two working days after the referral, the meeting on working day 10 after
    that, and version 1 of the report made final the day after the meeting."""
    notified = received - 3
    return (
        *(_informed(received - 1), _criteria(received - 2, True), _notified(notified)),
        *_scoping(notified - 1),
        Step("demo:participants", notified - 9),
        Step("record_meeting_held", notified - 10),
        Step("demo:report", notified - 11, inputs={"child_name": child}),
    )


def _decide(ago: int, lead: Actor, reasons: str = "") -> Step:
    inputs = {"decision": "disagree", "reasons": reasons} if reasons else {"decision": "approve"}
    return Step("decide_recommendation", ago, lead, inputs)


def _sent_to_panel(received: int, child: str, sent: int) -> tuple[Step, ...]:
    """Through the meeting and the report (``_meeting_and_report``), approved by the three
    lead representatives the day the report is final, then sent to the Panel ``sent`` days
    ago (no later than that day)."""
    approved = received - 14
    if sent > approved:
        raise ValueError(f"sent {sent} working days ago: before the approvals ({approved})")
    return (
        *_meeting_and_report(received, child),
        *(_decide(approved, lead) for lead in (LA_LEAD, POLICE_LEAD, HEALTH_LEAD)),
        Step("record_report_sent", sent),
    )


def _response(ago: int) -> Step:
    comments = "The Panel agrees; no national review. It asks to see the audit findings."
    return Step(
        "record_panel_response", ago, inputs={"response": "agrees", "panel_comments": comments}
    )


def _outcome(ago: int, letter: str) -> Step:
    inputs: dict[str, Any] = {"outcome": letter, "rationale": "Agreed at the Rapid Review."}
    if letter not in {"a", "b"}:
        inputs["other_options_considered"] = True
    return Step("record_outcome", ago, CHAIR, inputs)


def _decision(*decisions: str) -> Step:
    notes = "Discussed with the health and education leads."
    return Step(
        "record_lfp_decision", PAST_MEETING, CHAIR, {"decisions": list(decisions), "notes": notes}
    )


_QUEUE = "queue_for_lfp_meeting"
SI, PL = "serious-incident", "practice-learning"
INJURY = "A baby was brought to hospital with unexplained bruising; the family were known."
CASES: tuple[DemoCase, ...] = (
    DemoCase("si-new", SI, "Child A (demo)", 0, INJURY),
    DemoCase("si-stalled", SI, "Child B (demo)", 3, INJURY),
    DemoCase("si-leads", SI, "Child C (demo)", 4, INJURY, (_informed(2),)),
    DemoCase("si-met", SI, "Child D (demo)", 6, INJURY, (_informed(5), _criteria(3, True))),
    DemoCase(
        "si-not-met",
        SI,
        "Child E (demo)",
        7,
        "A teenager was admitted after self-harm; the school had raised concerns.",
        (_informed(6), _criteria(4, False)),
    ),
    DemoCase(
        "si-notified",
        SI,
        "Child F (demo)",
        10,
        INJURY,
        (_informed(9), _criteria(8, True), _notified(7)),
    ),
    DemoCase(
        "si-scoping",
        SI,
        "Child R (demo)",
        8,
        INJURY,
        (_informed(7), _criteria(6, True), _notified(5), *_scoping(4)),
    ),
    DemoCase(
        "si-meeting-held",
        SI,
        "Child S (demo)",
        14,
        INJURY,
        (
            *(_informed(13), _criteria(12, True), _notified(11), *_scoping(10)),
            Step("demo:participants", 2),
            Step("record_meeting_held", 1),
        ),
    ),
    DemoCase(
        "si-disputed",
        SI,
        "Child T (demo)",
        16,
        INJURY,
        (
            *_meeting_and_report(16, "Child T (demo)"),
            _decide(1, LA_LEAD),
            _decide(1, POLICE_LEAD, "The police review of the call history is not finished."),
        ),
    ),
    DemoCase(
        "si-approved",
        SI,
        "Child U (demo)",
        15,
        INJURY,
        (
            *_meeting_and_report(15, "Child U (demo)"),
            *(_decide(0, LA_LEAD), _decide(0, POLICE_LEAD), _decide(0, HEALTH_LEAD)),
        ),
    ),
    DemoCase(
        "si-report",
        SI,
        "Child G (demo)",
        16,
        INJURY,
        _sent_to_panel(16, "Child G (demo)", 0),
    ),
    DemoCase(
        "si-responded",
        SI,
        "Child H (demo)",
        24,
        INJURY,
        (*_sent_to_panel(24, "Child H (demo)", 10), _response(3)),
    ),
    DemoCase(
        "si-outcome",
        SI,
        "Child I (demo)",
        28,
        INJURY,
        (*_sent_to_panel(28, "Child I (demo)", 14), _response(6), _outcome(2, "b")),
    ),
    DemoCase(
        "si-agencies",
        SI,
        "Child J (demo)",
        29,
        INJURY,
        (
            *_sent_to_panel(29, "Child J (demo)", 15),
            *(_response(7), _outcome(5, "f"), Step("record_agencies_informed", 3)),
        ),
    ),
    DemoCase(
        "si-special-meeting",
        SI,
        "Child K (demo)",
        9,
        "A child on a protection plan went missing for two days.",
        (
            _informed(8),
            _criteria(6, False),
            Step(
                "arrange_special_lfp_meeting",
                5,
                inputs={"meeting_on": -3, "reason": "The family are moving out of the area."},
            ),
        ),
    ),
    DemoCase(
        "si-learning",
        SI,
        "Child L (demo)",
        20,
        "A young child swallowed prescribed medicine left within reach.",
        (_informed(19), _criteria(17, False), Step(_QUEUE, 16), _decision("review_of_case")),
    ),
    DemoCase(
        "si-closed",
        SI,
        "Child M (demo)",
        30,
        INJURY,
        (
            *(*_sent_to_panel(30, "Child M (demo)", 16), _response(10)),
            *(_outcome(8, "h"), Step("record_agencies_informed", 7)),
            Step("close", 6, inputs={"reason": "Learning shared with every agency."}),
        ),
    ),
    DemoCase("pl-new", PL, "Child N (demo)", 1, "Good joint working between school and GP."),
    DemoCase(
        "pl-awaiting",
        PL,
        "Child O (demo)",
        14,
        "Delays in sharing a health visitor's concerns.",
        (Step(_QUEUE, 13),),
    ),
    DemoCase(
        "pl-learning",
        PL,
        "Child P (demo)",
        18,
        "Missed appointments were not followed up.",
        (Step(_QUEUE, 17), _decision("thematic_review", "training")),
    ),
    DemoCase(
        "pl-closed",
        PL,
        "Child Q (demo)",
        22,
        "An interpreter was not used at a home visit.",
        (Step(_QUEUE, 21), _decision("single_agency_audit"), Step("close", 4)),
    ),
)
