"""The Panel letter is ready: the chair is told, once, to check and sign it (issue 9).

The documents service drafts the letter to the national Panel when all three lead
representatives have approved the Rapid Review's recommendation; the scheduler asks for this
email when the letter's Word file reaches the case (its ``record_document`` job). The email
carries the reference and a console link only: the letter itself stays in the console,
where downloads are audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notifier.alerts import CaseNotFound, case_link
from services.notifier.backends import Mailer
from services.notifier.cases import CaseReader
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from shared.config import Config

log = logging.getLogger(__name__)

TEMPLATE = "panel_letter_ready"


@dataclass(frozen=True)
class PanelLetterReadySettings:
    partnership_name: str
    console_url: str
    mail_from: str
    chair_email: str

    @classmethod
    def from_config(cls, config: Config) -> PanelLetterReadySettings:
        return cls(
            partnership_name=config["PARTNERSHIP_NAME"],
            console_url=config["CONSOLE_URL"],
            mail_from=config["MAIL_FROM"],
            chair_email=config["CHAIR_EMAIL"],
        )


def idempotency_key(reference: str, document_id: int) -> str:
    # per document: a letter drafted again (another approved version) is another email
    return f"panel-letter-ready:{reference}:{document_id}"


def subject(reference: str) -> str:
    return f"Rapid Review {reference}: the letter to the Panel is ready for you to sign"


def context(reference: str, partnership_name: str, link: str) -> dict[str, Any]:
    return {"partnership_name": partnership_name, "reference": reference, "link": link}


def compose(reference: str, settings: PanelLetterReadySettings) -> Content:
    link = case_link(settings.console_url, reference)
    return render(TEMPLATE, subject(reference), context(reference, settings.partnership_name, link))


def send_panel_letter_ready(
    reference: str,
    document_id: int,
    *,
    cases: CaseReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: PanelLetterReadySettings,
    clock: Callable[[], datetime],
) -> Result:
    """Email the chair once per letter. Raises when the case is not readable yet or the
    relay did not take it, so the job is retried."""
    if cases.fetch(reference) is None:
        raise CaseNotFound(f"case {reference} not found")
    content = compose(reference, settings)
    outgoing = Outgoing(
        idempotency_key(reference, document_id),
        TEMPLATE,
        reference,
        settings.chair_email,
        content.subject,
    )
    result = send_once(
        outgoing,
        content,
        messages=messages,
        mailer=mailer,
        mail_from=settings.mail_from,
        clock=clock,
    )
    log.info("panel letter %s ready for %s: %s", document_id, reference, result)
    return result
