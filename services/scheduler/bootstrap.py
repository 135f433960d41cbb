"""All of the scheduler's wiring: its ports connected to real adapters, in one place.

``build_container(config, **overrides)`` lets tests swap any adapter (a fake documents
client, a fixed clock, a SQLite engine) by field name. Nothing connects until first used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine

from services.scheduler.clocks_config import load_local_clocks
from services.scheduler.documents_client import DocumentsClient, HttpDocumentsClient
from services.scheduler.domain.clocks import ClockRules
from services.scheduler.jobqueue import JobQueue, RqJobQueue
from services.scheduler.passwords import Argon2Passwords, Passwords
from services.scheduler.policies import SessionPolicy, ThrottlePolicy
from services.scheduler.templates_client import HttpTemplatesClient, TemplatesClient
from shared.clock import utc_now
from shared.config import Config
from shared.db import make_engine
from shared.workingdays import WorkingDayCalendar


@dataclass
class Container:
    config: Config
    engine: Engine
    redis: Callable[[], Redis]
    calendar: WorkingDayCalendar
    clock_rules: ClockRules
    passwords: Passwords
    documents: DocumentsClient
    #: the partnership's own templates, kept by the documents service
    templates: TemplatesClient
    queue: JobQueue
    clock: Callable[[], datetime]
    session_policy: SessionPolicy
    throttle_policy: ThrottlePolicy


def redis_factory(url: str) -> Callable[[], Redis]:
    made: list[Redis] = []

    def connection() -> Redis:
        if not made:
            made.append(Redis.from_url(url))
        return made[0]

    return connection


def build_container(config: Config, **overrides: Any) -> Container:
    known = {f.name for f in fields(Container)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown scheduler adapter(s): {', '.join(sorted(unknown))}")

    def pick(name: str, default: Callable[[], Any]) -> Any:
        return overrides[name] if name in overrides else default()

    redis = pick("redis", lambda: redis_factory(config["REDIS_URL"]))
    # read at start-up, even when a test replaces both: a bad file must stop the service
    local = load_local_clocks(config)
    closures = [*config.dates("CLOSURE_DAYS"), *sorted(local.closure_days)]
    return Container(
        config=config,
        engine=pick("engine", lambda: make_engine(config["DATABASE_URL"])),
        redis=redis,
        calendar=pick("calendar", lambda: WorkingDayCalendar(closures)),
        clock_rules=pick("clock_rules", lambda: local.rules),
        passwords=pick("passwords", Argon2Passwords),
        documents=pick(
            "documents",
            lambda: HttpDocumentsClient(config["DOCUMENTS_URL"], config["SERVICE_TOKEN"]),
        ),
        templates=pick(
            "templates",
            lambda: HttpTemplatesClient(config["DOCUMENTS_URL"], config["SERVICE_TOKEN"]),
        ),
        queue=pick("queue", lambda: RqJobQueue(redis)),
        clock=pick("clock", lambda: utc_now),
        session_policy=pick("session_policy", lambda: SessionPolicy.from_config(config)),
        throttle_policy=pick("throttle_policy", ThrottlePolicy),
    )
