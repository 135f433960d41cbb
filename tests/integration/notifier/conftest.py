"""The notifier wired to the real PostgreSQL, Redis and the in-process SMTP server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from redis import Redis
from sqlalchemy.engine import Engine

from services.notifier.app import create_app
from shared import runtime
from shared.config import load_config
from tests.fixtures.smtp import SmtpServer

OPS = "ops-team@partnership.example"
CHAIR = "lfp-chair@partnership.example"
CONSOLE = "https://console.partnership.example"
INTAKE = "https://referrals.partnership.example"

MakeApp = Callable[..., Flask]


@pytest.fixture
def make_notifier(
    engine: Engine,
    database_url: str,
    redis_url: str,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> Iterator[MakeApp]:
    """``make_notifier(SMTP_PORT="...")`` builds the notifier as its worker would."""

    def make(**settings: str) -> Flask:
        config = load_config(
            "notifier",
            {
                "CSPR_ENV": "test",
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "SMTP_HOST": smtp_outbox.host,
                "SMTP_PORT": str(smtp_outbox.port),
                "OPS_EMAIL": OPS,
                "CHAIR_EMAIL": CHAIR,
                "MAIL_FROM": "cspr@partnership.example",
                "CONSOLE_URL": CONSOLE,
                "INTAKE_URL": INTAKE,
                **settings,
            },
        )
        return create_app(config, engine=engine, redis=redis_conn)

    yield make
    runtime.clear()
