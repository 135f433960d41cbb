from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy.engine import Engine

from devstack.procs import free_port
from services.intake.app import create_app
from shared.config import Config, load_config

PREFIX = "ITEST"


@pytest.fixture
def intake_config(database_url: str, redis_url: str) -> Callable[..., Config]:
    def make(**values: str) -> Config:
        return load_config(
            "intake",
            {
                "CSPR_ENV": "test",
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "REFERENCE_PREFIX": PREFIX,
                **values,
            },
        )

    return make


@pytest.fixture
def closed_redis_url() -> str:
    """A Redis URL where nothing listens: Redis is down."""
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def intake_app(intake_config: Callable[..., Config], engine: Engine, redis_conn: object) -> Flask:
    return create_app(intake_config(), engine=engine)
