"""Emails to referrers: what the notifier may read of intake's data, and their settings.

Intake's data is read only through ``services.intake.readmodel`` (docs/architecture.md).
The ports name just the fields the referrer emails use; a referral's answers are in reach
only to take the referrer's address from them, never to be shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from services.intake.readmodel import (
    ReferralSnapshot,
    ResumeContact,
    fetch_referral_by_reference,
    fetch_resume_contact,
)
from shared.config import Config


@dataclass(frozen=True)
class ReferrerSettings:
    partnership_name: str
    #: public base URL of the referral forms (resume links)
    intake_url: str
    mail_from: str
    #: where a referrer writes about a referral, quoting its reference (the ops team)
    contact_email: str

    @classmethod
    def from_config(cls, config: Config) -> ReferrerSettings:
        return cls(
            partnership_name=config["PARTNERSHIP_NAME"],
            intake_url=config["INTAKE_URL"],
            mail_from=config["MAIL_FROM"],
            contact_email=config["OPS_EMAIL"],
        )


class SubmittedReferral(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def form_id(self) -> str: ...

    @property
    def received_at(self) -> datetime: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...


class ReferralReader(Protocol):
    def fetch(self, reference: str) -> SubmittedReferral | None: ...


class ResumeAddressee(Protocol):
    """Where a resume link goes, and whether the one asked for is still current."""

    @property
    def draft_id(self) -> int: ...

    @property
    def form_id(self) -> str: ...

    @property
    def email(self) -> str: ...

    @property
    def serial(self) -> int: ...

    @property
    def expires_at(self) -> datetime: ...

    @property
    def submitted(self) -> bool: ...


class ResumeContactReader(Protocol):
    def fetch(self, draft_id: int) -> ResumeAddressee | None: ...


class SqlReferralReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str) -> ReferralSnapshot | None:
        with self.engine.connect() as conn:
            return fetch_referral_by_reference(conn, reference)


class SqlResumeContactReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, draft_id: int) -> ResumeContact | None:
        with self.engine.connect() as conn:
            return fetch_resume_contact(conn, draft_id)
