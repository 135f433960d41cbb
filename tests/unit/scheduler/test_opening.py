"""Planning a case from a referral (pure: no database)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.opening import NewCase, ReferralNotUsable, plan_case
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from shared.workingdays import WorkingDayCalendar


def plan(**kwargs: Any) -> NewCase:
    defaults: dict[str, Any] = {
        "referral_id": 1,
        "reference": "GSCP-2026-0001",
        "kind": "serious_incident",
        "received_at": datetime(2026, 4, 2, 22, 30, tzinfo=UTC),
        "rules": ClockRules(),
        "calendar": WorkingDayCalendar(),
    }
    return plan_case(**{**defaults, **kwargs})


def test_serious_incident_referral_becomes_a_case_with_four_clocks() -> None:
    new = plan()
    assert new.route is Route.SERIOUS_INCIDENT
    assert new.state is CaseState.REFERRAL_RECEIVED
    # 22:30 UTC on 2 April is 23:30 in London: still 2 April
    assert new.received_on == date(2026, 4, 2)
    assert {c.key: c.due_on for c in new.clocks} == {
        "inform_lead_representatives": date(2026, 4, 7),
        "criteria_decision": date(2026, 4, 13),
        "notify_panel": date(2026, 4, 13),
        "rapid_review_complete": date(2026, 4, 27),
    }


def test_received_after_midnight_in_london_counts_from_the_next_day() -> None:
    new = plan(received_at=datetime(2026, 4, 2, 23, 30, tzinfo=UTC))
    assert new.received_on == date(2026, 4, 3)


def test_practice_learning_referral_opens_without_clocks() -> None:
    new = plan(kind="practice_learning")
    assert new.route is Route.PRACTICE_LEARNING
    assert new.clocks == ()


def test_a_case_holds_no_copy_of_the_answers() -> None:
    # they stay with intake and are read through its read model
    assert {f.name for f in fields(NewCase)} == {
        "reference",
        "referral_id",
        "route",
        "state",
        "received_at",
        "received_on",
        "clocks",
    }


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ReferralNotUsable):
        plan(kind="complaint")


def test_a_practice_learning_referral_waits_for_the_next_scheduled_meeting() -> None:
    meetings = [date(2026, 6, 11), date(2026, 3, 12), date(2026, 4, 2)]
    new = plan(kind="practice_learning", meetings=meetings)
    # received on the 2 April meeting's own day (London time): the next one is in June
    assert {c.key: (c.starts_on, c.due_on) for c in new.clocks} == {
        "lfp_consideration": (date(2026, 4, 2), date(2026, 6, 11))
    }


def test_the_meeting_schedule_does_not_change_a_serious_incident() -> None:
    assert plan(meetings=[date(2026, 4, 9)]).clocks == plan().clocks
