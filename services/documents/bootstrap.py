"""All the documents service's wiring in one place: real adapters, or fakes as overrides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine

from services.documents.announce import RqAnnouncer, RqScopingMailer
from services.documents.cases import SqlCaseReader, SqlReportReader, SqlScopingRequests
from services.documents.pool import RedisLocks, UnoserverPool, parse_pool
from services.documents.ports import (
    Announcer,
    CaseReader,
    Converter,
    DocumentRecords,
    DocumentStore,
    ReportReader,
    ScopingMailer,
    ScopingRequests,
)
from services.documents.records import SqlDocuments
from services.documents.s3store import MinioStore, S3Settings
from shared.clock import utc_now
from shared.config import Config
from shared.db import make_engine


@dataclass
class Container:
    config: Config
    engine: Engine
    redis: Redis
    store: DocumentStore
    converter: Converter
    records: DocumentRecords
    cases: CaseReader
    announcer: Announcer
    scoping_requests: ScopingRequests
    scoping_mailer: ScopingMailer
    reports: ReportReader
    clock: Callable[[], datetime]


_FIELDS = {
    "engine",
    "redis",
    "store",
    "converter",
    "records",
    "cases",
    "announcer",
    "scoping_requests",
    "scoping_mailer",
    "reports",
    "clock",
}


def conversion_pool(config: Config, redis: Redis) -> UnoserverPool:
    return UnoserverPool(
        parse_pool(config["UNOSERVER_POOL"]),
        RedisLocks(redis),
        timeout=float(config["CONVERSION_TIMEOUT"]),
    )


def build_container(config: Config, **overrides: Any) -> Container:
    unknown = set(overrides) - _FIELDS
    if unknown:
        raise TypeError(f"unknown documents override(s): {', '.join(sorted(unknown))}")
    engine = overrides.get("engine") or make_engine(config["DATABASE_URL"])
    redis = overrides.get("redis") or Redis.from_url(config["REDIS_URL"])
    return Container(
        config=config,
        engine=engine,
        redis=redis,
        store=overrides.get("store") or MinioStore(S3Settings.from_config(config)),
        converter=overrides.get("converter") or conversion_pool(config, redis),
        records=overrides.get("records") or SqlDocuments(engine),
        cases=overrides.get("cases") or SqlCaseReader(engine),
        announcer=overrides.get("announcer") or RqAnnouncer(redis),
        scoping_requests=overrides.get("scoping_requests") or SqlScopingRequests(engine),
        scoping_mailer=overrides.get("scoping_mailer") or RqScopingMailer(redis),
        reports=overrides.get("reports") or SqlReportReader(engine),
        clock=overrides.get("clock") or utc_now,
    )
