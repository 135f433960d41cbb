"""Cases of both routes driven from referral to closure on PostgreSQL: each action planned
by the domain and written in one transaction (state, clocks, timeline, audit), and the
periodic re-evaluation emitting each clock reminder once, through Redis."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.scheduler import lifecycle
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import ActionRefused, Actor, InputErrors
from services.scheduler.domain.staff import Role
from services.scheduler.store import lifecycle as store
from services.scheduler.tables import audit_event, case
from shared import runtime
from tests.integration.scheduler.factories import (
    open_case,
    scheduler_config,
    start_scheduler,
    store_referral,
)
from tests.integration.scheduler.rapid_review import (
    RAPID_REVIEW_ACTIONS,
    RAPID_REVIEW_STEPS,
    through_rapid_review,
)

OPS = Actor(Role.OPS, id=1, email="ops@partnership.example")
CHAIR = Actor(Role.CHAIR, id=2, email="chair@partnership.example")
RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(RECEIVED)


@pytest.fixture
def scheduler(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis, clock: Clock
) -> Iterator[Container]:
    c = start_scheduler(scheduler_config(database_url, redis_url), engine)
    c.clock = clock
    yield c
    runtime.clear()


def states(engine: Engine, reference: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(case.c.state).where(case.c.reference == reference)).scalar())


def act(c: Container, reference: str, key: str, actor: Actor = OPS, **inputs: object) -> None:
    lifecycle.take_action(c, reference, key, dict(inputs), actor)


def test_a_serious_incident_from_referral_to_closure(
    scheduler: Container, engine: Engine, redis_conn: Redis, clock: Clock
) -> None:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    clock.on(date(2026, 11, 3))
    act(scheduler, reference, "record_leads_informed", informed_on=date(2026, 11, 3))
    with pytest.raises(ActionRefused, match="Only the chair"):
        act(scheduler, reference, "decide_criteria", OPS, criteria="met")
    with pytest.raises(InputErrors) as problems:
        act(scheduler, reference, "decide_criteria", CHAIR, criteria="met")
    assert "rationale" in problems.value.errors
    clock.on(date(2026, 11, 5))
    act(scheduler, reference, "decide_criteria", CHAIR, criteria="met",
        rationale="Serious harm; neglect suspected.", decided_on=date(2026, 11, 5))  # fmt: skip
    act(scheduler, reference, "record_panel_notification", notified_on=date(2026, 11, 5),
        dfe_reference="SIN-2026-000123")  # fmt: skip
    with engine.connect() as conn:
        row = conn.execute(select(case).where(case.c.reference == reference)).one()
        clocks = {c.key: c for c in store.clocks_of(conn, row.id)}
    assert clocks["notify_panel"].met_on == date(2026, 11, 5)
    meeting = clocks["rapid_review_meeting"]
    assert meeting.window_opens_on is not None and meeting.window_opens_on < meeting.due_on

    clock.on(date(2026, 11, 19))
    with pytest.raises(ActionRefused, match='state "Panel notified" cannot record'):
        act(scheduler, reference, "record_report_sent", sent_on=date(2026, 11, 19))
    through_rapid_review(scheduler, reference, date(2026, 11, 19))
    assert states(engine, reference) == "recommendation_approved"
    clock.on(date(2026, 11, 20))
    act(scheduler, reference, "record_report_sent", sent_on=date(2026, 11, 20))
    act(scheduler, reference, "record_panel_response", response="agrees",
        responded_on=date(2026, 11, 20))  # fmt: skip
    act(scheduler, reference, "record_outcome", CHAIR, outcome="h",
        rationale="Learning already taken forward by each agency.",
        other_options_considered=True,
        decided_on=date(2026, 11, 20))  # fmt: skip
    act(scheduler, reference, "record_agencies_informed", informed_on=date(2026, 11, 20))
    act(scheduler, reference, "close", reason="Outcome shared with every agency.")
    assert states(engine, reference) == "closed"

    with engine.connect() as conn:
        row = conn.execute(select(case).where(case.c.reference == reference)).one()
        entries = store.timeline(conn, row.id)
        changes = (
            conn.execute(select(audit_event.c.detail).where(audit_event.c.action == "case.changed"))
            .scalars()
            .all()
        )
    assert [e.action for e in entries] == [
        "record_leads_informed", "decide_criteria", "record_panel_notification",
        *RAPID_REVIEW_STEPS, "record_report_sent", "record_panel_response", "record_outcome",
        "record_agencies_informed", "close",
    ]  # fmt: skip
    assert entries[1].actor_email == CHAIR.email and "neglect" in entries[1].reason
    assert len(changes) == 8 + len(RAPID_REVIEW_ACTIONS)
    with pytest.raises(ActionRefused):
        act(scheduler, reference, "record_leads_informed", informed_on=date(2026, 11, 20))


def test_practice_learning_waits_for_the_next_scheduled_meeting(
    scheduler: Container, engine: Engine, redis_conn: Redis, clock: Clock
) -> None:
    with engine.begin() as conn:
        store.add_meeting(conn, date(2026, 12, 10), RECEIVED)
    referral = store_referral(engine, form_id="practice-learning", received_at=RECEIVED)
    reference = open_case(redis_conn, referral.id)
    act(scheduler, reference, "queue_for_lfp_meeting")
    with engine.connect() as conn:
        row = conn.execute(select(case).where(case.c.reference == reference)).one()
        consideration = {c.key: c for c in store.clocks_of(conn, row.id)}["lfp_consideration"]
    assert consideration.due_on == date(2026, 12, 10)
    clock.on(date(2026, 12, 10))
    act(scheduler, reference, "record_lfp_decision", CHAIR, meeting_on=date(2026, 12, 10),
        decisions=["training"])  # fmt: skip
    act(scheduler, reference, "close")
    assert states(engine, reference) == "closed"


def test_reminders_are_emitted_once_per_case_clock_and_day(
    scheduler: Container, engine: Engine, redis_conn: Redis, clock: Clock
) -> None:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    Queue("notifier", connection=redis_conn).empty()
    clock.on(date(2026, 11, 3))  # the 1-working-day clock is due today
    first = lifecycle.evaluate_clocks(scheduler)
    again = lifecycle.evaluate_clocks(scheduler)
    assert first.emitted > 0 and again.emitted == 0
    jobs = Queue("notifier", connection=redis_conn).jobs
    assert len(jobs) == first.emitted
    due_today = [j for j in jobs if j.kwargs["kind"] == "due_today"]
    assert [j.kwargs["clock"] for j in due_today] == ["inform_lead_representatives"]
    assert due_today[0].kwargs["case_reference"] == reference
    assert due_today[0].kwargs["label"] == "Chair informs the three lead representatives"
    # the scheduler was down for a week: the missed deadlines are caught up once
    clock.on(date(2026, 11, 12))
    caught = lifecycle.evaluate_clocks(scheduler)
    assert caught.emitted > 0
    assert lifecycle.evaluate_clocks(scheduler).emitted == 0
