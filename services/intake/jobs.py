"""intake's background jobs (contracts in ``shared.queue.JOBS``)."""

from __future__ import annotations

from services.intake.bootstrap import Container
from services.intake.handoff import relay_pending
from shared import runtime


def relay_pending_referrals() -> int:
    """Hand every stored referral not yet handed off to the scheduler, oldest first.

    Run every minute by ``shared.cron``; safe to run twice or concurrently (locked batches,
    idempotent ``open-case-{id}`` jobs). Returns how many were handed off.
    """
    container: Container = runtime.get("intake")
    return relay_pending(
        referrals=container.referrals, queue=container.queue, clock=container.clock
    )
