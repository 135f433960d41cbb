from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from shared import runtime
from shared.config import load_config
from tests.unit.scheduler.fakes import FakeRedis


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").json == {"service": "scheduler", "status": "ok"}


def test_readyz_checks_the_database_and_redis(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "redis": "ok"}  # type: ignore[index]


def test_readyz_reports_redis_down(app: Flask, container: Container) -> None:
    container.redis = lambda: FakeRedis(up=False)  # type: ignore[assignment,return-value]
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["redis"] == "failing: ConnectionError"  # type: ignore[index]


def test_create_app_registers_its_container_for_the_jobs(app: Flask) -> None:
    assert runtime.get("scheduler") is app.extensions["cspr"]


def test_create_app_connects_to_nothing_until_asked(tmp_path: Path) -> None:
    database = tmp_path / "never-opened.db"
    config = load_config(
        "scheduler",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
    )
    try:
        app = create_app(config)
        assert app.extensions["cspr"].documents.base_url == "http://127.0.0.1:8003"
        assert not database.exists()
    finally:
        runtime.clear()


def test_unknown_overrides_are_refused() -> None:
    with pytest.raises(TypeError, match="unknown scheduler adapter"):
        create_app(load_config("scheduler", {"CSPR_ENV": "test"}), mailer=object())
