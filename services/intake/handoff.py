"""Storing a referral and handing it to the scheduler: the transactional outbox.

A referral is committed (with its reference) before anything else is tried, so a person who
is shown a reference can rely on it being stored. The hand-off (an ``open_case`` job) is then
attempted at once; if the queue is down, ``relay_pending`` hands it off later. Both paths may
enqueue the same referral: the job id ``open-case-{id}`` and ``open_case`` itself make that
harmless.
"""

from __future__ import annotations

import logging

from services.intake.ports import (
    CaseQueue,
    Clock,
    NewReferral,
    QueueUnavailable,
    ReferralRepository,
    StoredReferral,
)

log = logging.getLogger(__name__)

#: referrals handed off per relay run: well inside the job's timeout
RELAY_BATCH = 500


def submit_referral(
    *,
    referrals: ReferralRepository,
    queue: CaseQueue,
    clock: Clock,
    new: NewReferral,
) -> StoredReferral:
    stored = referrals.add(new, received_at=clock())
    log.info(
        "referral %s %s as %s",
        stored.id,
        "stored" if stored.created else "already stored",
        stored.reference,
    )
    try:
        queue.open_case(stored.id)
    except QueueUnavailable:
        log.warning("referral %s stored; queue unavailable, the relay will hand it off", stored.id)
        return stored
    try:
        referrals.mark_handed_off(stored.id, clock())
    except Exception:
        # The referral is stored and its job enqueued; the person must still get the
        # reference. The relay will enqueue again, which the job id makes harmless.
        log.warning(
            "referral %s handed off but not marked; the relay will re-check it",
            stored.id,
            exc_info=True,
        )
    return stored


def relay_pending(
    *, referrals: ReferralRepository, queue: CaseQueue, clock: Clock, limit: int = RELAY_BATCH
) -> int:
    """Hand off referrals stored while the queue was unavailable, oldest first."""
    handed = 0
    with referrals.pending(limit) as batch:
        for referral_id in batch.ids:
            try:
                queue.open_case(referral_id)
            except QueueUnavailable:
                log.warning("relay stopped at referral %s: queue unavailable", referral_id)
                break
            batch.mark_handed_off(referral_id, clock())
            handed += 1
    if handed:
        log.info("relay handed off %s referral(s)", handed)
    return handed
