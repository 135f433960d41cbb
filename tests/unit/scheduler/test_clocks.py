"""Clock rules: what a serious-incident referral starts, and how long each clock runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.domain.clocks import (
    DEFAULT_RULES,
    EVENTS_ON_REFERRAL,
    ClockConfigError,
    ClockRules,
    Event,
    london_date,
    start_clocks,
)
from services.scheduler.domain.routes import Route
from shared.workingdays import WorkingDayCalendar

REFERRAL_CLOCKS = {
    "inform_lead_representatives": (1, False),
    "criteria_decision": (5, False),
    "notify_panel": (5, True),
    "rapid_review_complete": (15, True),
}
rules = ClockRules()
calendar = WorkingDayCalendar()


def due_dates(day0: date, cal: WorkingDayCalendar = calendar) -> dict[str, date]:
    started = start_clocks(rules, cal, Route.SERIOUS_INCIDENT, EVENTS_ON_REFERRAL, day0)
    assert all(c.starts_on == day0 for c in started)
    return {c.key: c.due_on for c in started}


def test_a_serious_incident_referral_starts_exactly_the_four_referral_clocks() -> None:
    started = rules.started_by(Route.SERIOUS_INCIDENT, EVENTS_ON_REFERRAL)
    assert {r.key: (r.working_days, r.national) for r in started} == REFERRAL_CLOCKS


def test_labels_use_the_procedure_wording() -> None:
    assert rules["notify_panel"].label == "Notify the national Panel"
    assert rules["rapid_review_complete"].label == "Rapid Review complete and sent to the Panel"
    assert rules["inform_lead_representatives"].label == (
        "Chair informs the three lead representatives"
    )
    assert rules["criteria_decision"].label == "Chair decides whether criteria are met"


def test_national_clocks_run_from_when_the_partnership_becomes_aware() -> None:
    assert rules["notify_panel"].starts_at is Event.PARTNERSHIP_AWARE
    assert rules["rapid_review_complete"].starts_at is Event.PARTNERSHIP_AWARE
    assert rules["notify_panel"].kind == "national"
    assert rules["criteria_decision"].kind == "local"


def test_practice_learning_referrals_start_no_working_day_clock() -> None:
    assert (
        start_clocks(rules, calendar, Route.PRACTICE_LEARNING, EVENTS_ON_REFERRAL, date(2026, 3, 2))
        == []
    )


def test_later_events_start_the_rapid_review_clocks() -> None:
    started = {r.key for r in rules.started_by(Route.SERIOUS_INCIDENT, [Event.PANEL_NOTIFIED])}
    assert started == {"send_scoping_forms", "rapid_review_meeting", "report_to_panel"}
    assert rules["rapid_review_meeting"].window_opens == 9


@pytest.mark.parametrize(
    ("day0", "lead_reps", "criteria", "panel", "rapid_review"),
    [
        # Monday, no holidays
        (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 9), date(2026, 3, 9), date(2026, 3, 23)),
        # Thursday before Easter: Good Friday and Easter Monday are skipped
        (
            date(2026, 4, 2),
            date(2026, 4, 7),
            date(2026, 4, 13),
            date(2026, 4, 13),
            date(2026, 4, 27),
        ),
        # Saturday before the early May bank holiday; spring bank holiday inside 15 days
        (
            date(2026, 5, 2),
            date(2026, 5, 5),
            date(2026, 5, 11),
            date(2026, 5, 11),
            date(2026, 5, 26),
        ),
        # Sunday as day 0
        (date(2026, 1, 4), date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 9), date(2026, 1, 23)),
        # Friday before the summer bank holiday
        (
            date(2026, 8, 28),
            date(2026, 9, 1),
            date(2026, 9, 7),
            date(2026, 9, 7),
            date(2026, 9, 21),
        ),
        # Christmas Eve: 25 and 28 December and New Year's Day 2027 are skipped
        (
            date(2026, 12, 24),
            date(2026, 12, 29),
            date(2027, 1, 5),
            date(2027, 1, 5),
            date(2027, 1, 19),
        ),
        # New Year's Day itself as day 0
        (date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 8), date(2026, 1, 8), date(2026, 1, 22)),
    ],
    ids=["plain-week", "easter", "may-bank-holidays", "sunday", "august", "christmas", "new-year"],
)
def test_referral_deadlines(
    day0: date, lead_reps: date, criteria: date, panel: date, rapid_review: date
) -> None:
    assert due_dates(day0) == {
        "inform_lead_representatives": lead_reps,
        "criteria_decision": criteria,
        "notify_panel": panel,
        "rapid_review_complete": rapid_review,
    }


def test_partnership_closure_days_push_every_clock() -> None:
    closed = WorkingDayCalendar([date(2026, 3, 3), date(2026, 3, 9)])
    assert due_dates(date(2026, 3, 2), closed) == {
        "inform_lead_representatives": date(2026, 3, 4),
        "criteria_decision": date(2026, 3, 11),
        "notify_panel": date(2026, 3, 11),
        "rapid_review_complete": date(2026, 3, 25),
    }


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # BST: 23:30 UTC on 30 June is already 1 July in London
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),
        # GMT: London and UTC agree
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), date(2026, 1, 15)),
        # the night the clocks go forward (29 March 2026)
        (datetime(2026, 3, 28, 23, 59, tzinfo=UTC), date(2026, 3, 28)),
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30)),
        # naive datetimes are read as UTC
        (datetime(2026, 6, 30, 23, 30), date(2026, 7, 1)),
    ],
)
def test_day_zero_is_the_date_in_london(moment: datetime, expected: date) -> None:
    assert london_date(moment) == expected


def test_local_clocks_can_be_changed_by_configuration() -> None:
    changed = rules.with_overrides(
        {
            "criteria_decision": {"working_days": 3},
            "inform_lead_representatives": {"label": "Tell the LSPs"},
        }
    )
    assert changed["criteria_decision"].working_days == 3
    assert changed["inform_lead_representatives"].label == "Tell the LSPs"
    assert rules["criteria_decision"].working_days == 5, "the defaults are untouched"
    assert [r.key for r in changed] == [r.key for r in DEFAULT_RULES]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"notify_panel": {"working_days": 10}}, "national rule"),
        ({"rapid_review_complete": {"working_days": 20}}, "national rule"),
        ({"no_such_clock": {"working_days": 2}}, "unknown clock"),
        ({"criteria_decision": {"starts_at": "panel_notified"}}, "cannot set starts_at"),
        ({"criteria_decision": {"working_days": 0}}, "at least 1"),
    ],
)
def test_bad_overrides_are_refused(overrides: dict[str, dict[str, object]], message: str) -> None:
    with pytest.raises(ClockConfigError, match=message):
        rules.with_overrides(overrides)


def test_unknown_clock_keys_still_get_a_readable_label() -> None:
    assert rules.label("retired_clock") == "Retired clock"


@settings(max_examples=200, deadline=None)
@given(
    day0=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    closures=st.frozensets(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 3, 31)), max_size=10
    ),
)
def test_referral_clock_properties(day0: date, closures: frozenset[date]) -> None:
    cal = WorkingDayCalendar(closures)
    due = due_dates(day0, cal)
    for key, (days, _national) in REFERRAL_CLOCKS.items():
        assert due[key] > day0
        assert cal.is_working_day(due[key])
        assert cal.working_days_between(day0, due[key]) == days
    assert due["inform_lead_representatives"] < due["criteria_decision"]
    assert due["notify_panel"] == due["criteria_decision"]
    assert due["criteria_decision"] < due["rapid_review_complete"]
    assert due["rapid_review_complete"] - day0 >= timedelta(days=15 + 4)
