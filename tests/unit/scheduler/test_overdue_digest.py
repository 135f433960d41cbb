"""Which clocks the daily digest lists, and from when in the day it is asked for."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.scheduler.domain.clocks import StartedClock
from services.scheduler.domain.overdue_digest import due_now, overdue_clocks
from shared.workingdays import WorkingDayCalendar

CALENDAR = WorkingDayCalendar([])
TUESDAY = date(2026, 12, 8)


def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def test_only_open_clocks_past_their_due_date_most_overdue_first() -> None:
    found = overdue_clocks(
        {
            "GSCP-2026-0001": (
                StartedClock("notify_panel", date(2026, 11, 20), date(2026, 11, 27)),
                StartedClock(
                    "criteria_decision",
                    date(2026, 11, 20),
                    date(2026, 11, 23),
                    None,
                    date(2026, 11, 23),
                ),
                StartedClock("panel_response", date(2026, 11, 20), TUESDAY),
            ),
            "GSCP-2026-0002": (
                StartedClock("return_scoping_forms", date(2026, 11, 20), date(2026, 12, 7)),
            ),
        },
        TUESDAY,
        CALENDAR,
        label,
    )
    assert [(o.reference, o.label, o.working_days_overdue) for o in found] == [
        ("GSCP-2026-0001", "Notify panel", 7),  # Friday 27 November to Tuesday 8 December
        ("GSCP-2026-0002", "Return scoping forms", 1),
    ]
    assert found[0].as_job() == {
        "reference": "GSCP-2026-0001",
        "label": "Notify panel",
        "due_on": "2026-11-27",
        "working_days_overdue": 7,
    }


def test_asked_for_from_7am_london_time() -> None:
    # 7am in London is 7am UTC in winter and 6am UTC in summer
    assert not due_now(datetime(2026, 12, 8, 6, 59, tzinfo=UTC))
    assert due_now(datetime(2026, 12, 8, 7, 0, tzinfo=UTC))
    assert due_now(datetime(2026, 6, 8, 6, 0, tzinfo=UTC))
    assert not due_now(datetime(2026, 6, 8, 5, 59, tzinfo=UTC))
