"""The disagreement notice: when the Rapid Review's recommendation was not unanimous, the
three lead representatives, the chair and the ops team are told, once each, to read the
report in the console.

The email carries the case reference, the report's version and the console link only. What
was said in disagreement is never put in it: it may name the child, the family or staff, and
email is not a secure channel. Each recipient gets a message of their own (one key per
address), so a retry after a refused send reaches only those still unsent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.alerts import case_link
from services.notifier.backends import Mailer
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from services.notifier.rapid_review import (
    LeadRepresentativeReader,
    Report,
    ReportReader,
    ReviewSettings,
)

log = logging.getLogger(__name__)

TEMPLATE = "disagreement_notice"
#: the report's question (App. iv) recording whether anyone disagreed with the recommendation
DISAGREEMENT = "disagreement"
DISAGREED = "disagreed"


class ReportNotFound(LookupError):
    """The report's version is not (yet) readable: raised so the job is retried."""


class NoticeNotSent(RuntimeError):
    """The relay did not take the notice for some recipient: the job fails and is retried."""


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    NO_DISAGREEMENT = "no disagreement recorded"


@dataclass(frozen=True)
class Addressee:
    #: who this is, for logs (never the address)
    role: str
    #: who "Dear ..." names
    name: str
    address: str


@dataclass(frozen=True)
class NoticeReport:
    outcome: Outcome
    sent: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def idempotency_key(reference: str, version: int, address: str) -> str:
    return f"disagreement-notice:{reference}:v{version}:{address.strip().lower()}"


def disagreement_recorded(report: Report) -> bool:
    """Whether the report says the recommendation was not agreed by all, or a lead
    representative disagreed with it (the details are not read)."""
    answer = report.answers.get(DISAGREEMENT)
    said = answer.get("answer") if isinstance(answer, dict) else answer
    return said == "yes" or any(d.decision == DISAGREED for d in report.decisions)


def subject(reference: str) -> str:
    return f"Rapid Review {reference}: the recommendation was not unanimous"


def compose(report: Report, addressee: Addressee, settings: ReviewSettings) -> Content:
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": report.reference,
        "name": wording.greeting_name(addressee.name),
        "version": report.version,
        "link": case_link(settings.console_url, report.reference),
        "contact_name": settings.contact_name,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
    }
    return render(TEMPLATE, subject(report.reference), context)


def addressees(leads: LeadRepresentativeReader, settings: ReviewSettings) -> list[Addressee]:
    """The lead representatives, then the chair and the ops team; one per mailbox."""
    found = [Addressee(f"{lead.partner} lead", lead.name, lead.email) for lead in leads.fetch()]
    found += [
        Addressee("chair", "", settings.chair_email),
        Addressee("ops", "", settings.contact_email),
    ]
    return unique(a for a in found if a.address.strip())


def send_disagreement_notice(
    reference: str,
    version: int,
    *,
    reports: ReportReader,
    leads: LeadRepresentativeReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ReviewSettings,
    clock: Callable[[], datetime],
) -> NoticeReport:
    """Email each recipient once. Raises when the report version is not readable yet or any
    send failed, after trying every recipient, so a retry sends only what is still unsent."""
    report = reports.fetch(reference, version)
    if report is None:
        raise ReportNotFound(f"report {version} of case {reference} not found")
    if not disagreement_recorded(report):
        log.info(
            "disagreement notice for %s v%s not sent: %s",
            reference,
            version,
            Outcome.NO_DISAGREEMENT,
        )
        return NoticeReport(Outcome.NO_DISAGREEMENT)
    sent: list[str] = []
    skipped: list[str] = []
    failures: list[tuple[str, Exception]] = []
    for addressee in addressees(leads, settings):
        content = compose(report, addressee, settings)
        key = idempotency_key(reference, version, addressee.address)
        try:
            result = send_once(
                Outgoing(key, TEMPLATE, reference, addressee.address.strip(), content.subject),
                content,
                messages=messages,
                mailer=mailer,
                mail_from=settings.mail_from,
                clock=clock,
                reply_to=settings.contact_email,
            )
        except Exception as exc:
            log.warning(
                "disagreement notice for %s v%s to %s failed: %s",
                reference,
                version,
                addressee.role,
                type(exc).__name__,
            )
            failures.append((addressee.role, exc))
            continue
        fresh = result is Result.SENT
        (sent if fresh else skipped).append(addressee.role)
        if not fresh:
            log.info(
                "disagreement notice for %s v%s to %s: %s",
                reference,
                version,
                addressee.role,
                result,
            )
        else:
            log.info(
                "disagreement notice for %s v%s sent to %s", reference, version, addressee.role
            )
    if failures:
        roles = ", ".join(role for role, _ in failures)
        raise NoticeNotSent(f"disagreement notice for {reference} not sent to {roles}") from (
            failures[0][1]
        )
    return NoticeReport(Outcome.SENT if sent else Outcome.ALREADY_SENT, tuple(sent), tuple(skipped))


def unique(found: Iterable[Addressee]) -> list[Addressee]:
    # one mailbox that is both a lead representative's and the chair's gets one message
    seen: set[str] = set()
    found_once = []
    for addressee in found:
        if addressee.address.strip().lower() not in seen:
            seen.add(addressee.address.strip().lower())
            found_once.append(addressee)
    return found_once
