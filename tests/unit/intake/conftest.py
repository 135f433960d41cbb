from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.intake.app import create_app
from shared.config import Config, load_config
from tests.unit.intake.fakes import (
    FakeCopies,
    FakeDrafts,
    FakeQueue,
    FakeReferrals,
    FixedClock,
)


@pytest.fixture
def config() -> Config:
    # No I/O: the engine and Redis client are built but never used (fakes replace them).
    return load_config(
        "intake",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite://",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "REFERENCE_PREFIX": "TEST",
        },
    )


@pytest.fixture
def referrals() -> FakeReferrals:
    return FakeReferrals(prefix="TEST")


@pytest.fixture
def queue() -> FakeQueue:
    return FakeQueue()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


@pytest.fixture
def drafts() -> FakeDrafts:
    return FakeDrafts()


@pytest.fixture
def copies() -> FakeCopies:
    return FakeCopies()


@pytest.fixture
def app(
    config: Config,
    referrals: FakeReferrals,
    queue: FakeQueue,
    clock: FixedClock,
    drafts: FakeDrafts,
    copies: FakeCopies,
) -> Iterator[Flask]:
    yield create_app(
        config, referrals=referrals, queue=queue, clock=clock, drafts=drafts, copies=copies
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
