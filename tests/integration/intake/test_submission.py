"""Referrals through the real web pages into PostgreSQL and Redis (no fakes): the largest
answers the checks accept, drafts kept on PostgreSQL, and the hand-off when Redis is down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.intake import jobs
from services.intake.app import create_app
from services.intake.readmodel import fetch_referral
from services.intake.tables import draft
from shared.config import Config
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS, get_form
from shared.forms.samples import answers
from shared.queue import enqueue
from tests.integration.intake.helpers import stored_rows
from tests.support.journey import error_texts, post, submit

TODAY = date.today()
SI = get_form("serious-incident")


def scheduler_jobs(redis_conn: Redis) -> list[str]:
    return sorted(Queue("scheduler", connection=redis_conn).job_ids)


@pytest.mark.parametrize("form", [FORMS[f] for f in REFERRAL_FORMS], ids=REFERRAL_FORMS)
def test_the_largest_referral_is_stored_whole_and_handed_off(
    intake_app: Flask, engine: Engine, redis_conn: Redis, form: Form
) -> None:
    largest = answers(form, today=TODAY, largest=True)
    reference = submit(intake_app.test_client(), form, largest)
    (row,) = stored_rows(engine)
    assert row.reference == reference and reference.startswith("ITEST-")
    assert (row.kind, row.form_id, row.form_version, row.source) == (
        form.route, form.id, form.version, "web",
    )  # fmt: skip
    assert row.received_at.tzinfo is not None
    with engine.connect() as conn:
        snapshot = fetch_referral(conn, row.id)
        drafts = list(conn.execute(select(draft)))
    assert snapshot is not None and snapshot.answers == largest
    # the draft is locked to the referral and holds no copy of the answers
    assert [(d.referral_id, d.answers, d.pending) for d in drafts] == [(row.id, {}, {})]
    assert scheduler_jobs(redis_conn) == [f"open-case-{row.id}"]
    job = Job.fetch(f"open-case-{row.id}", connection=redis_conn)
    assert (job.func_name, job.kwargs, job.origin) == (
        "services.scheduler.jobs.open_case", {"referral_id": row.id}, "scheduler",
    )  # fmt: skip


def test_invalid_answers_are_refused_and_kept_on_postgresql(
    intake_app: Flask, engine: Engine
) -> None:
    client = intake_app.test_client()
    typed = {"child_name": "Jo\x00 " + "x" * 300, "child_date_of_birth": ["30", "2", "2019"]}
    response = post(client, "/referrals/serious-incident/child", typed)
    assert error_texts(response) == [
        "Child's name must be 200 characters or fewer",
        "Child's date of birth must be a real date",
    ]
    with engine.connect() as conn:
        (kept,) = conn.execute(select(draft.c.pending)).scalars()
    assert kept["child"]["child_date_of_birth"] == ["30", "2", "2019"]
    assert stored_rows(engine) == []


def test_redis_down_then_the_relay_hands_off(
    intake_config: Callable[..., Config],
    closed_redis_url: str,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    down = create_app(intake_config(REDIS_URL=closed_redis_url), engine=engine)
    sample = answers(SI, today=TODAY)
    references = [submit(down.test_client(), SI, sample) for _ in range(2)]
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
    assert jobs.relay_pending_referrals() == 0
    assert Queue("scheduler", connection=redis_conn).count == 2


def test_the_relay_runs_as_an_rq_job_on_the_intake_queue(
    intake_config: Callable[..., Config],
    closed_redis_url: str,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    down = create_app(intake_config(REDIS_URL=closed_redis_url), engine=engine)
    submit(down.test_client(), SI, answers(SI, today=TODAY))
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
