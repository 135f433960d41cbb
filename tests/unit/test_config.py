from __future__ import annotations

import pytest

from shared.config import SETTINGS, ConfigError, load_config, settings_for

PRODUCTION_BASE = {
    "CSPR_ENV": "production",
    "DATABASE_URL": "postgresql+psycopg://cspr:pw@db/cspr",
    "SECRET_KEY": "a-long-random-secret-value",
    "SERVICE_TOKEN": "another-long-random-token",
    "S3_ACCESS_KEY": "access",
    "S3_SECRET_KEY": "secret-key-value",
    "MAIL_FROM": "cspr@partnership.example",
    "OPS_EMAIL": "ops@partnership.example",
    "CHAIR_EMAIL": "chair@partnership.example",
}


def test_development_defaults_work_without_any_environment() -> None:
    config = load_config("intake", {})
    assert config["DATABASE_URL"].startswith("sqlite:///")
    assert config["SECRET_KEY"]
    assert config["REFERENCE_PREFIX"] == "GSCP"


@pytest.mark.parametrize("service", ["intake", "scheduler", "documents", "notifier"])
def test_production_accepts_a_complete_environment(service: str) -> None:
    assert load_config(service, PRODUCTION_BASE).is_production


@pytest.mark.parametrize(
    ("service", "missing"),
    [
        ("intake", "SECRET_KEY"),
        ("scheduler", "SERVICE_TOKEN"),
        ("documents", "S3_SECRET_KEY"),
        ("notifier", "OPS_EMAIL"),
        ("scheduler", "DATABASE_URL"),
    ],
)
def test_production_names_a_missing_secret(service: str, missing: str) -> None:
    environ = {k: v for k, v in PRODUCTION_BASE.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        load_config(service, environ)


def test_production_refuses_placeholder_secrets() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("intake", {**PRODUCTION_BASE, "SECRET_KEY": "change-me"})


def test_production_refuses_sqlite() -> None:
    with pytest.raises(ConfigError, match="PostgreSQL"):
        load_config("intake", {**PRODUCTION_BASE, "DATABASE_URL": "sqlite:///x.db"})


def test_undeclared_setting_cannot_be_read() -> None:
    with pytest.raises(KeyError, match="not a declared setting"):
        load_config("intake", {})["NOT_A_SETTING"]


def test_closure_days_parse_and_bad_dates_are_named() -> None:
    config = load_config("scheduler", {"CLOSURE_DAYS": "2026-12-24, 2026-12-29"})
    assert [d.isoformat() for d in config.dates("CLOSURE_DAYS")] == ["2026-12-24", "2026-12-29"]
    with pytest.raises(ConfigError, match="CLOSURE_DAYS"):
        load_config("scheduler", {"CLOSURE_DAYS": "24/12/2026"}).dates("CLOSURE_DAYS")


def test_every_service_reads_common_settings() -> None:
    names = {s.name for s in SETTINGS}
    assert len(names) == len(SETTINGS)
    for service in ("intake", "scheduler", "documents", "notifier"):
        assert {"DATABASE_URL", "REDIS_URL", "CSPR_ENV"} <= {s.name for s in settings_for(service)}


@pytest.mark.parametrize(
    ("service", "name", "value"),
    [
        ("intake", "SECRET_KEY", "development-only-secret-key-not-for-production"),
        ("scheduler", "SECRET_KEY", "development-only-secret-key-not-for-production"),
        ("scheduler", "SERVICE_TOKEN", "development-only-service-token"),
        ("documents", "S3_ACCESS_KEY", "cspr-dev-access"),
        ("documents", "S3_SECRET_KEY", "cspr-dev-secret-key"),
        # a development value is public wherever it is put
        ("scheduler", "SERVICE_TOKEN", "development-only-secret-key-not-for-production"),
        ("notifier", "SMTP_PASSWORD", "cspr-dev-secret-key"),
    ],
)
def test_production_refuses_the_built_in_development_values_even_when_set(
    service: str, name: str, value: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(service, {**PRODUCTION_BASE, name: f" {value} "})
    assert str(refused.value) == (
        f"{service}: built-in development value(s) refused in production: {name}"
    )


def test_production_names_missing_and_development_values_together() -> None:
    environ = {k: v for k, v in PRODUCTION_BASE.items() if k != "SECRET_KEY"}
    environ["SERVICE_TOKEN"] = "development-only-service-token"
    with pytest.raises(ConfigError) as refused:
        load_config("scheduler", environ)
    assert str(refused.value) == (
        "scheduler: missing required setting(s) for production: SECRET_KEY; "
        "built-in development value(s) refused in production: SERVICE_TOKEN"
    )


def test_development_values_are_fine_outside_production() -> None:
    environ = {"SERVICE_TOKEN": "development-only-service-token"}
    assert load_config("scheduler", environ)["SERVICE_TOKEN"] == environ["SERVICE_TOKEN"]
    assert load_config("scheduler", {"CSPR_ENV": "test", **environ})["SERVICE_TOKEN"]


def test_a_setting_another_service_reads_is_not_checked() -> None:
    # the scheduler never reads the S3 keys, so their value is not its concern
    environ = {**PRODUCTION_BASE, "S3_ACCESS_KEY": "cspr-dev-access"}
    assert load_config("scheduler", environ).is_production


def test_scheduler_session_and_partner_settings_have_defaults() -> None:
    config = load_config("scheduler", {})
    assert config.integer("SESSION_IDLE_MINUTES") == 30
    assert config.integer("SESSION_MAX_HOURS") == 12
    assert config["HEALTH_PARTNER_LABEL"] == "Integrated care board (ICB)"
