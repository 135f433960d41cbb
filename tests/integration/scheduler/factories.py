"""Referrals and cases made the way production makes them, for tests that cross a service
boundary: the referral stored by intake's own repository, the case opened by the
scheduler's ``open_case`` job run by a burst RQ worker (its container registered as the
worker process registers it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redis import Redis
from rq import SimpleWorker
from rq.job import JobStatus
from sqlalchemy.engine import Engine

from services.intake.ports import NewReferral, StoredReferral
from services.intake.repository import SqlReferralRepository
from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import london_date
from shared.config import Config, load_config
from shared.forms import samples
from shared.forms.registry import get_form
from shared.queue import enqueue

PREFIX = "GSCP"
#: Thursday 2 April 2026; Good Friday and Easter Monday follow, so the 1-day clock falls
#: due on Tuesday 7 April
RECEIVED_AT = datetime(2026, 4, 2, 10, 30, tzinfo=UTC)
OPEN_CASE = "services.scheduler.jobs.open_case"


def scheduler_config(database_url: str, redis_url: str, **settings: str) -> Config:
    return load_config(
        "scheduler",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SERVICE_TOKEN": "integration-service-token",
            "SECRET_KEY": "integration-secret-key",
            **settings,
        },
    )


def start_scheduler(config: Config, engine: Engine) -> Container:
    """Build the scheduler as ``python -m shared.worker scheduler`` does, so its jobs run
    in this process; ``shared.runtime.clear()`` forgets it."""
    container: Container = create_app(config, engine=engine).extensions["cspr"]
    return container


def store_referral(
    engine: Engine,
    *,
    form_id: str = "serious-incident",
    answers: dict[str, Any] | None = None,
    received_at: datetime = RECEIVED_AT,
    largest: bool = False,
) -> StoredReferral:
    """A referral as intake stores it; sample answers of the form unless ``answers``."""
    form = get_form(form_id)
    if answers is None:
        answers = samples.answers(form, today=london_date(received_at), largest=largest)
    new = NewReferral.of(form, answers)
    return SqlReferralRepository(engine, PREFIX).add(new, received_at=received_at)


def run_scheduler_jobs(redis_conn: Redis) -> None:
    SimpleWorker(["scheduler"], connection=redis_conn).work(burst=True)


def open_case(redis_conn: Redis, referral_id: int) -> str:
    """Run ``open_case`` through Redis and a burst worker; the case's reference."""
    job = enqueue(redis_conn, OPEN_CASE, referral_id=referral_id)
    run_scheduler_jobs(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED, job.latest_result()
    return str(job.return_value())
