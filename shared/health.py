"""``/healthz`` (the process is alive) and ``/readyz`` (its real dependencies answer)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

Check = Callable[[], None]


def health_blueprint(service: str, checks: Mapping[str, Check]) -> Blueprint:
    bp = Blueprint("health", __name__)

    @bp.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return jsonify(service=service, status="ok")

    @bp.get("/readyz")
    def readyz() -> ResponseReturnValue:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as exc:  # a failing dependency is reported, never raised
                log.warning("readiness check %s failed: %s", name, type(exc).__name__)
                results[name] = f"failing: {type(exc).__name__}"
        ready = all(v == "ok" for v in results.values())
        body = jsonify(service=service, status="ready" if ready else "not ready", checks=results)
        return body, 200 if ready else 503

    return bp


def database_check(engine: Engine) -> Check:

    def check() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    return check


def redis_check(connection: Redis) -> Check:
    def check() -> None:
        connection.ping()

    return check
