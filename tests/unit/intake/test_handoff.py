from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from services.intake import jobs
from services.intake.bootstrap import Container
from services.intake.handoff import relay_pending, submit_referral
from services.intake.ports import NewReferral
from shared import runtime
from shared.config import load_config
from tests.unit.intake.fakes import (
    FakeCopies,
    FakeDrafts,
    FakeQueue,
    FakeReferrals,
    FakeScopingLinks,
    FakeScopingReturns,
    FixedClock,
)

ANSWERS = {"child_name": "Amelia Hartley-O'Brien", "referrer_email": "sam@school.example"}
NEW = NewReferral(
    kind="serious_incident", form_id="serious-incident", form_version=1, answers=ANSWERS
)


def stored_while_down(repo: FakeReferrals, clock: FixedClock, count: int) -> None:
    down = FakeQueue(available=False)
    for _ in range(count):
        submit_referral(referrals=repo, queue=down, clock=clock, new=NEW)
        clock.advance(minutes=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


def test_submit_stores_then_hands_off(clock: FixedClock) -> None:
    repo, queue = FakeReferrals(), FakeQueue()
    stored = submit_referral(referrals=repo, queue=queue, clock=clock, new=NEW)
    assert stored.reference == "TEST-2026-0001"
    assert queue.opened == [stored.id]
    row = repo.row(stored.id)
    assert row["answers"] == ANSWERS
    assert row["received_at"] == clock.now
    assert row["handed_off_at"] == clock.now


def test_queue_down_keeps_the_referral_and_logs_only_its_id(
    clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    repo = FakeReferrals()
    with caplog.at_level(logging.INFO, logger="services.intake.handoff"):
        stored = submit_referral(
            referrals=repo,
            queue=FakeQueue(available=False),
            clock=clock,
            new=NEW,
        )
    assert stored.reference == "TEST-2026-0001"
    assert repo.row(stored.id)["handed_off_at"] is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(stored.id) in warnings[0].getMessage()
    logged = caplog.text
    assert "Amelia" not in logged and "school.example" not in logged


def test_a_failure_to_mark_still_gives_the_reference(clock: FixedClock) -> None:
    repo, queue = FakeReferrals(fail_marking=True), FakeQueue()
    stored = submit_referral(referrals=repo, queue=queue, clock=clock, new=NEW)
    assert stored.reference == "TEST-2026-0001"
    assert queue.opened == [stored.id]


def test_relay_hands_off_oldest_first_and_only_once(clock: FixedClock) -> None:
    repo = FakeReferrals()
    stored_while_down(repo, clock, 3)
    repo.rows[0]["received_at"], repo.rows[2]["received_at"] = (
        repo.rows[2]["received_at"],
        repo.rows[0]["received_at"],
    )
    queue = FakeQueue()
    assert relay_pending(referrals=repo, queue=queue, clock=clock) == 3
    assert queue.opened == [3, 2, 1]
    assert all(row["handed_off_at"] == clock.now for row in repo.rows)
    assert relay_pending(referrals=repo, queue=queue, clock=clock) == 0
    assert queue.opened == [3, 2, 1]


def test_relay_stops_when_the_queue_goes_down_and_resumes_later(clock: FixedClock) -> None:
    repo = FakeReferrals()
    stored_while_down(repo, clock, 4)
    flaky = FakeQueue(fail_after=2)
    assert relay_pending(referrals=repo, queue=flaky, clock=clock) == 2
    assert [row["handed_off_at"] is not None for row in repo.rows] == [True, True, False, False]
    assert relay_pending(referrals=repo, queue=FakeQueue(), clock=clock) == 2
    assert all(row["handed_off_at"] is not None for row in repo.rows)


def test_relay_respects_the_batch_limit(clock: FixedClock) -> None:
    repo = FakeReferrals()
    stored_while_down(repo, clock, 5)
    queue = FakeQueue()
    assert relay_pending(referrals=repo, queue=queue, clock=clock, limit=2) == 2
    assert queue.opened == [1, 2]


def test_the_jobs_use_the_registered_container(clock: FixedClock) -> None:
    repo, queue, drafts = FakeReferrals(), FakeQueue(), FakeDrafts()
    drafts.create(key="k", form_id="serious-incident", form_version=1, now=clock(),
                  expires_at=clock() + timedelta(days=28))  # fmt: skip
    stored_while_down(repo, clock, 2)
    config = load_config("intake", {"CSPR_ENV": "test"})
    try:
        previous = runtime.get("intake")
    except RuntimeError:
        previous = None
    runtime.register(
        "intake",
        Container(
            config=config,
            engine=None,  # type: ignore[arg-type]
            redis=None,  # type: ignore[arg-type]
            clock=clock,
            referrals=repo,
            queue=queue,
            drafts=drafts,
            copies=FakeCopies(),
            api_tokens=None,  # type: ignore[arg-type]
            scoping_links=FakeScopingLinks(),
            scoping_returns=FakeScopingReturns(),
        ),
    )
    try:
        assert jobs.relay_pending_referrals() == 2
        assert jobs.relay_pending_referrals() == 0
        assert jobs.delete_expired_drafts() == 0
        clock.advance(days=29)
        assert jobs.delete_expired_drafts() == 1
    finally:
        if previous is not None:
            runtime.register("intake", previous)
    assert queue.opened == [1, 2]
