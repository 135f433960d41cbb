"""All the notifier's wiring in one place: real adapters, or fakes passed as overrides.

The email back-end is chosen here by ``MAIL_BACKEND``: the SMTP relay or GOV.UK Notify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine

from services.notifier.agencies import (
    AgencySettings,
    ScopingRequestReader,
    SqlScopingRequestReader,
)
from services.notifier.alerts import AlertSettings, Recipient
from services.notifier.backends import BACKENDS, NOTIFY, Mailer
from services.notifier.cases import CaseReader, SqlCaseReader
from services.notifier.clock_alerts import ClockAlertSettings
from services.notifier.documents_client import Documents, HttpDocuments
from services.notifier.mail import SmtpMailer, SmtpSettings
from services.notifier.meeting_invitation import MeetingReader, SqlMeetingReader
from services.notifier.messages import MessageStore, SqlMessageRepository
from services.notifier.notify import NotifyMailer, NotifySettings
from services.notifier.rapid_review import (
    ApprovalRequestReader,
    CaseAgencyReader,
    LeadRepresentativeReader,
    ReportReader,
    ReviewSettings,
    SqlApprovalRequestReader,
    SqlCaseAgencyReader,
    SqlLeadRepresentativeReader,
    SqlReportReader,
)
from services.notifier.referrers import (
    ReferralReader,
    ReferrerSettings,
    ResumeContactReader,
    SqlReferralReader,
    SqlResumeContactReader,
)
from shared.clock import utc_now
from shared.config import Config, ConfigError
from shared.db import make_engine


@dataclass
class Container:
    config: Config
    settings: AlertSettings
    engine: Engine
    redis: Redis
    #: the email back-end (``MAIL_BACKEND``)
    mailer: Mailer
    messages: MessageStore
    cases: CaseReader
    clock: Callable[[], datetime]
    #: the emails to referrers (resume links, confirmations)
    referrer_settings: ReferrerSettings
    referrals: ReferralReader
    resume_contacts: ResumeContactReader
    #: the clock alerts to the ops team
    clock_alert_settings: ClockAlertSettings
    #: the emails to agencies (scoping requests), with the letters they attach
    agency_settings: AgencySettings
    scoping_requests: ScopingRequestReader
    documents: Documents
    #: the Rapid Review's emails after its meeting (approval, disagreement, outcome)
    review_settings: ReviewSettings
    approval_requests: ApprovalRequestReader
    reports: ReportReader
    lead_representatives: LeadRepresentativeReader
    case_agencies: CaseAgencyReader
    #: the Rapid Review meeting's settings, for its calendar invitations
    meetings: MeetingReader


def alert_settings(config: Config) -> AlertSettings:
    return AlertSettings(
        partnership_name=config["PARTNERSHIP_NAME"],
        console_url=config["CONSOLE_URL"],
        mail_from=config["MAIL_FROM"],
        recipients=(
            Recipient("ops", config["OPS_EMAIL"]),
            Recipient("chair", config["CHAIR_EMAIL"]),
        ),
    )


_FIELDS = {
    "settings",
    "engine",
    "redis",
    "mailer",
    "messages",
    "cases",
    "clock",
    "referrer_settings",
    "referrals",
    "resume_contacts",
    "clock_alert_settings",
    "agency_settings",
    "scoping_requests",
    "documents",
    "review_settings",
    "approval_requests",
    "reports",
    "lead_representatives",
    "case_agencies",
    "meetings",
}


def make_mailer(config: Config) -> Mailer:
    """The back-end ``MAIL_BACKEND`` names; a wrong name or a missing Notify setting stops
    start-up with the setting named."""
    backend = config["MAIL_BACKEND"].strip().lower()
    if backend not in BACKENDS:
        raise ConfigError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == NOTIFY:
        return NotifyMailer(NotifySettings.from_config(config))
    return SmtpMailer(SmtpSettings.from_config(config))


def build_container(config: Config, **overrides: Any) -> Container:
    unknown = set(overrides) - _FIELDS
    if unknown:
        raise TypeError(f"unknown notifier override(s): {', '.join(sorted(unknown))}")
    engine = overrides.get("engine") or make_engine(config["DATABASE_URL"])
    return Container(
        config=config,
        settings=overrides.get("settings") or alert_settings(config),
        engine=engine,
        redis=overrides.get("redis") or Redis.from_url(config["REDIS_URL"]),
        mailer=overrides.get("mailer") or make_mailer(config),
        messages=overrides.get("messages") or SqlMessageRepository(engine),
        cases=overrides.get("cases") or SqlCaseReader(engine),
        clock=overrides.get("clock") or utc_now,
        referrer_settings=overrides.get("referrer_settings")
        or ReferrerSettings.from_config(config),
        referrals=overrides.get("referrals") or SqlReferralReader(engine),
        resume_contacts=overrides.get("resume_contacts") or SqlResumeContactReader(engine),
        clock_alert_settings=overrides.get("clock_alert_settings")
        or ClockAlertSettings.from_config(config),
        agency_settings=overrides.get("agency_settings") or AgencySettings.from_config(config),
        scoping_requests=overrides.get("scoping_requests") or SqlScopingRequestReader(engine),
        documents=overrides.get("documents")
        or HttpDocuments(config["DOCUMENTS_URL"], config["SERVICE_TOKEN"]),
        review_settings=overrides.get("review_settings") or ReviewSettings.from_config(config),
        approval_requests=overrides.get("approval_requests") or SqlApprovalRequestReader(engine),
        reports=overrides.get("reports") or SqlReportReader(engine),
        lead_representatives=overrides.get("lead_representatives")
        or SqlLeadRepresentativeReader(engine),
        case_agencies=overrides.get("case_agencies") or SqlCaseAgencyReader(engine),
        meetings=overrides.get("meetings") or SqlMeetingReader(engine),
    )
