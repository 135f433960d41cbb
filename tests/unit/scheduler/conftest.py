"""Scheduler unit-test wiring: a migrated SQLite file per test and fakes for every port."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from shared import migrate, runtime
from shared.config import Config, load_config
from shared.db import make_engine
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.fakes import (
    FakeDocumentsClient,
    FakeQueue,
    FakeRedis,
    FixedClock,
    clock_at,
    fast_passwords,
)
from tests.unit.scheduler.template_fakes import FakeTemplatesClient
from tests.unit.scheduler.web_helpers import sign_in

SERVICE_TOKEN = "unit-test-service-token"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scheduler-db") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    # fold the write-ahead log into the file so a plain copy is a complete database
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def sqlite_url(migrated_sqlite: Path, tmp_path: Path) -> str:
    path = tmp_path / "scheduler.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def config(sqlite_url: str) -> Config:
    return load_config(
        "scheduler",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": sqlite_url,
            "SERVICE_TOKEN": SERVICE_TOKEN,
            "SECRET_KEY": "unit-test-secret-key",
            "CLOSURE_DAYS": "2026-12-29",
        },
    )


@pytest.fixture
def clock() -> FixedClock:
    # Thursday 9 April 2026, 10:00 in London (BST)
    return clock_at("2026-04-09T10:00:00+01:00")


@pytest.fixture
def documents() -> FakeDocumentsClient:
    return FakeDocumentsClient()


@pytest.fixture
def queue() -> FakeQueue:
    return FakeQueue()


@pytest.fixture
def templates() -> FakeTemplatesClient:
    return FakeTemplatesClient()


@pytest.fixture
def app(
    config: Config,
    sqlite_engine: Engine,
    clock: FixedClock,
    documents: FakeDocumentsClient,
    queue: FakeQueue,
    templates: FakeTemplatesClient,
) -> Iterator[Flask]:
    app = create_app(
        config,
        engine=sqlite_engine,
        clock=clock,
        documents=documents,
        templates=templates,
        queue=queue,
        passwords=fast_passwords(),
        redis=lambda: FakeRedis(),
    )
    app.testing = True
    yield app
    runtime.clear()


@pytest.fixture
def container(app: Flask) -> Container:
    c: Container = app.extensions["cspr"]
    return c


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def staff_client(client: FlaskClient, container: Container) -> FlaskClient:
    user = add_staff(container)
    response = sign_in(client, user.email)
    assert response.status_code == 302
    return client
