"""The three lead representatives' decisions on the Rapid Review's recommendation.

Each final version of the Report of Rapid Review (App. iv) is approved, or disagreed with,
once per safeguarding partner: the local authority, the police and the health partner. With
all three approvals the recommendation is approved; one disagreement makes it disputed and
the independent scrutineer mediates (seed 003; DOMAIN.md "Rules the system must enforce":
a disagreement is recorded and shared with the three lead representatives).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.scheduler.domain.staff import Partner

APPROVED, DISAGREED = "approved", "disagreed"
#: the partners whose lead representatives decide, in the seed's order
DECIDING_PARTNERS = (Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH)
#: how the person reached the system: the console, a staff API token, or an emailed link
VIA_CONSOLE, VIA_API, VIA_LINK = "console", "api", "link"

#: the partner as the subject of a sentence, with its verb ("the police have")
_SUBJECTS = {
    Partner.LOCAL_AUTHORITY: ("The local authority", "has"),
    Partner.POLICE: ("The police", "have"),
    Partner.HEALTH: ("The health partner", "has"),
}
_LEADS = {
    Partner.LOCAL_AUTHORITY: "The local authority's lead representative",
    Partner.POLICE: "The police lead representative",
    Partner.HEALTH: "The health partner's lead representative",
}
_NOUNS = {
    Partner.LOCAL_AUTHORITY: "the local authority",
    Partner.POLICE: "the police",
    Partner.HEALTH: "the health partner",
}


@dataclass(frozen=True)
class Decision:
    """One partner's decision on one final report version (``scheduler_approval``)."""

    version: int
    partner: Partner
    #: approved or disagreed
    decision: str
    reasons: str = ""


def lead_of(partner: Partner) -> str:
    """ "The police lead representative", as a timeline entry begins."""
    return _LEADS[partner]


def listed(partners: tuple[Partner, ...]) -> str:
    names = [_NOUNS[p] for p in partners]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def waiting_for(decisions: Mapping[Partner, str]) -> tuple[Partner, ...]:
    """The partners that have not decided yet, in the seed's order."""
    return tuple(p for p in DECIDING_PARTNERS if p not in decisions)


def all_approved(decisions: Mapping[Partner, str]) -> bool:
    return all(decisions.get(p) == APPROVED for p in DECIDING_PARTNERS)


def already_decided(partner: Partner, decision: str, version: int) -> str:
    """ "The police have already approved version 2 of the report." """
    subject, verb = _SUBJECTS[partner]
    done = "approved" if decision == APPROVED else "disagreed with"
    return f"{subject} {verb} already {done} version {version} of the report."


def decision_refusal(
    version: int | None, decisions: Mapping[Partner, str], partner: Partner | None
) -> str:
    """Why ``partner``'s lead representative may not decide now ("" when they may)."""
    if version is None:
        return "The report of the Rapid Review has not been finalised yet."
    if partner is not None and partner in decisions:
        return already_decided(partner, decisions[partner], version)
    if DISAGREED in decisions.values():
        # mediation asked for the report to be revised: only a new final version is decided on
        return (
            f"Version {version} of the report is being revised after mediation: a new final "
            "version will be sent for approval."
        )
    return ""
