"""The notifier's RQ jobs (contracts in shared.queue.JOBS): references in, state re-read."""

from __future__ import annotations

from services.notifier import alerts
from shared import runtime


def send_new_referral_alert(case_reference: str) -> None:
    """Email the ops team and the chair that referral ``case_reference`` has arrived.

    Idempotent per recipient (``notifier_message.idempotency_key``); raises when the case is
    not readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    alerts.send_new_referral_alert(
        case_reference,
        cases=container.cases,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.settings,
        clock=container.clock,
    )
