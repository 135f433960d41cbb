"""The choices decisions are made from, in the seed's own words.

``OUTCOMES`` are the Rapid Review recommendation's options a to j (App. iv section 3), stored
by their letter. They are made from the Report of Rapid Review's own ``recommendation``
question (``shared.forms.definitions.rapid_review_report``), where alone they are declared,
so the report and the case's recorded outcome cannot disagree. ``LFP_DECISIONS`` are what
the Learning from Practice Group may decide for a referral (the seed's "What happens next",
plus "no further action").
"""

from __future__ import annotations

from collections.abc import Iterable

from services.scheduler.domain.inputs import Option
from shared.forms.choices import Choice
from shared.forms.definitions.rapid_review_report import CSPR_RECOMMENDATIONS, RAPID_REVIEW_REPORT


def _recommendations() -> tuple[Option, ...]:
    """The report's ``recommendation`` options, as the scheduler's inputs take them."""
    question = RAPID_REVIEW_REPORT.question("recommendation")
    if not isinstance(question, Choice):
        raise TypeError("the Report of Rapid Review has no recommendation to choose")
    return tuple(Option(o.value, o.label) for o in question.options)


OUTCOMES: tuple[Option, ...] = _recommendations()
#: a child safeguarding practice review is held: no rationale for not holding one is needed
CSPR_OUTCOMES = frozenset(CSPR_RECOMMENDATIONS)
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
