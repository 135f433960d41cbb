"""A referral through the real web app into PostgreSQL and Redis (no fakes)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy.engine import Engine

from services.intake.app import create_app, jobs
from services.intake.readmodel import SERIOUS_INCIDENT_KEYS, fetch_referral
from shared.config import Config
from shared.queue import enqueue
from tests.integration.intake.helpers import referral_form, stored_rows, submit


def scheduler_jobs(redis_conn: Redis) -> list[str]:
    return sorted(Queue("scheduler", connection=redis_conn).job_ids)


def test_a_referral_is_stored_and_handed_to_the_scheduler(
    intake_app: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference = submit(intake_app.test_client(), referral_form())
    (row,) = stored_rows(engine)
    assert row.reference == reference
    assert reference.startswith("ITEST-") and reference.endswith("-0001")
    assert row.kind == "serious_incident"
    assert row.received_at.tzinfo is not None
    assert row.handed_off_at is not None
    with engine.connect() as conn:
        snapshot = fetch_referral(conn, row.id)
    assert snapshot is not None
    assert tuple(snapshot.answers) == SERIOUS_INCIDENT_KEYS
    assert snapshot.answers["child_date_of_birth"] == "2019-03-14"

    assert scheduler_jobs(redis_conn) == [f"open-case-{row.id}"]
    job = Job.fetch(f"open-case-{row.id}", connection=redis_conn)
    assert job.func_name == "services.scheduler.jobs.open_case"
    assert job.kwargs == {"referral_id": row.id}
    assert job.origin == "scheduler"


def test_redis_down_then_the_relay_hands_off(
    intake_config: Callable[..., Config],
    closed_redis_url: str,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    down = create_app(intake_config(REDIS_URL=closed_redis_url), engine=engine)
    references = [submit(down.test_client(), referral_form()) for _ in range(2)]
    assert [r[-4:] for r in references] == ["0001", "0002"]
    rows = stored_rows(engine)
    assert [row.reference for row in rows] == references
    assert all(row.handed_off_at is None for row in rows)
    assert scheduler_jobs(redis_conn) == []

    # Redis is back: the worker process builds the app with the reachable Redis.
    create_app(intake_config(), engine=engine)
    assert jobs.relay_pending_referrals() == 2
    rows = stored_rows(engine)
    assert all(row.handed_off_at is not None for row in rows)
    assert scheduler_jobs(redis_conn) == sorted(f"open-case-{row.id}" for row in rows)

    # Running the relay again finds nothing to do and enqueues nothing new.
    assert jobs.relay_pending_referrals() == 0
    assert Queue("scheduler", connection=redis_conn).count == 2


def test_the_relay_runs_as_an_rq_job_on_the_intake_queue(
    intake_config: Callable[..., Config],
    closed_redis_url: str,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    submit(
        create_app(intake_config(REDIS_URL=closed_redis_url), engine=engine).test_client(),
        referral_form(),
    )
    create_app(intake_config(), engine=engine)
    for _ in range(2):  # the cron scheduler may fire it again: the second run is a no-op
        relay = enqueue(redis_conn, "services.intake.jobs.relay_pending_referrals")
        SimpleWorker([Queue("intake", connection=redis_conn)], connection=redis_conn).work(
            burst=True
        )
        relay.refresh()
        assert relay.is_finished, relay.latest_result()
    (row,) = stored_rows(engine)
    assert row.handed_off_at is not None
    assert scheduler_jobs(redis_conn) == [f"open-case-{row.id}"]


def test_readiness_reports_database_and_redis(
    intake_config: Callable[..., Config],
    closed_redis_url: str,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    ready = create_app(intake_config(), engine=engine).test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"] == {"database": "ok", "redis": "ok"}
    down = create_app(intake_config(REDIS_URL=closed_redis_url), engine=engine)
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"].startswith("failing")
    assert response.get_json()["checks"]["database"] == "ok"
