"""What applying an action sets going besides its plan, by action key.

An effect runs in the action's transaction, with the case row locked (to write what belongs
with the action: the agencies' scoping links), and returns what to do once that transaction
has committed: the jobs it asks for, so a job never reads a change that was rolled back.
The jobs take ids and re-read what they need (``readmodel``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler import scoping
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import CaseSnapshot, Plan
from services.scheduler.domain.states import CaseState
from services.scheduler.scoping import AfterCommit
from services.scheduler.tables import case_event

log = logging.getLogger(__name__)

DISAGREEMENT_NOTICE = "services.notifier.jobs.send_disagreement_notice"
RENDER_REPORT = "services.documents.jobs.render_rapid_review_report"
RENDER_PANEL_LETTER = "services.documents.jobs.render_panel_letter"
OUTCOME_TO_AGENCIES = "services.notifier.jobs.send_outcome_to_agencies"
MEETING_INVITATION = "services.notifier.jobs.send_meeting_invitation"

#: (the transaction, the container, the locked case row, the case before, the plan applied)
Effect = Callable[[Connection, Container, Any, CaseSnapshot, Plan], AfterCommit | None]


def _jobs(c: Container, *jobs: tuple[str, dict[str, Any]]) -> AfterCommit:
    def enqueue() -> None:
        for name, kwargs in jobs:
            c.queue.enqueue(name, **kwargs)

    return enqueue


def _version(plan: Plan) -> int | None:
    found = plan.values.get("version")
    return found if isinstance(found, int) else None


def _approved(c: Container, reference: str, version: int | None) -> AfterCommit | None:
    """The approved version's report documents, and the letter to the Panel drafted from it
    for the chair's signature."""
    if version is None:
        log.error("case %s approved without a final report version", reference)
        return None
    kwargs = {"case_reference": reference, "version": version}
    return _jobs(c, (RENDER_REPORT, kwargs), (RENDER_PANEL_LETTER, kwargs))


def after_decision(
    conn: Connection, c: Container, row: Any, before: CaseSnapshot, plan: Plan
) -> AfterCommit | None:
    """A disagreement is shared with the three lead representatives (DOMAIN.md); the third
    approval sets the report and the Panel letter going."""
    version = _version(plan)
    if plan.to_state is CaseState.RECOMMENDATION_DISPUTED and version is not None:
        kwargs = {"case_reference": row.reference, "version": version}
        return _jobs(c, (DISAGREEMENT_NOTICE, kwargs))
    if plan.to_state is CaseState.RECOMMENDATION_APPROVED:
        return _approved(c, row.reference, version)
    return None


def after_mediation(
    conn: Connection, c: Container, row: Any, before: CaseSnapshot, plan: Plan
) -> AfterCommit | None:
    if plan.to_state is CaseState.RECOMMENDATION_APPROVED:
        return _approved(c, row.reference, _version(plan))
    return None


def after_agencies_informed(
    conn: Connection, c: Container, row: Any, before: CaseSnapshot, plan: Plan
) -> AfterCommit | None:
    return _jobs(c, (OUTCOME_TO_AGENCIES, {"case_reference": row.reference}))


def latest_meeting_setting(conn: Connection, case_id: int) -> int | None:
    """The id of the case's newest meeting-date event, for the job that sends its invitation."""
    return conn.execute(
        select(case_event.c.id)
        .where(case_event.c.case_id == case_id, case_event.c.action == "set_meeting_date")
        .order_by(case_event.c.id.desc())
        .limit(1)
    ).scalar()


def after_meeting_date(
    conn: Connection, c: Container, row: Any, before: CaseSnapshot, plan: Plan
) -> AfterCommit | None:
    """Every setting of the meeting's date asks for its invitation: the notifier sends it
    when a start time was given, an update or a cancellation of an earlier one otherwise."""
    event_id = latest_meeting_setting(conn, row.id)
    if event_id is None:
        return None
    return _jobs(c, (MEETING_INVITATION, {"case_reference": row.reference, "event_id": event_id}))


def _after_send(
    conn: Connection, c: Container, row: Any, before: CaseSnapshot, plan: Plan
) -> AfterCommit:
    return scoping.after_send(conn, c, before, plan)


AFTER_ACTION: dict[str, Effect] = {
    "send_scoping_requests": _after_send,
    "decide_recommendation": after_decision,
    "record_mediation": after_mediation,
    "record_agencies_informed": after_agencies_informed,
    "set_meeting_date": after_meeting_date,
}
