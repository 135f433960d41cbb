"""The scheduler wired to the real PostgreSQL and Redis, with its real adapters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from shared import runtime
from shared.config import Config
from tests.integration.scheduler import factories

SERVICE_TOKEN = "integration-service-token"


@pytest.fixture
def scheduler_config(database_url: str, redis_url: str) -> Config:
    return factories.scheduler_config(database_url, redis_url, SERVICE_TOKEN=SERVICE_TOKEN)


@pytest.fixture
def scheduler_app(scheduler_config: Config, engine: Engine, redis_conn: Redis) -> Iterator[Flask]:
    """Built exactly as ``python -m shared.worker scheduler`` builds it (the test's engine
    is the same database, emptied before each test)."""
    app = create_app(scheduler_config, engine=engine)
    app.testing = True
    yield app
    runtime.clear()


@pytest.fixture
def scheduler(scheduler_app: Flask) -> Container:
    c: Container = scheduler_app.extensions["cspr"]
    return c


@pytest.fixture
def console(scheduler_app: Flask) -> FlaskClient:
    return scheduler_app.test_client()
