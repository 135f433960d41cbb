"""Correcting the date the partnership became aware: every clock that runs from it moves."""

from __future__ import annotations

from datetime import date

import pytest

from services.scheduler.domain.clock_status import StatusKey, status_of
from services.scheduler.domain.lifecycle import CaseSnapshot, applied
from services.scheduler.domain.routes import Route
from tests.unit.scheduler.lifecycle_helpers import (
    S,
    calendar,
    clock,
    errors,
    opened,
    plan,
    step,
    to_criteria_met,
)


def test_correcting_the_awareness_date_moves_every_clock_that_runs_from_it() -> None:
    case = step(
        "record_leads_informed", opened(), {"informed_on": "2026-12-23"}, date(2026, 12, 23)
    )
    p = plan(
        "correct_awareness_date",
        case,
        {
            "aware_on": {"day": "18", "month": "12", "year": "2026"},
            "reason": "Police told MASH on 18th",
        },
        date(2026, 12, 24),
    )
    assert (p.from_state, p.to_state, p.moves) == (S.LEADS_INFORMED, S.LEADS_INFORMED, False)
    assert p.summary == (
        "The date the partnership became aware was corrected from 23 December 2026 to "
        "18 December 2026"
    )
    assert p.reason == "Police told MASH on 18th"
    assert {c.key: (c.starts_on, c.due_on) for c in p.change.moved} == {
        "notify_panel": (date(2026, 12, 18), date(2026, 12, 29)),
        "rapid_review_complete": (date(2026, 12, 18), date(2027, 1, 13)),
    }
    after = applied(case, p)
    assert after.aware_on == date(2026, 12, 18) and after.awareness == date(2026, 12, 18)
    # the referral's own clocks still run from the day it arrived
    assert clock(after, "criteria_decision").starts_on == date(2026, 12, 23)
    assert clock(after, "inform_lead_representatives").met_on == date(2026, 12, 23)


def test_a_corrected_date_keeps_a_met_clock_met_but_may_make_it_late() -> None:
    case = step(
        "record_panel_notification",
        to_criteria_met(),
        {"notified_on": "2027-01-04", "dfe_reference": "CSIN-1"},
        date(2027, 1, 4),
    )
    assert (
        status_of(case.clock("notify_panel"), date(2027, 1, 4), calendar).key
        is StatusKey.MET_ON_TIME
    )
    case = step(
        "correct_awareness_date",
        case,
        {"aware_on": "2026-12-21", "reason": "Earlier"},
        date(2027, 1, 5),
    )
    panel = clock(case, "notify_panel")
    assert (panel.due_on, panel.met_on) == (date(2026, 12, 30), date(2027, 1, 4))
    assert status_of(panel, date(2027, 1, 5), calendar).key is StatusKey.MET_LATE


@pytest.mark.parametrize(
    ("aware_on", "message"),
    [
        ("2026-12-23", "The date the partnership became aware is already 23 December 2026"),
        (
            "2026-12-24",
            "The date the partnership became aware must be the same as or before the "
            "date the referral was received (23 December 2026)",
        ),
        ("2026-12-30", "The date the partnership became aware must be today or in the past"),
    ],
)
def test_awareness_date_errors(aware_on: str, message: str) -> None:
    assert errors(
        "correct_awareness_date",
        opened(),
        {"aware_on": aware_on, "reason": "x"},
        date(2026, 12, 29),
    ) == {"aware_on": message}
    assert errors(
        "correct_awareness_date", opened(), {"aware_on": "2026-12-20"}, date(2026, 12, 29)
    ) == {"reason": "Enter why the date is being corrected"}


def test_the_awareness_date_cannot_move_past_the_panel_notification() -> None:
    case = CaseSnapshot(
        Route.SERIOUS_INCIDENT,
        S.PANEL_NOTIFIED,
        date(2026, 12, 23),
        aware_on=date(2026, 12, 10),
        done={"record_panel_notification": date(2026, 12, 15)},
    )
    assert errors(
        "correct_awareness_date", case, {"aware_on": "2026-12-16", "reason": "x"}, date(2027, 1, 4)
    ) == {
        "aware_on": "The date the partnership became aware must be the same as or before the date "
        "the national Panel was notified (15 December 2026)"
    }
