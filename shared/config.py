"""Configuration from the environment, one table of settings for every service.

Every setting is declared once in ``SETTINGS``: the README configuration table, the
docker-compose test and the start-up checks all read this table, so a variable cannot be
used by code without being documented and declared for deployment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Environment = Literal["development", "test", "production"]
SERVICES = ("intake", "scheduler", "documents", "notifier")


class ConfigError(RuntimeError):
    """Raised at start-up when configuration is missing or unsafe; names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    description: str
    default: str | None
    services: tuple[str, ...]
    secret: bool = False
    #: must be set explicitly (not left at its default) when CSPR_ENV=production
    required_in_production: bool = False


ALL = SERVICES
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "CSPR_ENV",
        "`development`, `test` or `production`; production refuses unsafe "
        "defaults and missing secrets",
        "development",
        ALL,
    ),
    Setting(
        "SECRET_KEY",
        "Signs session cookies and CSRF tokens",
        None,
        ("intake", "scheduler"),
        secret=True,
        required_in_production=True,
    ),
    Setting(
        "SERVICE_TOKEN",
        "Shared bearer token for calls between services (scheduler, intake and notifier to "
        "documents)",
        None,
        ("intake", "scheduler", "documents", "notifier"),
        secret=True,
        required_in_production=True,
    ),
    Setting(
        "DATABASE_URL",
        "SQLAlchemy URL of the case database; SQLite file by default, "
        "PostgreSQL (`postgresql+psycopg://…`) in production",
        "sqlite:///var/cspr.db",
        ALL,
        required_in_production=True,
    ),
    Setting("REDIS_URL", "Redis for the RQ job queues", "redis://127.0.0.1:6379/0", ALL),
    Setting(
        "S3_ENDPOINT",
        "host:port of the S3-compatible object store",
        "127.0.0.1:8333",
        ("documents",),
    ),
    Setting(
        "S3_ACCESS_KEY",
        "S3 access key",
        None,
        ("documents",),
        secret=True,
        required_in_production=True,
    ),
    Setting(
        "S3_SECRET_KEY",
        "S3 secret key",
        None,
        ("documents",),
        secret=True,
        required_in_production=True,
    ),
    Setting("S3_BUCKET", "Bucket holding generated documents", "cspr-documents", ("documents",)),
    Setting("S3_SECURE", "`true` to reach the S3 endpoint over TLS", "false", ("documents",)),
    Setting("S3_REGION", "S3 region name", "us-east-1", ("documents",)),
    Setting(
        "S3_SERVER_SIDE_ENCRYPTION",
        "`AES256`: the store encrypts every document it keeps (SSE-S3); `none` for a store "
        "that cannot",
        "AES256",
        ("documents",),
    ),
    Setting(
        "UNOSERVER_POOL",
        "Comma-separated host:port list of unoserver instances (the LibreOffice conversion pool)",
        "127.0.0.1:2003,127.0.0.1:2005",
        ("documents",),
    ),
    Setting(
        "CONVERSION_TIMEOUT",
        "Seconds before a document conversion is abandoned; one unoserver gets a third of them "
        "before the document goes to another (and, under `make run`, kills its LibreOffice)",
        "120",
        ("documents",),
    ),
    Setting(
        "UNOSERVER_COUNT",
        "How many unoservers `make run` starts (empty: one per CPU core)",
        "",
        (),
    ),
    Setting(
        "UNOSERVER_STOP_AFTER",
        "Conversions after which `make run` recycles a unoserver (a fresh LibreOffice, "
        "against slow leaks)",
        "200",
        (),
    ),
    Setting(
        "DOCUMENTS_URL",
        "Internal base URL of the documents service",
        "http://127.0.0.1:8003",
        ("intake", "scheduler", "notifier"),
    ),
    Setting("SMTP_HOST", "SMTP relay host", "127.0.0.1", ("notifier",)),
    Setting("SMTP_PORT", "SMTP relay port", "1025", ("notifier",)),
    Setting("SMTP_USERNAME", "SMTP user name (empty: no authentication)", "", ("notifier",)),
    Setting("SMTP_PASSWORD", "SMTP password", "", ("notifier",), secret=True),
    Setting(
        "SMTP_STARTTLS",
        "`true` to upgrade the SMTP connection with STARTTLS",
        "false",
        ("notifier",),
    ),
    Setting(
        "MAIL_BACKEND",
        "How the notifier sends email: `smtp` (the relay above) or `notify` (GOV.UK Notify, "
        "with the `NOTIFY_*` settings)",
        "smtp",
        ("notifier",),
    ),
    Setting(
        "NOTIFY_API_KEY",
        "GOV.UK Notify API key (needed when `MAIL_BACKEND=notify`)",
        "",
        ("notifier",),
        secret=True,
    ),
    Setting(
        "NOTIFY_TEMPLATE_ID",
        "Id of the one generic GOV.UK Notify email template: subject `((subject))`, message "
        "`((body))` then `((file_intro))((file))` (needed when `MAIL_BACKEND=notify`)",
        "",
        ("notifier",),
    ),
    Setting(
        "NOTIFY_BASE_URL",
        "Base URL of the GOV.UK Notify API",
        "https://api.notifications.service.gov.uk",
        ("notifier",),
    ),
    Setting(
        "NOTIFY_REPLY_TO_ID",
        "Id of the reply-to address set up in GOV.UK Notify (empty: the service's default)",
        "",
        ("notifier",),
    ),
    Setting(
        "NOTIFY_CALLBACK_TOKEN",
        "Bearer token GOV.UK Notify sends with delivery receipts to the notifier's "
        "`/notify/callback` (empty: receipts are off and the notifier asks Notify instead)",
        "",
        ("notifier",),
        secret=True,
    ),
    Setting(
        "MAIL_FROM",
        "From address of every message",
        "cspr@localhost",
        ("notifier",),
        required_in_production=True,
    ),
    Setting(
        "OPS_EMAIL",
        "Partnership operations team mailbox (also the contact agencies are given)",
        "ops@localhost",
        ("intake", "documents", "notifier", "scheduler"),
        required_in_production=True,
    ),
    Setting(
        "CHAIR_EMAIL",
        "Chair of the Learning from Practice Group",
        "chair@localhost",
        ("notifier",),
        required_in_production=True,
    ),
    Setting(
        "CONSOLE_URL",
        "Public base URL of the ops console, used in links in emails",
        "http://127.0.0.1:8002",
        ("notifier",),
    ),
    Setting(
        "INTAKE_URL",
        "Public base URL of the referral forms, used in resume links in emails",
        "http://127.0.0.1:8001",
        ("notifier",),
    ),
    Setting(
        "DRAFT_RETENTION_DAYS",
        "Days a saved, unsubmitted referral (and its resume link) is kept before it is deleted",
        "28",
        ("intake",),
    ),
    Setting(
        "COPY_AVAILABLE_MINUTES",
        "Minutes the referrer's browser may download the PDF copy of a submitted referral",
        "60",
        ("intake",),
    ),
    Setting(
        "PARTNERSHIP_NAME",
        "Name shown on forms, documents and emails",
        "Greenwich Safeguarding Children Partnership",
        ALL,
    ),
    Setting(
        "PARTNERSHIP_CONTACT_NAME",
        "Who agencies contact about a Rapid Review (letters, scoping forms, emails)",
        "the Partnership Operations Team",
        ("intake", "documents", "notifier", "scheduler"),
    ),
    Setting(
        "PARTNERSHIP_CONTACT_PHONE",
        "Telephone number agencies are given for advice on the scoping form",
        "020 8921 8732",
        ("intake", "documents", "notifier", "scheduler"),
    ),
    Setting(
        "CHAIR_NAME",
        "Name of the chair of the Learning from Practice Group, who signs letters "
        "(empty: the letters are signed by the role only)",
        "",
        ("documents",),
    ),
    Setting(
        "PANEL_CHAIR_NAME",
        "Name of the chair of the national Child Safeguarding Practice Review Panel, to whom "
        'the Panel letter is addressed (empty: "Dear Chair")',
        "",
        ("documents",),
    ),
    Setting(
        "PANEL_ADDRESS",
        "The national Panel's postal address on the Panel letter, lines separated by |",
        "Child Safeguarding Practice Review Panel|Sanctuary Buildings|20 Great Smith Street|"
        "London|SW1P 3BT",
        ("documents",),
    ),
    Setting(
        "PARTNERSHIP_ADDRESS",
        "The partnership's postal address in every letter's letterhead, lines separated "
        "by | (empty: no address)",
        "The Woolwich Centre|35 Wellington Street|London|SE18 6HQ",
        ("documents",),
    ),
    Setting(
        "PARTNERSHIP_LOGO",
        "Path of the partnership's logo, a PNG or JPEG file of at most 1 MB, in the header of "
        "every page of every document (empty: no logo); checked when the documents service "
        "starts",
        "",
        ("documents",),
    ),
    Setting(
        "DOCUMENT_FOOTER",
        "Text in the footer of every page of every document (empty: the partnership's name)",
        "",
        ("documents",),
    ),
    Setting(
        "APPROVAL_LINK_DAYS",
        "Calendar days a lead representative's emailed approval link keeps working",
        "7",
        ("scheduler",),
    ),
    Setting(
        "SCOPING_LINK_GRACE_DAYS",
        "Calendar days after a scoping return's deadline that the agency's emailed link "
        "keeps working",
        "5",
        ("scheduler",),
    ),
    Setting(
        "AGENCY_REMINDER_DAYS",
        "Working days before a scoping return's due date on which an agency that has not "
        "returned is reminded, comma-separated (0: on the due date)",
        "2,0",
        ("scheduler",),
    ),
    Setting(
        "AGENCY_OVERDUE_EVERY_DAYS",
        "An agency that has not returned by the due date is told it is overdue on the first "
        "working day after, then every this many working days while its link works (0: once)",
        "2",
        ("scheduler",),
    ),
    Setting("REFERENCE_PREFIX", "Prefix of case references (GSCP-2026-0001)", "GSCP", ("intake",)),
    Setting(
        "SESSION_IDLE_MINUTES",
        "Minutes without a request after which a staff member of the console is signed out",
        "30",
        ("scheduler",),
    ),
    Setting(
        "SESSION_MAX_HOURS",
        "Hours after signing in when a console session ends, however active",
        "12",
        ("scheduler",),
    ),
    Setting(
        "HEALTH_PARTNER_LABEL",
        "What the health safeguarding partner is called (formerly the CCG)",
        "Integrated care board (ICB)",
        ("scheduler",),
    ),
    Setting(
        "CLOSURE_DAYS",
        "Comma-separated ISO dates the partnership is closed (not working "
        "days), on top of England bank holidays",
        "",
        ("scheduler",),
    ),
    Setting(
        "CLOCKS_FILE",
        "Path of a YAML file of the partnership's local clock rules and closure days "
        "(see `config/clocks.example.yaml`); empty: the built-in local rules",
        "",
        ("scheduler",),
    ),
    Setting("LOG_LEVEL", "Python log level", "INFO", ALL),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_UNSAFE_VALUES = {"", "change-me", "dev", "development", "secret"}


def settings_for(service: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if service in s.services)


@dataclass(frozen=True)
class Config:
    """Resolved settings for one service. Built only by ``load_config``."""

    service: str
    values: Mapping[str, str] = field(repr=False)

    def __getitem__(self, name: str) -> str:
        if name not in _BY_NAME:
            raise KeyError(f"{name} is not a declared setting (add it to shared.config.SETTINGS)")
        return self.values.get(name, "")

    @property
    def env(self) -> str:
        return self.values.get("CSPR_ENV", "development")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def flag(self, name: str) -> bool:
        return self[name].strip().lower() in {"1", "true", "yes", "on"}

    def integer(self, name: str) -> int:
        return int(self[name])

    def items_list(self, name: str) -> list[str]:
        return [part.strip() for part in self[name].split(",") if part.strip()]

    def dates(self, name: str) -> list[date]:
        try:
            return [date.fromisoformat(part) for part in self.items_list(name)]
        except ValueError as exc:
            raise ConfigError(f"{name} must be comma-separated ISO dates: {exc}") from exc

    def with_overrides(self, **overrides: str) -> Config:
        for key in overrides:
            if key not in _BY_NAME:
                raise KeyError(f"{key} is not a declared setting")
        return Config(self.service, {**self.values, **overrides})


_DEV_SECRETS = {
    "SECRET_KEY": "development-only-secret-key-not-for-production",
    "SERVICE_TOKEN": "development-only-service-token",
    "S3_ACCESS_KEY": "cspr-dev-access",
    "S3_SECRET_KEY": "cspr-dev-secret-key",
}
_DEV_VALUES = frozenset(_DEV_SECRETS.values())


def load_config(service: str, environ: Mapping[str, str] | None = None) -> Config:
    """Read the settings of ``service`` from ``environ`` (default: the process environment).

    In production a missing or placeholder secret, or a built-in development value even
    when set explicitly, stops start-up with a ``ConfigError`` naming the variable; in
    development and test the well-known development values apply.
    """
    if service not in SERVICES:
        raise ConfigError(f"unknown service {service!r}")
    environ = os.environ if environ is None else environ
    env = environ.get("CSPR_ENV", "development")
    if env not in ("development", "test", "production"):
        raise ConfigError(f"CSPR_ENV must be development, test or production, not {env!r}")
    values: dict[str, str] = {}
    missing: list[str] = []
    refused: list[str] = []
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        ours = service in setting.services
        must_be_set = env == "production" and ours and setting.required_in_production
        if must_be_set and (raw is None or raw.strip().lower() in _UNSAFE_VALUES):
            missing.append(setting.name)
            continue
        # the development values are public (they are in this file): never a real secret
        if env == "production" and ours and raw is not None and raw.strip() in _DEV_VALUES:
            refused.append(setting.name)
            continue
        if raw is None:
            raw = setting.default if setting.default is not None else ""
            if env != "production" and setting.name in _DEV_SECRETS:
                raw = _DEV_SECRETS[setting.name]
        values[setting.name] = raw
    problems = []
    if missing:
        problems.append(f"missing required setting(s) for production: {', '.join(missing)}")
    if refused:
        problems.append(
            f"built-in development value(s) refused in production: {', '.join(refused)}"
        )
    if problems:
        raise ConfigError(f"{service}: {'; '.join(problems)}")
    if env == "production" and values["DATABASE_URL"].startswith("sqlite"):
        raise ConfigError(f"{service}: DATABASE_URL must point at PostgreSQL in production")
    return Config(service, values)
