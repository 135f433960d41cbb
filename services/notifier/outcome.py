"""The outcome to agencies: every agency on the case is thanked and told, once, the outcome of
the Rapid Review.

The email carries the case reference, the agency's name and the outcome's label (App. iv's
a to j, as the scheduler declares them): never the details written for "please state", the
report's rationale or anything else from it, which may name the child, the family or staff.

The outcome is the final report's recommendation. The case's recorded outcome
(``scheduler_case.outcome``) would come first, but the scheduler's read model does not
expose it yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notifier import wording
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.rapid_review import (
    AgencyAddressee,
    CaseAgencyReader,
    Report,
    ReportReader,
    ReviewSettings,
)
from services.scheduler.domain.outcomes import outcome_label

log = logging.getLogger(__name__)

TEMPLATE = "outcome_to_agencies"
#: the report's question (App. iv section 3) holding the recommendation's letter
RECOMMENDATION = "recommendation"


class OutcomeNotFound(LookupError):
    """No final report with a recommendation is readable yet: raised so the job is retried."""


class OutcomeNotSent(RuntimeError):
    """The relay did not take the email for some agency: the job fails and is retried."""


@dataclass(frozen=True)
class SendReport:
    #: case agency ids
    sent: tuple[int, ...] = ()
    already_sent: tuple[int, ...] = ()
    no_address: tuple[int, ...] = ()


def idempotency_key(reference: str, case_agency_id: int) -> str:
    return f"outcome:{reference}:{case_agency_id}"


def outcome_letter(report: Report) -> str | None:
    """The recommendation's letter, a to j; None when the report has none."""
    answer = report.answers.get(RECOMMENDATION)
    letter = answer.get("answer") if isinstance(answer, dict) else answer
    return letter.strip() if isinstance(letter, str) and letter.strip() else None


def subject(reference: str) -> str:
    return f"Rapid Review {reference}: outcome"


def compose(
    reference: str, letter: str, agency: AgencyAddressee, settings: ReviewSettings
) -> Content:
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": reference,
        "representative": wording.greeting_name(agency.representative),
        "agency": " ".join(agency.name.split()),
        "outcome": outcome_label(letter),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(reference), context)


def send_outcome_to_agencies(
    reference: str,
    *,
    reports: ReportReader,
    agencies: CaseAgencyReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReviewSettings,
    clock: Callable[[], datetime],
) -> SendReport:
    """Email each agency on the case once; agencies without an address are skipped. Raises
    when there is no outcome to tell yet or any send failed, after trying every agency, so a
    retry sends only what is still unsent."""
    report = reports.fetch(reference)
    letter = outcome_letter(report) if report is not None else None
    if letter is None:
        raise OutcomeNotFound(f"no final report with a recommendation for case {reference}")
    sent: list[int] = []
    already: list[int] = []
    no_address: list[int] = []
    failures: list[tuple[int, Exception]] = []
    for agency in agencies.fetch(reference):
        address = agency.email.strip()
        if not address:
            log.info(
                "outcome of %s not sent to case agency %s: no email",
                reference,
                agency.case_agency_id,
            )
            no_address.append(agency.case_agency_id)
            continue
        content = compose(reference, letter, agency, settings)
        key = idempotency_key(reference, agency.case_agency_id)
        try:
            result = send_once(
                Outgoing(key, TEMPLATE, reference, address, content.subject),
                content,
                messages=messages,
                mailer=mailer,
                mail_from=settings.mail_from,
                clock=clock,
                # a reply, quoting the reference, reaches the partnership rather than a robot
                reply_to=settings.contact_email,
            )
        except Exception as exc:
            log.warning(
                "outcome of %s to case agency %s failed: %s",
                reference,
                agency.case_agency_id,
                type(exc).__name__,
            )
            failures.append((agency.case_agency_id, exc))
            continue
        fresh = result is Result.SENT
        (sent if fresh else already).append(agency.case_agency_id)
        if not fresh:
            log.info(
                "outcome of %s to case agency %s: %s", reference, agency.case_agency_id, result
            )
        else:
            log.info("outcome of %s sent to case agency %s", reference, agency.case_agency_id)
    if failures:
        ids = ", ".join(str(i) for i, _ in failures)
        raise OutcomeNotSent(f"outcome of {reference} not sent to case agencies {ids}") from (
            failures[0][1]
        )
    return SendReport(tuple(sent), tuple(already), tuple(no_address))
