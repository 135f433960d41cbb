"""RQ jobs of the scheduler (contracts in shared.queue.JOBS). Ids in, state re-read."""

from __future__ import annotations

from datetime import datetime

from services.scheduler import (
    agencies,
    agency_reminders,
    casework,
    digest,
    lifecycle,
    packs,
    returns_in,
)
from shared import runtime


def open_case(referral_id: int) -> str:
    opened = casework.open_case(runtime.get("scheduler"), int(referral_id))
    return opened.reference


def record_document(
    document_id: int,
    case_reference: str,
    kind: str,
    format: str,
    filename: str,
    sha256: str,
    size: int,
) -> bool:
    return casework.record_document(
        runtime.get("scheduler"),
        document_id=int(document_id),
        case_reference=case_reference,
        kind=kind,
        format=format,
        filename=filename,
        sha256=sha256,
        size=int(size),
    )


def evaluate_clocks() -> int:
    """Re-evaluate every open case's clocks (run every 15 minutes by ``shared.cron``); returns
    how many new reminders were asked of the notifier."""
    return lifecycle.evaluate_clocks(runtime.get("scheduler")).emitted


def overdue_digest() -> int:
    """Ask the notifier for today's digest of overdue clocks for the ops team, from 7am London
    on a working day (run every 15 minutes by ``shared.cron``; once a day by its key);
    returns how many clocks it lists."""
    return len(digest.overdue_digest(runtime.get("scheduler")))


def remind_agencies() -> int:
    """Ask the notifier for each reminder or overdue notice due today to an agency that has
    not returned its scoping form (run every 15 minutes by ``shared.cron``); returns how
    many were asked for."""
    return len(agency_reminders.remind_agencies(runtime.get("scheduler")))


def record_scoping_activity(case_agency_id: int, activity: str, at: str) -> bool:
    """Put what an agency did with its scoping link (``activity`` at ``at``, ISO time, as
    intake saw it) on the case timeline once; True when recorded now. A return (or "not
    known") builds the Rapid Review meeting pack again when one was built before it arrived:
    checked on every run, so a run that failed to hand the rebuild over tries again."""
    container = runtime.get("scheduler")
    moment = datetime.fromisoformat(at)
    recorded = agencies.record_activity(container, int(case_agency_id), activity, moment)
    if activity in agencies.RETURN_ACTIVITIES:
        packs.rebuild_after_return(container, int(case_agency_id), moment)
        returns_in.tell_ops_when_all_returned(container, int(case_agency_id))
    return recorded
