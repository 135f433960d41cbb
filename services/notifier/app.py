"""The notifier's web process: health endpoints and GOV.UK Notify's delivery receipts (its
work happens in the RQ worker)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.notifier import callbacks
from services.notifier.bootstrap import build_container
from shared import runtime
from shared.config import Config, load_config
from shared.health import Check, database_check, health_blueprint, redis_check
from shared.logsafe import configure_logging
from shared.web import configure_web


def mailer_check(mailer: object) -> Check:
    def check() -> None:
        # a fake mailer (tests) has no relay to ask
        probe = getattr(mailer, "check", None)
        if probe is not None:
            probe()

    return check


def create_app(config: Config | None = None, **overrides: Any) -> Flask:
    config = config or load_config("notifier")
    configure_logging("notifier", config["LOG_LEVEL"])
    container = build_container(config, **overrides)
    runtime.register("notifier", container)
    app = Flask(__name__)
    configure_web(app, config)
    app.extensions["cspr"] = container
    app.register_blueprint(
        health_blueprint(
            "notifier",
            {
                "database": database_check(container.engine),
                "redis": redis_check(container.redis),
                # named after the back-end: "smtp" or "notify"
                container.mailer.name: mailer_check(container.mailer),
            },
        )
    )
    app.register_blueprint(callbacks.bp)
    return app
