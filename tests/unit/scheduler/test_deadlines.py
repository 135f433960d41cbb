"""How a deadline stands on a given day, and which one is next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from services.scheduler.domain.deadlines import DeadlineStatus, deadline_status, next_deadline
from shared.workingdays import WorkingDayCalendar

calendar = WorkingDayCalendar()


@dataclass(frozen=True)
class D:
    key: str
    due_on: date
    met: bool = False


@pytest.mark.parametrize(
    ("due", "today", "text", "kind"),
    [
        (date(2026, 4, 13), date(2026, 4, 14), "overdue", "overdue"),
        (date(2026, 4, 13), date(2026, 4, 13), "due today", "due_today"),
        (date(2026, 4, 13), date(2026, 4, 10), "1 working day left", "open"),
        # a weekend in between does not count
        (date(2026, 4, 13), date(2026, 4, 11), "1 working day left", "open"),
        # Easter: Thursday 2 April to Tuesday 7 April is one working day
        (date(2026, 4, 7), date(2026, 4, 2), "1 working day left", "open"),
        (date(2026, 4, 27), date(2026, 4, 2), "15 working days left", "open"),
    ],
)
def test_status(due: date, today: date, text: str, kind: str) -> None:
    status = deadline_status(due, today, calendar, met=False)
    assert (status.text, status.kind) == (text, kind)


def test_met_deadlines_are_met_whatever_the_date() -> None:
    assert deadline_status(date(2026, 4, 1), date(2026, 5, 1), calendar, met=True).text == "met"


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        (DeadlineStatus("overdue", -2), "govuk-tag--red"),
        (DeadlineStatus("due_today", 0), "govuk-tag--orange"),
        (DeadlineStatus("open", 1), "govuk-tag--orange"),
        (DeadlineStatus("open", 4), "govuk-tag--blue"),
        (DeadlineStatus("met", 3), "govuk-tag--green"),
    ],
)
def test_tag_colours(status: DeadlineStatus, colour: str) -> None:
    assert status.tag_class == colour


def test_next_deadline_is_the_earliest_open_one() -> None:
    deadlines = [
        D("a", date(2026, 4, 13)),
        D("b", date(2026, 4, 7), met=True),
        D("c", date(2026, 4, 9)),
        D("d", date(2026, 4, 9)),
    ]
    found = next_deadline(deadlines)
    assert found is not None and found.key == "c"


def test_no_next_deadline_when_all_are_met_or_none_exist() -> None:
    assert next_deadline([D("a", date(2026, 4, 13), met=True)]) is None
    assert next_deadline([]) is None
