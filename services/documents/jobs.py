"""The documents service's RQ jobs (contracts in shared.queue.JOBS): references in."""

from __future__ import annotations

from typing import Any

from services.documents import generation
from shared import runtime


def render_referral(case_reference: str) -> dict[str, Any]:
    """Make, store and announce the referral .docx and .pdf of case ``case_reference``.

    Raises (so RQ retries) when the case is not readable yet, no unoserver converted the
    document in time, or the store or database failed. Safe to run again.
    """
    container = runtime.get("documents")
    result = generation.generate_referral(
        case_reference,
        cases=container.cases,
        store=container.store,
        converter=container.converter,
        records=container.records,
        announcer=container.announcer,
        partnership_name=container.config["PARTNERSHIP_NAME"],
        clock=container.clock,
    )
    return {"documents": [r.id for r in result.records], "reused": result.reused}
