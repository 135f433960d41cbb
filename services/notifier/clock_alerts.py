"""The clock alert: the ops team is told, once, that a case's deadline is near or has passed.

The chair's decision (whether the criteria are met) is the chair's to make, so its alerts go
to the chair first, saying what to do, and to the ops team too (issue 9); each recipient's
message has its own idempotency key, so a retry never sends either twice.

The scheduler decides when a clock is due soon, due today or overdue, and names each event
by (case, clock, kind, day); this module words it and sends it once per event. Like the
new-referral alert, it carries the reference, the step and its due date only, and sends the
reader to the console for the rest: the composer is given no case at all, so nothing about
the child can reach the message. The case is read only to know that it still exists and is
not closed.

"Today" and "tomorrow" are said from the London date on which the email is sent, not the
event's day: a retry after midnight, or an event caught up after downtime, must not say
"due today" of a date that has passed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from services.notifier import wording
from services.notifier.alerts import CaseNotFound, case_link
from services.notifier.backends import Mailer
from services.notifier.cases import CaseReader
from services.notifier.delivery import Content, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from shared.config import Config
from shared.govuk_dates import weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "clock_alert"
#: the scheduler's state for a case that needs nothing more (scheduler.domain.states)
CLOSED = "closed"

DUE_SOON, DUE_TODAY, OVERDUE = "due_soon", "due_today", "overdue"
KINDS = (DUE_SOON, DUE_TODAY, OVERDUE)

STATUS = {DUE_SOON: "Due soon", DUE_TODAY: "Due today", OVERDUE: "Overdue"}
MEANING = {
    DUE_SOON: "Due soon means the deadline is the next working day and this step is not yet "
    "recorded as done.",
    DUE_TODAY: "Due today means today is the last day to do this step and it is not yet "
    "recorded as done.",
    OVERDUE: "Overdue means the deadline has passed and this step is still not recorded as done.",
}


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    #: the back-end refused it for good, or lost it mid-hand-over (``delivery.Result``)
    REFUSED = "refused for good"
    UNKNOWN = "not known if sent"
    CASE_CLOSED = "case closed"


@dataclass(frozen=True)
class ClockAlertSettings:
    partnership_name: str
    console_url: str
    mail_from: str
    ops_email: str
    chair_email: str

    @classmethod
    def from_config(cls, config: Config) -> ClockAlertSettings:
        return cls(
            partnership_name=config["PARTNERSHIP_NAME"],
            console_url=config["CONSOLE_URL"],
            mail_from=config["MAIL_FROM"],
            ops_email=config["OPS_EMAIL"],
            chair_email=config["CHAIR_EMAIL"],
        )


@dataclass(frozen=True)
class ClockEvent:
    """What the scheduler said, parsed: the arguments of one job."""

    reference: str
    clock: str
    kind: str
    day: date
    due_on: date
    label: str

    @classmethod
    def parse(
        cls, reference: str, clock: str, kind: str, day: str, label: str, due_on: str
    ) -> ClockEvent:
        if kind not in KINDS:
            raise ValueError(f"unknown clock alert kind {kind!r}")
        event_day = date.fromisoformat(day)
        # the scheduler sends the due date; a due-today event's day is its due date
        if not due_on and kind != DUE_TODAY:
            raise ValueError(f"clock alert {kind} for {reference} {clock} has no due date")
        # one line: the label goes into the Subject header
        readable = " ".join(label.split()) or wording.clock_label(clock)
        return cls(
            reference,
            clock,
            kind,
            event_day,
            date.fromisoformat(due_on) if due_on else event_day,
            readable,
        )


def status(event: ClockEvent, today: date) -> str:
    """The status as it stands on ``today`` (a due date already passed is overdue)."""
    if event.kind == OVERDUE or event.due_on < today:
        return OVERDUE
    if event.due_on == today:
        return DUE_TODAY
    return DUE_SOON


def when(event: ClockEvent, today: date) -> str:
    """``is overdue``, ``is due today``, ``is due tomorrow``, ``is due on Tuesday ...``."""
    due = weekday_date(event.due_on)
    if event.kind == OVERDUE:
        return "is overdue"
    if event.due_on < today:
        return f"was due on {due}"
    if event.due_on == today:
        return "is due today"
    if event.due_on == today + timedelta(days=1):
        return "is due tomorrow"
    return f"is due on {due}"


#: what the chair is asked to do when the decision clock is due or overdue
CHAIR_ACTION = (
    "Decide whether the criteria for a Rapid Review are met, then record your decision on "
    "the case in the console. If you cannot decide by the due date, tell the operations team."
)


def recipients(clock: str, settings: ClockAlertSettings) -> tuple[tuple[str, str], ...]:
    """(role, address) in the order sent: the chair first for the decision clock."""
    if clock == wording.DECISION_CLOCK:
        return (("chair", settings.chair_email), ("ops", settings.ops_email))
    return (("ops", settings.ops_email),)


def idempotency_key(reference: str, clock: str, kind: str, day: date, role: str = "ops") -> str:
    # the ops team's key has no role suffix: it is the key alerts were sent under before the
    # chair was added, so an event already sent to ops is not sent to ops again
    suffix = "" if role == "ops" else f":{role}"
    return f"clock-alert:{reference}:{clock}:{kind}:{day.isoformat()}{suffix}"


def compose(
    event: ClockEvent, settings: ClockAlertSettings, today: date, role: str = "ops"
) -> Content:
    headline = f"{event.label} {when(event, today)}"
    now_status = status(event, today)
    context: dict[str, Any] = {
        "partnership_name": settings.partnership_name,
        "reference": event.reference,
        "headline": headline,
        "label": event.label,
        "due": weekday_date(event.due_on),
        "status": STATUS[now_status],
        "meaning": MEANING[now_status],
        "link": case_link(settings.console_url, event.reference),
        "action": CHAIR_ACTION if role == "chair" else "",
    }
    return render(TEMPLATE, f"{event.reference}: {headline}", context)


def send_clock_alert(
    event: ClockEvent,
    *,
    cases: CaseReader,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ClockAlertSettings,
    clock: Callable[[], datetime],
) -> Outcome:
    """Email the ops team (and, for the chair's decision, the chair first) once per event.

    Raises when the case is not readable yet or the relay refused, so the job is retried (a
    message already sent is not sent again); sends nothing for a closed case. Returns what
    became of the last message (the ops team's).
    """
    case = cases.fetch(event.reference)
    if case is None:
        raise CaseNotFound(f"case {event.reference} not found")
    if case.state == CLOSED:
        return _done(event, Outcome.CASE_CLOSED)
    today = wording.london_date(clock())
    outcome = Outcome.CASE_CLOSED
    for role, address in recipients(event.clock, settings):
        content = compose(event, settings, today, role)
        key = idempotency_key(event.reference, event.clock, event.kind, event.day, role)
        outgoing = Outgoing(key, TEMPLATE, event.reference, address, content.subject)
        try:
            result = send_once(
                outgoing,
                content,
                messages=messages,
                mailer=mailer,
                mail_from=settings.mail_from,
                clock=clock,
            )
        except Exception as exc:
            log.warning(
                "clock alert %s %s for %s (%s) to %s failed: %s",
                event.clock,
                event.kind,
                event.reference,
                event.day,
                role,
                type(exc).__name__,
            )
            raise
        outcome = _done(event, Outcome(result.value), role)
    return outcome


def _done(event: ClockEvent, outcome: Outcome, role: str = "") -> Outcome:
    log.info(
        "clock alert %s %s for %s (%s)%s: %s",
        event.clock,
        event.kind,
        event.reference,
        event.day,
        f" to {role}" if role else "",
        outcome,
    )
    return outcome
