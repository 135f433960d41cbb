"""The notifier wired to the real PostgreSQL, Redis and the in-process SMTP server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from devstack.procs import free_port
from services.notifier.app import create_app
from shared import runtime
from shared.config import load_config
from tests.fixtures.fake_notify import FakeNotify
from tests.fixtures.fake_notify import running as running_notify
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.factories import add_referral
from tests.integration.scheduler.factories import open_case, scheduler_config, start_scheduler

OPS = "ops-team@partnership.example"
CHAIR = "lfp-chair@partnership.example"
CONSOLE = "https://console.partnership.example"
INTAKE = "https://referrals.partnership.example"

MakeApp = Callable[..., Flask]
OpenCase = Callable[..., str]


@pytest.fixture
def make_notifier(
    engine: Engine,
    database_url: str,
    redis_url: str,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
) -> Iterator[MakeApp]:
    """``make_notifier(SMTP_PORT="...")`` builds the notifier as its worker would;
    ``clock=`` fixes the time its jobs see."""

    def make(*, clock: Callable[[], datetime] | None = None, **settings: str) -> Flask:
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
        overrides = {"clock": clock} if clock is not None else {}
        return create_app(config, engine=engine, redis=redis_conn, **overrides)

    yield make
    runtime.clear()


@pytest.fixture
def open_referral_case(
    engine: Engine, database_url: str, redis_url: str, redis_conn: Redis
) -> Iterator[OpenCase]:
    """``open_referral_case(route=...)``: a referral stored by intake's repository, its case
    opened by the scheduler's own open_case job through Redis and a burst worker; returns
    the reference. The notifier jobs open_case asks for are dropped, so each test runs the
    one job it is about."""
    start_scheduler(scheduler_config(database_url, redis_url), engine)

    def open_(
        *,
        route: str = "serious_incident",
        received_at: datetime = datetime(2026, 11, 20, 10, tzinfo=UTC),
    ) -> str:
        stored = add_referral(engine, kind=route, received_at=received_at)
        reference = open_case(redis_conn, stored.id)
        Queue("notifier", connection=redis_conn).empty()
        return reference

    yield open_
    runtime.clear()


@pytest.fixture(scope="session")
def notify_server() -> Iterator[FakeNotify]:
    yield from running_notify()


@pytest.fixture
def fake_notify(notify_server: FakeNotify) -> FakeNotify:
    """The session's local GOV.UK Notify, emptied before this test."""
    notify_server.reset()
    return notify_server


def notify_settings(notify: FakeNotify, **more: str) -> dict[str, str]:
    """The notifier's settings for sending through ``notify``."""
    return {
        "MAIL_BACKEND": "notify",
        "NOTIFY_API_KEY": notify.api_key,
        "NOTIFY_TEMPLATE_ID": notify.template_id,
        "NOTIFY_BASE_URL": notify.base_url,
        **more,
    }


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` over real HTTP on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
