"""The documents service's web process: the internal file API and health endpoints.
Documents are made by its RQ worker (``jobs.render_referral``), built by the same factory."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.documents.api import bp as api_blueprint
from services.documents.bootstrap import build_container
from services.documents.template_api import bp as template_api_blueprint
from shared import runtime
from shared.config import Config, load_config
from shared.health import database_check, health_blueprint, redis_check
from shared.logsafe import configure_logging
from shared.web import configure_web, csrf


def create_app(config: Config | None = None, **overrides: Any) -> Flask:
    config = config or load_config("documents")
    configure_logging("documents", config["LOG_LEVEL"])
    container = build_container(config, **overrides)
    runtime.register("documents", container)
    app = Flask(__name__)
    configure_web(app, config)
    app.extensions["cspr"] = container
    # bearer-token API for services, no session cookie: CSRF protection does not apply
    csrf.exempt(api_blueprint)
    csrf.exempt(template_api_blueprint)
    app.register_blueprint(api_blueprint)
    app.register_blueprint(template_api_blueprint)
    app.register_blueprint(
        health_blueprint(
            "documents",
            {
                "database": database_check(container.engine),
                "redis": redis_check(container.redis),
                "object_store": container.store.check,
                "unoserver": container.converter.check,
            },
        )
    )
    return app
