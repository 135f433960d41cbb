"""Planning a case from a referral (pure: no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.opening import (
    NewCase,
    ReferralNotUsable,
    parse_iso_date,
    plan_case,
)
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from shared.workingdays import WorkingDayCalendar
from tests.unit.scheduler.factories import serious_incident_answers


def plan(**kwargs: Any) -> NewCase:
    defaults: dict[str, Any] = {
        "referral_id": 1,
        "reference": "GSCP-2026-0001",
        "kind": "serious_incident",
        "received_at": datetime(2026, 4, 2, 22, 30, tzinfo=UTC),
        "answers": serious_incident_answers(),
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
    assert new.child_date_of_birth == date(2015, 6, 1)
    assert new.child_name == "Ada Example"
    assert new.details == {"outline": serious_incident_answers()["outline"]}
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
    new = plan(kind="practice_learning", answers={"child_name": "B"})
    assert new.route is Route.PRACTICE_LEARNING
    assert new.clocks == ()
    assert new.referrer_email == ""


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ReferralNotUsable):
        plan(kind="complaint")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-06-01", date(2015, 6, 1)),
        ("", None),
        (None, None),
        ("01/06/2015", None),
        (date(2015, 6, 1), date(2015, 6, 1)),
    ],
)
def test_parse_iso_date(value: object, expected: date | None) -> None:
    assert parse_iso_date(value) == expected
