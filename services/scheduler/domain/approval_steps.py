"""What a lead representative's decision on the recommendation, and the independent
scrutineer's mediation, change.

A decision is on the newest final version of the report and is the acting lead
representative's partner's: a disagreement makes the recommendation disputed at once; an
approval is recorded and, with the other two partners' approvals of the same version, makes
it approved and meets the "lead representatives approve the recommendation" clock. The
mediation either settles it (the partners agree: approved) or sends the report back to be
revised, so a new final version is made and approved again.
"""

from __future__ import annotations

from services.scheduler.domain.approval import (
    APPROVED,
    DISAGREED,
    Decision,
    all_approved,
    decision_refusal,
    lead_of,
    listed,
    waiting_for,
)
from services.scheduler.domain.lifecycle import ActionRefused, Actor, CaseSnapshot, Change, Context
from services.scheduler.domain.states import CaseState as S
from services.scheduler.domain.steps import Values, clocks_met, not_before, text_value
from shared.govuk_dates import long_date

APPROVAL_CLOCK = "approve_recommendation"


def decision_guard(case: CaseSnapshot, actor: Actor) -> str:
    return decision_refusal(case.report_version, case.decisions, actor.partner)


def decide_recommendation(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    actor, version = ctx.actor, case.report_version
    if actor is None or actor.partner is None or version is None:
        raise ActionRefused("Only a lead representative can decide on a final report.")
    partner, on = actor.partner, ctx.today
    decision = APPROVED if values["decision"] == "approve" else DISAGREED
    reasons = text_value(values, "reasons")
    recorded = Decision(version, partner, decision, reasons)
    facts = {"version": version, "partner": partner.value, "decision": decision}

    def summary(verb: str) -> str:
        return f"{lead_of(partner)} {verb} the recommendation (report version {version})"

    if decision == DISAGREED:
        return Change(
            on,
            summary("disagreed with"),
            S.RECOMMENDATION_DISPUTED,
            reason=reasons,
            facts=facts,
            decision=recorded,
        )
    after = {**case.decisions, partner: APPROVED}
    if all_approved(after):
        return Change(
            on,
            summary("approved") + ": the three safeguarding partners have approved it",
            S.RECOMMENDATION_APPROVED,
            met=clocks_met(case, on, APPROVAL_CLOCK),
            facts=facts,
            decision=recorded,
        )
    return Change(
        on,
        summary("approved") + f"; waiting for {listed(waiting_for(after))}",
        facts=facts,
        decision=recorded,
    )


def mediation(case: CaseSnapshot, values: Values, ctx: Context) -> Change:
    on = not_before(
        values,
        "mediated_on",
        "The date of the mediation",
        case.done.get("decide_recommendation"),
        "the date the disagreement was recorded",
    )
    version = case.report_version
    head = (
        f"{text_value(values, 'scrutineer')}, the independent scrutineer, mediated on "
        f"{long_date(on)} (report version {version})"
    )
    if values["mediation_outcome"] == "agreed":
        return Change(
            on,
            f"{head}: the partners agree the recommendation",
            S.RECOMMENDATION_APPROVED,
            reason=text_value(values, "result"),
            met=clocks_met(case, on, APPROVAL_CLOCK),
            facts={"version": version},
        )
    return Change(
        on,
        f"{head}: the report is to be revised, then approved again by the three lead "
        "representatives",
        S.RAPID_REVIEW_MEETING_HELD,
        reason=text_value(values, "result"),
        facts={"version": version},
    )
