"""Clock rules: what each event starts, how long each clock runs, and when it is due."""

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
    Measure,
    StartedClock,
    events_on_referral,
    london_date,
    start_clocks,
)
from services.scheduler.domain.dates import add_calendar_months, next_meeting
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


# --- every rule of DOMAIN.md's table ----------------------------------------------------

RULE_TABLE = {
    # key: (measure, working days or months, window opens, starts at, national, routes)
    "notify_panel": ("working_days", 5, None, Event.PARTNERSHIP_AWARE, True, "SI"),
    "rapid_review_complete": ("working_days", 15, None, Event.PARTNERSHIP_AWARE, True, "SI"),
    "inform_lead_representatives": ("working_days", 1, None, Event.REFERRAL_RECEIVED, False, "SI"),
    "criteria_decision": ("working_days", 5, None, Event.REFERRAL_RECEIVED, False, "SI"),
    "send_scoping_forms": ("working_days", 2, None, Event.PANEL_NOTIFIED, False, "SI"),
    "return_scoping_forms": ("working_days", 5, None, Event.SCOPING_FORMS_SENT, False, "SI"),
    "rapid_review_meeting": ("working_days", 11, 9, Event.PANEL_NOTIFIED, False, "SI"),
    "approve_recommendation": ("working_days", 2, None, Event.RAPID_REVIEW_MEETING, False, "SI"),
    "report_to_panel": ("working_days", 15, 12, Event.PANEL_NOTIFIED, False, "SI"),
    "panel_response": ("working_days", 15, None, Event.REPORT_SENT_TO_PANEL, False, "SI"),
    "local_review_complete": ("calendar_months", 6, None, Event.DECISION_TO_REVIEW, False, "both"),
    "lfp_consideration": ("next_meeting", 0, None, Event.REFERRED_TO_LFP, False, "both"),
}


def test_every_clock_of_the_domain_table_is_declared() -> None:
    found = {}
    for r in rules:
        amount = r.months if r.measure is Measure.CALENDAR_MONTHS else r.working_days
        routes = "both" if r.routes == frozenset(Route) else "SI"
        found[r.key] = (r.measure.value, amount, r.window_opens, r.starts_at, r.national, routes)
    assert found == RULE_TABLE


def test_a_practice_learning_referral_goes_to_the_next_meeting_after_it_arrives() -> None:
    meetings = [date(2026, 9, 10), date(2026, 3, 12), date(2026, 6, 11)]
    events = events_on_referral(Route.PRACTICE_LEARNING)
    assert Event.PARTNERSHIP_AWARE not in events
    started = start_clocks(
        rules, calendar, Route.PRACTICE_LEARNING, events, date(2026, 3, 2), meetings
    )
    assert started == [StartedClock("lfp_consideration", date(2026, 3, 2), date(2026, 3, 12))]
    # received on the meeting's own day: too late for it
    on_the_day = start_clocks(
        rules, calendar, Route.PRACTICE_LEARNING, events, date(2026, 3, 12), meetings
    )
    assert [c.due_on for c in on_the_day] == [date(2026, 6, 11)]
    # nothing scheduled yet: the clock waits for the schedule
    assert (
        start_clocks(rules, calendar, Route.PRACTICE_LEARNING, events, date(2026, 10, 1), meetings)
        == []
    )


def test_a_serious_incident_referral_is_not_sent_to_the_group_on_arrival() -> None:
    events = events_on_referral(Route.SERIOUS_INCIDENT)
    assert events == EVENTS_ON_REFERRAL
    started = start_clocks(
        rules, calendar, Route.SERIOUS_INCIDENT, events, date(2026, 3, 2), [date(2026, 3, 12)]
    )
    assert "lfp_consideration" not in {c.key for c in started}


@pytest.mark.parametrize(
    ("after", "meetings", "expected"),
    [
        (date(2026, 3, 2), [date(2026, 3, 12), date(2026, 6, 11)], date(2026, 3, 12)),
        (date(2026, 3, 12), [date(2026, 6, 11), date(2026, 3, 12)], date(2026, 6, 11)),
        (date(2026, 12, 24), [date(2027, 1, 14), date(2026, 12, 10)], date(2027, 1, 14)),
        (date(2026, 12, 24), [date(2026, 12, 10)], None),
        (date(2026, 12, 24), [], None),
    ],
)
def test_next_meeting(after: date, meetings: list[date], expected: date | None) -> None:
    assert next_meeting(meetings, after) == expected


@pytest.mark.parametrize(
    ("notified", "scoping", "meeting_window", "report_window"),
    [
        # Thursday before Easter 2026
        (
            date(2026, 4, 2),
            date(2026, 4, 8),
            (date(2026, 4, 17), date(2026, 4, 21)),
            (date(2026, 4, 22), date(2026, 4, 27)),
        ),
        # Christmas 2026: 25 and 28 December and 1 January are bank holidays
        (
            date(2026, 12, 23),
            date(2026, 12, 29),
            (date(2027, 1, 8), date(2027, 1, 12)),
            (date(2027, 1, 13), date(2027, 1, 18)),
        ),
        # Boxing Day 2026 (a Saturday) as day 0
        (
            date(2026, 12, 26),
            date(2026, 12, 30),
            (date(2027, 1, 11), date(2027, 1, 13)),
            (date(2027, 1, 14), date(2027, 1, 19)),
        ),
        # Thursday before Easter 2027 (Good Friday 26 March)
        (
            date(2027, 3, 25),
            date(2027, 3, 31),
            (date(2027, 4, 9), date(2027, 4, 13)),
            (date(2027, 4, 14), date(2027, 4, 19)),
        ),
        # Christmas 2027: substitute days 27 and 28 December, then 3 January 2028
        (
            date(2027, 12, 23),
            date(2027, 12, 29),
            (date(2028, 1, 10), date(2028, 1, 12)),
            (date(2028, 1, 13), date(2028, 1, 18)),
        ),
        # New Year's Eve 2027: New Year's Day 2028 is a Saturday, 3 January its substitute
        (
            date(2027, 12, 31),
            date(2028, 1, 5),
            (date(2028, 1, 14), date(2028, 1, 18)),
            (date(2028, 1, 19), date(2028, 1, 24)),
        ),
        # Easter 2028 (14 and 17 April) and the early May bank holiday (1 May)
        (
            date(2028, 4, 12),
            date(2028, 4, 18),
            (date(2028, 4, 27), date(2028, 5, 2)),
            (date(2028, 5, 3), date(2028, 5, 8)),
        ),
    ],
    ids=[
        "easter-2026",
        "christmas-2026",
        "boxing-day-2026",
        "easter-2027",
        "christmas-2027",
        "new-year-2028",
        "easter-2028",
    ],
)
def test_rapid_review_clocks_from_the_panel_notification(
    notified: date,
    scoping: date,
    meeting_window: tuple[date, date],
    report_window: tuple[date, date],
) -> None:
    started = {
        c.key: c
        for c in start_clocks(
            rules, calendar, Route.SERIOUS_INCIDENT, [Event.PANEL_NOTIFIED], notified
        )
    }
    assert set(started) == {"send_scoping_forms", "rapid_review_meeting", "report_to_panel"}
    assert started["send_scoping_forms"].due_on == scoping
    assert started["send_scoping_forms"].window_opens_on is None
    meeting, report = started["rapid_review_meeting"], started["report_to_panel"]
    assert (meeting.window_opens_on, meeting.due_on) == meeting_window
    assert (report.window_opens_on, report.due_on) == report_window
    assert all(c.starts_on == notified and c.met_on is None for c in started.values())


@pytest.mark.parametrize(
    ("day0", "lead_reps", "criteria", "rapid_review"),
    [
        # Christmas Eve 2027: 27 and 28 December and 3 January 2028 are substitute days
        (date(2027, 12, 24), date(2027, 12, 29), date(2028, 1, 5), date(2028, 1, 19)),
        # the substitute Boxing Day 2026 itself as day 0
        (date(2026, 12, 28), date(2026, 12, 29), date(2027, 1, 5), date(2027, 1, 19)),
        # Thursday before Easter 2027
        (date(2027, 3, 25), date(2027, 3, 30), date(2027, 4, 5), date(2027, 4, 19)),
        # Easter Monday 2028 as day 0
        (date(2028, 4, 17), date(2028, 4, 18), date(2028, 4, 24), date(2028, 5, 9)),
    ],
    ids=["christmas-eve-2027", "substitute-day-2026", "easter-2027", "easter-monday-2028"],
)
def test_referral_deadlines_2027_and_2028(
    day0: date, lead_reps: date, criteria: date, rapid_review: date
) -> None:
    assert due_dates(day0) == {
        "inform_lead_representatives": lead_reps,
        "criteria_decision": criteria,
        "notify_panel": criteria,
        "rapid_review_complete": rapid_review,
    }


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),  # February is short: its last day
        (date(2027, 8, 31), date(2028, 2, 29)),  # 2028 is a leap year
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2026, 12, 31), date(2027, 6, 30)),
        (date(2027, 9, 30), date(2028, 3, 30)),
        (date(2027, 7, 15), date(2028, 1, 15)),
        (date(2027, 10, 31), date(2028, 4, 30)),
        (date(2027, 1, 1), date(2027, 7, 1)),
    ],
)
def test_a_local_review_is_due_six_calendar_months_after_the_decision(
    decided: date, due: date
) -> None:
    started = start_clocks(
        rules, calendar, Route.SERIOUS_INCIDENT, [Event.DECISION_TO_REVIEW], decided
    )
    assert started == [StartedClock("local_review_complete", decided, due)]


def test_calendar_months_are_not_moved_to_a_working_day() -> None:
    # 28 February 2027 is a Sunday: six calendar months is a calendar date
    assert add_calendar_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert not calendar.is_working_day(date(2027, 2, 28))


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    later=st.integers(min_value=0, max_value=400),
    months=st.integers(min_value=1, max_value=24),
)
def test_calendar_months_properties(day: date, later: int, months: int) -> None:
    due = add_calendar_months(day, months)
    assert due > day
    assert (due.year - day.year) * 12 + due.month - day.month == months
    assert due.day <= day.day
    # monotonic: a later decision is never due earlier
    assert add_calendar_months(day + timedelta(days=later), months) >= due


@settings(max_examples=200, deadline=None)
@given(
    day0=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    later=st.integers(min_value=0, max_value=40),
    closures=st.frozensets(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 3, 31)), max_size=10
    ),
)
def test_working_day_clock_properties(day0: date, later: int, closures: frozenset[date]) -> None:
    cal = WorkingDayCalendar(closures)
    events = list(Event)
    first = {c.key: c for c in start_clocks(rules, cal, Route.SERIOUS_INCIDENT, events, day0)}
    again = {
        c.key: c
        for c in start_clocks(
            rules, cal, Route.SERIOUS_INCIDENT, events, day0 + timedelta(days=later)
        )
    }
    for key, clock in first.items():
        rule = rules[key]
        if rule.measure is not Measure.WORKING_DAYS:
            continue
        # never lands on a weekend, bank holiday or closure day
        assert cal.is_working_day(clock.due_on)
        assert cal.working_days_between(day0, clock.due_on) == rule.working_days
        if rule.window_opens:
            assert clock.window_opens_on is not None
            assert cal.is_working_day(clock.window_opens_on)
            assert day0 < clock.window_opens_on <= clock.due_on
        # monotonic in the start day
        assert again[key].due_on >= clock.due_on


# --- overrides ------------------------------------------------------------------------


def test_the_local_review_and_the_meeting_clock_take_their_own_overrides() -> None:
    changed = rules.with_overrides(
        {
            "local_review_complete": {"months": 4, "label": "Review done"},
            "lfp_consideration": {"label": "Taken to the group"},
            "rapid_review_meeting": {"window_opens": None},
        }
    )
    assert changed["local_review_complete"].months == 4
    assert changed["local_review_complete"].label == "Review done"
    assert changed["lfp_consideration"].label == "Taken to the group"
    assert changed["rapid_review_meeting"].window_opens is None


def test_a_national_label_may_be_reworded_in_code_but_nothing_else() -> None:
    changed = rules.with_overrides({"notify_panel": {"label": "Notify the Panel (DfE)"}})
    assert changed["notify_panel"].label == "Notify the Panel (DfE)"
    assert changed["notify_panel"].working_days == 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"local_review_complete": {"working_days": 5}}, "cannot set working_days"),
        ({"lfp_consideration": {"months": 3}}, "cannot set months"),
        ({"criteria_decision": {"months": 3}}, "cannot set months"),
        ({"local_review_complete": {"months": 0}}, "at least 1"),
        ({"rapid_review_meeting": {"window_opens": 12}}, "must not be after working_days"),
        ({"rapid_review_meeting": {"working_days": 8}}, "must not be after working_days"),
        ({"criteria_decision": {"working_days": "five"}}, "whole number"),
        ({"criteria_decision": {"working_days": True}}, "whole number"),
        ({"criteria_decision": {"label": ""}}, "label must be some text"),
        ({"criteria_decision": {"label": "x" * 201}}, "200 characters"),
        ({"notify_panel": {"label": "x", "working_days": 3}}, "national rule"),
    ],
)
def test_more_bad_overrides_are_refused(
    overrides: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(ClockConfigError, match=message):
        rules.with_overrides(overrides)


def test_a_window_and_its_length_can_change_together() -> None:
    changed = rules.with_overrides({"rapid_review_meeting": {"working_days": 8, "window_opens": 6}})
    assert (
        changed["rapid_review_meeting"].window_opens,
        changed["rapid_review_meeting"].working_days,
    ) == (6, 8)
