"""The choices decisions are made from, in the seed's own words.

``OUTCOMES`` are the Rapid Review recommendation's options a to j (App. iv section 3), stored
by their letter; ``LFP_DECISIONS`` are what the Learning from Practice Group may decide for
a referral (the seed's "What happens next", plus "no further action").
"""

from __future__ import annotations

from collections.abc import Iterable

from services.scheduler.domain.inputs import Option

OUTCOMES: tuple[Option, ...] = (
    Option("a", "Meets the criteria for a national Child Safeguarding Practice Review"),
    Option("b", "Meets the criteria for a local Child Safeguarding Practice Review"),
    Option("c", "Does not meet the criteria but warrants an alternative Learning Review"),
    Option("d", "Warrants consideration of DHR, SAR, MAPPA SFO or other"),
    Option("e", "Warrants a Single-Agency Review"),
    Option("f", "Warrants a Multi-Agency Audit"),
    Option("g", "Warrants a Single Agency Audit"),
    Option("h", "Needs no Further Action"),
    Option(
        "i",
        "The Rapid Review has identified learning that has been acted upon, obviating the "
        "need for further review",
    ),
    Option("j", "Other"),
)
#: a child safeguarding practice review is held: no rationale for not holding one is needed
CSPR_OUTCOMES = frozenset({"a", "b"})
#: the partnership commissions a review itself (a national one is the Panel's)
LOCAL_REVIEW_OUTCOMES = frozenset({"b", "c"})

REVIEW_OF_CASE = "review_of_case"
NO_FURTHER_ACTION = "no_further_action"
LFP_DECISIONS: tuple[Option, ...] = (
    Option(REVIEW_OF_CASE, "Undertake a review of the specific case"),
    Option(
        "thematic_review",
        "Group with other referrals for a thematic learning review",
    ),
    Option("single_agency_audit", "Single agency audit"),
    Option("multi_agency_audit", "Multi-agency audit"),
    Option("training", "Anonymise for use in training"),
    Option("triborough", "Take to the TriBorough Learning from Practice Group"),
    Option(NO_FURTHER_ACTION, "No further action", exclusive=True),
)


def outcome_label(letter: str) -> str:
    return next((f"{o.value}) {o.label}" for o in OUTCOMES if o.value == letter), letter)


def commissions_review(outcome: str | None, lfp_decisions: Iterable[str] = ()) -> bool:
    """Whether the case stays open for a local review to be commissioned (not closed)."""
    return outcome in LOCAL_REVIEW_OUTCOMES or REVIEW_OF_CASE in set(lfp_decisions)
