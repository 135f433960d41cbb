"""The scheduler's application factory: ops console, JSON API, health, and job wiring."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.scheduler.bootstrap import Container, build_container
from services.scheduler.domain.agencies import kind_label
from services.scheduler.domain.staff import partner_label
from services.scheduler.web import (
    access,
    actions,
    agencies,
    api,
    api_agencies,
    api_rapid_review,
    api_v1,
    approval_link,
    audit,
    auth,
    console,
    directory,
    email_wording,
    meetings,
    messages,
    pack_views,
    report,
    rr_meeting,
    templates_admin,
    working_days,
)
from services.scheduler.web.presenters import file_size, govuk_date
from services.scheduler.web.session import current_staff
from shared import runtime
from shared.config import Config, load_config
from shared.health import database_check, health_blueprint, redis_check
from shared.logsafe import configure_logging
from shared.web import configure_web

SERVICE_NAME = "Learning from practice – case management"  # noqa: RUF001 - the en dash is intended


def create_app(config: Config | None = None, **overrides: Any) -> Flask:
    """Build the scheduler; ``overrides`` replace container adapters by field name."""
    config = config or load_config("scheduler")
    configure_logging("scheduler", config["LOG_LEVEL"])
    container = build_container(config, **overrides)
    runtime.register("scheduler", container)

    app = Flask(__name__)
    configure_web(app, config)
    app.extensions["cspr"] = container
    app.jinja_env.filters["govuk_date"] = govuk_date
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["agency_kind"] = kind_label
    app.jinja_env.filters["partner_name"] = lambda p: partner_label(
        p, health_label=config["HEALTH_PARTNER_LABEL"]
    )

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "service_name": SERVICE_NAME,
            "current_staff": current_staff,
            "may": access.may,
            "describe_staff": access.describe,
        }

    # after CSRF (configure_web), before any view: sign-in and the route's roles
    app.before_request(access.check_access)
    app.register_blueprint(auth.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(actions.bp)
    app.register_blueprint(agencies.bp)
    app.register_blueprint(rr_meeting.bp)
    app.register_blueprint(report.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api_v1.bp)
    app.register_blueprint(api_agencies.bp)
    app.register_blueprint(api_rapid_review.bp)
    app.register_blueprint(pack_views.api)
    app.register_blueprint(pack_views.console)
    app.register_blueprint(approval_link.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(meetings.bp)
    app.register_blueprint(directory.bp)
    app.register_blueprint(working_days.bp)
    app.register_blueprint(templates_admin.bp)
    app.register_blueprint(messages.bp)
    app.register_blueprint(messages.api)
    app.register_blueprint(email_wording.bp)
    app.register_blueprint(health_blueprint("scheduler", _checks(container)))
    return app


def _checks(container: Container) -> dict[str, Any]:
    return {
        "database": database_check(container.engine),
        "redis": lambda: redis_check(container.redis())(),
    }
