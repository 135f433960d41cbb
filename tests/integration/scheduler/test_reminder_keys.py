"""Clock reminders kept on PostgreSQL under their unique key: of two runs at once, each key
goes back to exactly one (only that run asks for the email). No Redis needed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from services.scheduler.store import lifecycle as store
from services.scheduler.tables import case, clock_reminder

AT = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
CASES = 60


def make_cases(engine: Engine) -> list[int]:
    with engine.begin() as conn:
        conn.execute(
            insert(case),
            [
                {
                    "reference": f"TEST-{n:05d}",
                    "referral_id": n,
                    "route": "serious_incident",
                    "state": "open",
                    "received_at": AT,
                    "received_on": AT.date(),
                    "opened_at": AT,
                }
                for n in range(1, CASES + 1)
            ],
        )
        return list(conn.execute(select(case.c.id).order_by(case.c.id)).scalars())


def all_keys(ids: list[int]) -> list[store.ReminderKey]:
    """More than one old chunk's worth, over several clocks, kinds and days."""
    return [
        (i, clock, kind, date(2026, 11, 3) + timedelta(days=d))
        for i in ids
        for clock in ("inform_lead_representatives", "decide_criteria")
        for kind in ("due_soon", "due_today", "overdue")
        for d in range(4)
    ]


def run_twice_at_once(
    engine: Engine, first: list[store.ReminderKey], second: list[store.ReminderKey], hold: float
) -> tuple[set[store.ReminderKey], set[store.ReminderKey]]:
    """Two runs, each in its own transaction, started together; each holds its transaction
    open ``hold`` seconds after inserting, so the other meets its uncommitted rows."""
    start = threading.Barrier(2)
    kept: dict[int, set[store.ReminderKey]] = {}
    failed: list[BaseException] = []

    def run(n: int, keys: list[store.ReminderKey]) -> Callable[[], None]:
        def work() -> None:
            try:
                with engine.begin() as conn:
                    start.wait(timeout=10)
                    kept[n] = store.record_reminders(conn, keys, AT)
                    time.sleep(hold)
            except BaseException as e:  # reported to the test below
                failed.append(e)

        return work

    threads = [threading.Thread(target=run(n, k)) for n, k in ((1, first), (2, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failed, failed
    return kept[1], kept[2]


def test_two_runs_at_once_keep_each_reminder_for_exactly_one(engine: Engine) -> None:
    keys = all_keys(make_cases(engine))
    assert len(keys) > store.REMINDER_CHUNK
    for attempt, hold in enumerate((0.0, 0.3)):
        with engine.begin() as conn:
            conn.execute(clock_reminder.delete())
        # the second run sees the keys in another order (and one twice): no deadlock
        one, two = run_twice_at_once(engine, keys, [*reversed(keys), keys[0]], hold)
        assert one.isdisjoint(two), attempt
        assert one | two == set(keys), attempt
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(clock_reminder)).scalar()
        assert stored == len(keys)


def test_a_later_run_gets_back_only_the_keys_it_kept(engine: Engine) -> None:
    keys = all_keys(make_cases(engine))
    with engine.begin() as conn:
        assert store.record_reminders(conn, keys[:100], AT) == set(keys[:100])
    with engine.begin() as conn:
        assert store.record_reminders(conn, keys, AT) == set(keys[100:])
    with engine.begin() as conn:
        assert store.record_reminders(conn, keys, AT) == set()
        assert store.record_reminders(conn, [], AT) == set()
    with engine.connect() as conn:
        row = conn.execute(select(clock_reminder).order_by(clock_reminder.c.id)).first()
    assert row is not None and row.emitted_at == AT
