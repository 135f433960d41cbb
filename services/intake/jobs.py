"""intake's background jobs (contracts in ``shared.queue.JOBS``)."""

from __future__ import annotations

import logging
from datetime import datetime

from services.intake.bootstrap import Container
from services.intake.handoff import relay_pending
from shared import runtime

log = logging.getLogger(__name__)


def relay_pending_referrals() -> int:
    """Hand every stored referral not yet handed off to the scheduler, oldest first.

    Run every minute by ``shared.cron``; safe to run twice or concurrently (locked batches,
    idempotent ``open-case-{id}`` jobs). Returns how many were handed off.
    """
    container: Container = runtime.get("intake")
    return relay_pending(
        referrals=container.referrals, queue=container.queue, clock=container.clock
    )


def delete_expired_drafts() -> int:
    """Delete drafts older than ``DRAFT_RETENTION_DAYS`` since their last save (and their
    resume links). Run hourly by ``shared.cron``; returns how many were deleted."""
    container: Container = runtime.get("intake")
    deleted = container.drafts.delete_expired(container.clock())
    if deleted:
        log.info("deleted %s expired draft(s)", deleted)
    return deleted


def reopen_scoping_return(case_agency_id: int, reason: str, reopened_at: str) -> bool:
    """Reopen an agency's submitted scoping return (ops gave ``reason``) so the agency can
    change it through its link; False when it was not submitted (already reopened)."""
    container: Container = runtime.get("intake")
    reopened = container.scoping_returns.reopen(
        int(case_agency_id), reason, datetime.fromisoformat(reopened_at)
    )
    log.info(
        "scoping return of case agency %s %s",
        case_agency_id,
        "reopened" if reopened else "was not submitted",
    )
    return reopened
