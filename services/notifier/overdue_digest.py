"""The daily digest of overdue clocks: the ops team is told, once a day, every clock past its
due date (issue 9).

The scheduler lists the clocks (reference, the clock's name as staff see it, due date and
working days overdue) and passes them in the job; this module words them and sends them once
per day (``overdue-digest:<day>``), so a second run the same day sends nothing. Like the
clock alert it carries references and dates only, and links to the console's dashboard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.notifier.backends import Mailer
from services.notifier.clock_alerts import ClockAlertSettings
from services.notifier.delivery import Content, Result, render, send_once
from services.notifier.messages import MessageRepository, Outgoing
from shared.govuk_dates import weekday_date

log = logging.getLogger(__name__)

TEMPLATE = "overdue_digest"


@dataclass(frozen=True)
class Overdue:
    reference: str
    label: str
    due_on: date
    working_days_overdue: int

    @classmethod
    def parse(cls, given: Mapping[str, Any]) -> Overdue:
        # one line each: a label goes into a list line, never a header, but keep it tidy
        return cls(
            str(given["reference"]),
            " ".join(str(given["label"]).split()),
            date.fromisoformat(str(given["due_on"])),
            int(given["working_days_overdue"]),
        )


def idempotency_key(day: date) -> str:
    return f"overdue-digest:{day.isoformat()}"


def subject(day: date, count: int) -> str:
    deadlines = "deadline" if count == 1 else "deadlines"
    return f"Overdue deadlines on {weekday_date(day)}: {count} {deadlines}"


def how_late(days: int) -> str:
    if days <= 0:
        return "overdue since the last working day"
    return f"{days} working day{'' if days == 1 else 's'} overdue"


def context_for(
    day: date, clocks: Sequence[Overdue], partnership_name: str, console_url: str
) -> dict[str, Any]:
    return {
        "partnership_name": partnership_name,
        "day": weekday_date(day),
        "count": len(clocks),
        "clocks": [
            {
                "reference": o.reference,
                "label": o.label,
                "due": weekday_date(o.due_on),
                "late": how_late(o.working_days_overdue),
            }
            for o in clocks
        ],
        "link": f"{console_url.rstrip('/')}/dashboard",
    }


def compose(day: date, clocks: Sequence[Overdue], settings: ClockAlertSettings) -> Content:
    context = context_for(day, clocks, settings.partnership_name, settings.console_url)
    return render(TEMPLATE, subject(day, len(clocks)), context)


def send_overdue_digest(
    day: date,
    clocks: Sequence[Overdue],
    *,
    messages: MessageRepository,
    mailer: Mailer,
    settings: ClockAlertSettings,
    clock: Callable[[], datetime],
) -> Result | None:
    """Email the ops team the day's digest once; nothing when no clock is overdue. Raises
    when the relay did not take it, so the job is retried."""
    if not clocks:
        return None
    content = compose(day, clocks, settings)
    outgoing = Outgoing(idempotency_key(day), TEMPLATE, None, settings.ops_email, content.subject)
    result = send_once(
        outgoing,
        content,
        messages=messages,
        mailer=mailer,
        mail_from=settings.mail_from,
        clock=clock,
    )
    log.info("overdue digest for %s (%s clocks): %s", day, len(clocks), result)
    return result
