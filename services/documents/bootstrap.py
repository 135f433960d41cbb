"""All the documents service's wiring in one place: real adapters, or fakes as overrides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine

from services.documents.announce import RqAnnouncer, RqScopingMailer
from services.documents.branding import Branding
from services.documents.cases import SqlCaseReader, SqlReportReader, SqlScopingRequests
from services.documents.failure_records import SqlFailures
from services.documents.pack_ports import PackBuilds, PackSource
from services.documents.pack_records import SqlPackBuilds
from services.documents.pack_sources import SqlPackSource
from services.documents.pool import RedisLocks, UnoserverPool, parse_pool
from services.documents.ports import (
    Announcer,
    CaseReader,
    Converter,
    DocumentRecords,
    DocumentStore,
    FailureLog,
    ReportReader,
    ScopingMailer,
    ScopingRequests,
)
from services.documents.records import SqlDocuments
from services.documents.s3store import MinioStore, S3Settings
from services.documents.template_checks import UPLOAD_CONVERSION_SECONDS
from services.documents.template_ports import TemplateLibrary
from services.documents.template_source import Templates
from services.documents.template_store import SqlTemplates
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
    #: the same pool for an uploaded template's test conversion, with less time: the
    #: administrator is waiting for the page
    upload_converter: Converter
    records: DocumentRecords
    cases: CaseReader
    announcer: Announcer
    scoping_requests: ScopingRequests
    scoping_mailer: ScopingMailer
    reports: ReportReader
    pack_source: PackSource
    pack_builds: PackBuilds
    failures: FailureLog
    #: the partnership's name, logo, address, contact details and footer (read at start-up)
    branding: Branding
    #: the administrators' own templates: their versions and which is in use
    template_library: TemplateLibrary
    #: which template makes each document, resolved each time one is made
    templates: Templates
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
    "pack_source",
    "pack_builds",
    "failures",
    "template_library",
    "clock",
}


def conversion_pool(config: Config, redis: Redis, most: float | None = None) -> UnoserverPool:
    """The pool, each conversion given CONVERSION_TIMEOUT seconds (or ``most``, if less)."""
    timeout = float(config["CONVERSION_TIMEOUT"])
    return UnoserverPool(
        parse_pool(config["UNOSERVER_POOL"]),
        RedisLocks(redis),
        timeout=timeout if most is None else min(timeout, most),
    )


def build_container(config: Config, **overrides: Any) -> Container:
    unknown = set(overrides) - _FIELDS
    if unknown:
        raise TypeError(f"unknown documents override(s): {', '.join(sorted(unknown))}")
    engine = overrides.get("engine") or make_engine(config["DATABASE_URL"])
    redis = overrides.get("redis") or Redis.from_url(config["REDIS_URL"])
    # read at start-up: a logo that cannot be used stops the service, naming the setting
    branding = Branding.from_config(config)
    store = overrides.get("store") or MinioStore(S3Settings.from_config(config))
    library = overrides.get("template_library") or SqlTemplates(engine, store)
    return Container(
        config=config,
        engine=engine,
        redis=redis,
        store=store,
        converter=overrides.get("converter") or conversion_pool(config, redis),
        upload_converter=overrides.get("converter")
        or conversion_pool(config, redis, most=UPLOAD_CONVERSION_SECONDS),
        records=overrides.get("records") or SqlDocuments(engine),
        cases=overrides.get("cases") or SqlCaseReader(engine),
        announcer=overrides.get("announcer") or RqAnnouncer(redis),
        scoping_requests=overrides.get("scoping_requests") or SqlScopingRequests(engine),
        scoping_mailer=overrides.get("scoping_mailer") or RqScopingMailer(redis),
        reports=overrides.get("reports") or SqlReportReader(engine),
        pack_source=overrides.get("pack_source") or SqlPackSource(engine),
        pack_builds=overrides.get("pack_builds") or SqlPackBuilds(engine),
        failures=overrides.get("failures") or SqlFailures(engine),
        branding=branding,
        template_library=library,
        templates=Templates(branding, library),
        clock=overrides.get("clock") or utc_now,
    )
