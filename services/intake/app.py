"""The intake web app (public referral forms); its RQ worker builds the same app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from services.intake import (
    scoping_views,
    views_finish,  # noqa: F401 - registers the end-of-journey pages
)
from services.intake.api import api_blueprint
from services.intake.bootstrap import build_container
from services.intake.scoping import ReturnLocked
from services.intake.views import RESERVED, SERVICE_NAME, bp
from shared import runtime
from shared.config import Config, load_config
from shared.forms.registry import FORMS
from shared.govuk_dates import weekday_date
from shared.health import database_check, health_blueprint, redis_check
from shared.logsafe import configure_logging
from shared.web import configure_web


def _check_page_ids() -> None:
    for form in FORMS.values():
        reserved = scoping_views.RESERVED if form.id == "scoping" else RESERVED
        clash = reserved & {page.id for page in form.pages}
        if clash:
            raise RuntimeError(f"form {form.id}: page ids {sorted(clash)} are journey steps")


def create_app(config: Config | None = None, **overrides: Any) -> Flask:
    config = config or load_config("intake")
    configure_logging("intake", config["LOG_LEVEL"])
    _check_page_ids()
    container = build_container(config, **overrides)
    runtime.register("intake", container)

    app = Flask(__name__)
    configure_web(app, config)
    # a timedelta (Flask takes either): the pages say "{{ ...LIFETIME.days }} days"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        days=config.integer("DRAFT_RETENTION_DAYS")
    )
    app.extensions["cspr"] = container
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.register_blueprint(bp)
    app.register_blueprint(scoping_views.bp)
    app.register_error_handler(ReturnLocked, scoping_views.locked)
    app.jinja_env.filters["weekday_date"] = weekday_date
    app.register_blueprint(api_blueprint())
    app.register_blueprint(
        health_blueprint(
            "intake",
            {
                "database": database_check(container.engine),
                "redis": redis_check(container.redis()),
            },
        )
    )
    return app
