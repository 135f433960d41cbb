"""``cspr demo`` through click's CliRunner on PostgreSQL and Redis: a demo case in every
state either route can reach through its actions, the referrals stored by intake, the
follow-up jobs queued, and a second run that adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result
from redis import Redis
from rq import Queue
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.cli import main
from services.intake.tables import referral
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import INITIAL_STATE, CaseState
from services.scheduler.tables import case, case_event, lfp_meeting
from shared import runtime


def reachable(route: Route) -> set[CaseState]:
    """Every state the route's actions can move a new case to."""
    found, todo = {INITIAL_STATE}, [INITIAL_STATE]
    while todo:
        state = todo.pop()
        for action in ACTIONS.values():
            if action.available_in(route, state):
                for after in action.to_states - found:
                    found.add(after)
                    todo.append(after)
    return found


@pytest.fixture
def run(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis
) -> Iterator[Callable[[], Result]]:
    def invoke() -> Result:
        env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "CSPR_ENV": "test"}
        return CliRunner().invoke(main, ["demo"], env=env)

    yield invoke
    runtime.clear()


def counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (referral, case, case_event, lfp_meeting)
        )


def test_demo_covers_every_reachable_state_of_both_routes_once(
    run: Callable[[], Result], engine: Engine, redis_conn: Redis
) -> None:
    first = run()
    assert first.exit_code == 0, first.output
    with engine.connect() as conn:
        rows = conn.execute(select(case.c.reference, case.c.route, case.c.state)).all()
        keys = conn.execute(select(referral.c.submission_key)).scalars().all()
    for route in Route:
        made = {CaseState(r.state) for r in rows if r.route == route.value}
        assert made >= reachable(route), route
    assert {r.reference[:5] for r in rows} == {"DEMO-"}
    assert all(k.startswith("demo:") for k in keys)
    assert (
        len(reachable(Route.SERIOUS_INCIDENT)) == 16
        and len(reachable(Route.PRACTICE_LEARNING)) == 4
    )
    lines = first.stdout.splitlines()
    assert lines[0].split() == ["REFERENCE", "ROUTE", "STATE"]
    assert {line.split()[0] for line in lines[1 : len(rows) + 1]} == {r.reference for r in rows}
    assert f"{len(rows)} new demo case(s), 0 already there." in first.stdout
    # each opened case asked for its document and alerts
    documents = [j.id for j in Queue("documents", connection=redis_conn).jobs]
    assert len([j for j in documents if j.startswith("render-referral-")]) == len(rows)
    # and each case whose requests went out asked for its agencies' letters
    assert any(j.startswith("scoping-letter-") for j in documents)
    # the case whose three lead representatives approved asked for its report and letter
    assert any(j.startswith("panel-letter-DEMO-") for j in documents)
    assert any(j.startswith("rr-report-DEMO-") for j in documents)

    before = counts(engine)
    second = run()
    assert second.exit_code == 0, second.output
    assert counts(engine) == before
    assert f"0 new demo case(s), {len(rows)} already there." in second.stdout
    assert second.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
