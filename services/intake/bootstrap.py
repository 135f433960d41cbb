"""All of intake's wiring in one place: the container of adapters, real by default.

``build_container(config, **overrides)`` lets a test replace any adapter by name (a fake
repository, a fixed clock); adapters built from an overridden one use the override.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.engine import Engine

from services.intake.copies import HttpReferralCopies
from services.intake.draft_store import SqlDraftRepository
from services.intake.drafts import DraftRepository
from services.intake.handoff_queue import RedisCaseQueue, RedisFactory, redis_factory
from services.intake.ports import CaseQueue, Clock, ReferralCopies, ReferralRepository
from services.intake.references import check_prefix
from services.intake.repository import SqlReferralRepository
from services.intake.scoping import ScopingLinks, ScopingReturns
from services.intake.scoping_store import SqlScopingLinks, SqlScopingReturns
from services.intake.tokens import ApiTokenStore, SqlApiTokenStore
from shared.clock import utc_now
from shared.config import Config, ConfigError
from shared.db import make_engine


@dataclass
class Container:
    config: Config
    engine: Engine
    redis: RedisFactory
    clock: Clock
    referrals: ReferralRepository
    queue: CaseQueue
    drafts: DraftRepository
    copies: ReferralCopies
    api_tokens: ApiTokenStore
    scoping_links: ScopingLinks
    scoping_returns: ScopingReturns


def build_container(config: Config, **overrides: Any) -> Container:
    known = {f.name for f in fields(Container)} - {"config"}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown intake adapter(s): {', '.join(sorted(unknown))}")
    try:
        prefix = check_prefix(config["REFERENCE_PREFIX"])
    except ValueError as exc:
        raise ConfigError(f"REFERENCE_PREFIX: {exc}") from exc
    engine = overrides["engine"] if "engine" in overrides else make_engine(config["DATABASE_URL"])
    redis = overrides.get("redis") or redis_factory(config["REDIS_URL"])
    return Container(
        config=config,
        engine=engine,
        redis=redis,
        clock=overrides.get("clock") or utc_now,
        referrals=overrides.get("referrals") or SqlReferralRepository(engine, prefix),
        queue=overrides.get("queue") or RedisCaseQueue(redis),
        drafts=overrides.get("drafts") or SqlDraftRepository(engine),
        copies=overrides.get("copies")
        or HttpReferralCopies(config["DOCUMENTS_URL"], config["SERVICE_TOKEN"]),
        api_tokens=overrides.get("api_tokens") or SqlApiTokenStore(engine),
        scoping_links=overrides.get("scoping_links") or SqlScopingLinks(engine),
        scoping_returns=overrides.get("scoping_returns") or SqlScopingReturns(engine),
    )
