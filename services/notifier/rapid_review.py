"""The Rapid Review's emails after its meeting: what the notifier may read of the scheduler's
data for them, and the settings they use.

The scheduler's data is read only through ``services.scheduler.readmodel``. The ports name
just the fields the emails use: who is asked to approve and through which link, the report's
version and whether a disagreement was recorded, the outcome's letter, and the agencies on
the case. The report's answers are in reach only to read the recommendation's letter and
whether there was a disagreement, never to be shown: they may name the child, the family or
the people involved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from services.scheduler.readmodel import (
    AgencyContact,
    ApprovalRequest,
    LeadRepresentative,
    ReportSnapshot,
    fetch_approval_request,
    fetch_case_agencies,
    fetch_lead_representatives,
    fetch_report,
)
from shared.config import Config


@dataclass(frozen=True)
class ReviewSettings:
    partnership_name: str
    #: public base URL of the ops console (approval links, the case's page)
    console_url: str
    mail_from: str
    #: who people contact about a Rapid Review, and replies go to (the ops team)
    contact_name: str
    contact_phone: str
    contact_email: str
    #: told of a disagreement besides the lead representatives
    chair_email: str

    @classmethod
    def from_config(cls, config: Config) -> ReviewSettings:
        return cls(
            partnership_name=config["PARTNERSHIP_NAME"],
            console_url=config["CONSOLE_URL"],
            mail_from=config["MAIL_FROM"],
            contact_name=config["PARTNERSHIP_CONTACT_NAME"],
            contact_phone=config["PARTNERSHIP_CONTACT_PHONE"],
            contact_email=config["OPS_EMAIL"],
            chair_email=config["CHAIR_EMAIL"],
        )


class ApprovalAddressee(Protocol):
    """Where a lead representative's approval request goes, and whether its link works."""

    @property
    def link_id(self) -> int: ...

    @property
    def case_reference(self) -> str: ...

    @property
    def report_version(self) -> int: ...

    @property
    def partner(self) -> str: ...

    @property
    def staff_name(self) -> str: ...

    @property
    def staff_email(self) -> str: ...

    @property
    def expires_at(self) -> datetime: ...

    @property
    def decide_by(self) -> date | None: ...

    @property
    def revoked(self) -> bool: ...

    @property
    def used(self) -> bool: ...

    def usable(self, now: datetime) -> bool: ...


class Decision(Protocol):
    @property
    def partner(self) -> str: ...

    #: approved or disagreed
    @property
    def decision(self) -> str: ...


class Report(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def version(self) -> int: ...

    #: draft or final
    @property
    def status(self) -> str: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...

    @property
    def decisions(self) -> Sequence[Decision]: ...


class LeadContact(Protocol):
    @property
    def partner(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


class AgencyAddressee(Protocol):
    @property
    def case_agency_id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def representative(self) -> str: ...

    @property
    def email(self) -> str: ...


class ApprovalRequestReader(Protocol):
    def fetch(self, link_id: int) -> ApprovalAddressee | None:
        """Approval link ``link_id``; None when it is not (yet) readable."""
        ...


class ReportReader(Protocol):
    def fetch(self, reference: str, version: int | None = None) -> Report | None:
        """Report ``version`` of the case (default: the newest final one), or None."""
        ...


class LeadRepresentativeReader(Protocol):
    def fetch(self) -> Sequence[LeadContact]:
        """The lead representatives of the three safeguarding partners."""
        ...


class CaseAgencyReader(Protocol):
    def fetch(self, reference: str) -> Sequence[AgencyAddressee]:
        """The agencies on the case, not those taken off it."""
        ...


class SqlApprovalRequestReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, link_id: int) -> ApprovalRequest | None:
        with self.engine.connect() as conn:
            return fetch_approval_request(conn, link_id)


class SqlReportReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str, version: int | None = None) -> ReportSnapshot | None:
        with self.engine.connect() as conn:
            return fetch_report(conn, reference, version)


class SqlLeadRepresentativeReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self) -> tuple[LeadRepresentative, ...]:
        with self.engine.connect() as conn:
            return fetch_lead_representatives(conn)


class SqlCaseAgencyReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str) -> tuple[AgencyContact, ...]:
        with self.engine.connect() as conn:
            return fetch_case_agencies(conn, reference)
