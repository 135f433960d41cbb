"""Emails to agencies: what the notifier may read of an agency's scoping request, and the
settings those emails use.

The scheduler's data is read only through ``services.scheduler.readmodel``. The port names
just the fields the email uses: the case reference, the agency, its representative and the
link's dates and standing. The read model's summary of the case (which may name the child)
is not in reach of the composer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.engine import Engine

from services.scheduler.readmodel import ScopingRequest, fetch_scoping_request
from shared.config import Config


@dataclass(frozen=True)
class AgencySettings:
    partnership_name: str
    #: public base URL of the forms (the agency's scoping link)
    intake_url: str
    mail_from: str
    #: who agencies contact about a Rapid Review, and replies go to (the ops team)
    contact_name: str
    contact_phone: str
    contact_email: str

    @classmethod
    def from_config(cls, config: Config) -> AgencySettings:
        return cls(
            partnership_name=config["PARTNERSHIP_NAME"],
            intake_url=config["INTAKE_URL"],
            mail_from=config["MAIL_FROM"],
            contact_name=config["PARTNERSHIP_CONTACT_NAME"],
            contact_phone=config["PARTNERSHIP_CONTACT_PHONE"],
            contact_email=config["OPS_EMAIL"],
        )


class ScopingAddressee(Protocol):
    """Where one agency's scoping request goes, and whether its link still opens the form."""

    @property
    def case_reference(self) -> str: ...

    @property
    def agency_name(self) -> str: ...

    @property
    def representative(self) -> str: ...

    @property
    def email(self) -> str: ...

    @property
    def serial(self) -> int: ...

    @property
    def due_on(self) -> date: ...

    @property
    def expires_at(self) -> datetime: ...

    @property
    def revoked(self) -> bool: ...

    @property
    def replaced(self) -> bool: ...

    @property
    def removed(self) -> bool: ...

    def usable(self, now: datetime) -> bool: ...


class ScopingRequestReader(Protocol):
    def fetch(self, case_agency_id: int, serial: int) -> ScopingAddressee | None:
        """Link ``serial`` of the agency; None when it is not (yet) readable."""
        ...


class SqlScopingRequestReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, case_agency_id: int, serial: int) -> ScopingRequest | None:
        with self.engine.connect() as conn:
            return fetch_scoping_request(conn, case_agency_id, serial)
