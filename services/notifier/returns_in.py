"""All scoping returns are in: the ops team is told, once per case, that every agency has
answered its scoping request, so the Rapid Review meeting pack can be built (issue 9).

Reference and console link only, like every case email.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from services.notifier.alerts import CaseNotFound, case_link
from services.notifier.backends import Mailer
from services.notifier.cases import CaseReader
from services.notifier.clock_alerts import CLOSED, ClockAlertSettings
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing

log = logging.getLogger(__name__)

TEMPLATE = "returns_in"


def idempotency_key(reference: str) -> str:
    return f"returns-in:{reference}"


def subject(reference: str) -> str:
    return f"Rapid Review {reference}: all scoping returns are in"


def compose(reference: str, settings: ClockAlertSettings) -> Content:
    context = {
        "partnership_name": settings.partnership_name,
        "reference": reference,
        "link": case_link(settings.console_url, reference),
    }
    return render(TEMPLATE, subject(reference), context)


def send_returns_in(
    reference: str,
    *,
    cases: CaseReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ClockAlertSettings,
    clock: Callable[[], datetime],
) -> Result | None:
    """Email the ops team once per case; nothing for a closed case. Raises when the case is
    not readable yet or the relay did not take it, so the job is retried."""
    found = cases.fetch(reference)
    if found is None:
        raise CaseNotFound(f"case {reference} not found")
    if found.state == CLOSED:
        return None
    content = compose(reference, settings)
    outgoing = Outgoing(
        idempotency_key(reference), TEMPLATE, reference, settings.ops_email, content.subject
    )
    result = send_once(
        outgoing,
        content,
        messages=messages,
        mailer=mailer,
        mail_from=settings.mail_from,
        clock=clock,
    )
    log.info("returns in for %s: %s", reference, result)
    return result
