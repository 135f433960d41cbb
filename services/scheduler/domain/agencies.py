"""Agencies involved in a case: who they are, their emailed links, and where each agency's
scoping return stands (what staff type and change about them: ``agency_changes``).

An agency's scoping status is derived, never stored: from its current link (sent, opened,
revoked), what intake holds of its return (a draft saved, returned, "not known to us") and
the return's due date. Plain Python: the console, the API and the jobs all ask here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from services.scheduler.domain.staff import Partner

LONDON = ZoneInfo("Europe/London")
#: the seed's "no later than Day, Date Month Year at 5.00 pm"
RETURN_BY = time(17, 0)
NAME_MAX = 300


class AgencyKind(StrEnum):
    LOCAL_AUTHORITY = "local_authority"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    PROBATION = "probation"
    HOUSING = "housing"
    VOLUNTARY = "voluntary"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def partner(self) -> Partner | None:
        """The safeguarding partner an agency of this kind belongs to, if any."""
        return _PARTNERS.get(self)


_KIND_LABELS = {
    AgencyKind.LOCAL_AUTHORITY: "Local authority (children's social care, early help)",
    AgencyKind.POLICE: "Police",
    AgencyKind.HEALTH: "Health (NHS trust, GP, health visiting, the ICB)",
    AgencyKind.EDUCATION: "School, college or early years setting",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.VOLUNTARY: "Voluntary or community organisation",
    AgencyKind.OTHER: "Other",
}
_PARTNERS = {
    AgencyKind.LOCAL_AUTHORITY: Partner.LOCAL_AUTHORITY,
    AgencyKind.POLICE: Partner.POLICE,
    AgencyKind.HEALTH: Partner.HEALTH,
}


def kind_label(value: str) -> str:
    try:
        return AgencyKind(value).label
    except ValueError:
        return value


@dataclass(frozen=True)
class AgencyDetails:
    name: str
    kind: str
    representative: str = ""
    email: str = ""
    phone: str = ""

    @property
    def can_be_sent(self) -> bool:
        return bool(self.representative and self.email)


@dataclass(frozen=True)
class LinkFacts:
    serial: int
    issued_at: datetime
    due_on: date
    expires_at: datetime
    revoked_at: datetime | None = None
    opened_at: datetime | None = None


@dataclass(frozen=True)
class ReturnFacts:
    """What intake holds of an agency's return (services.intake.readmodel)."""

    status: str  # draft, returned or not_known
    saved_at: datetime
    submitted_at: datetime | None = None
    reopened_at: datetime | None = None
    #: when the link was first opened (intake makes the return then, before anything is saved)
    started_at: datetime | None = None

    @property
    def saved(self) -> bool:
        """Something was saved since the return was made on the first opening."""
        return self.started_at is None or self.saved_at > self.started_at


@dataclass(frozen=True)
class AgencyOnCase:
    id: int
    details: AgencyDetails
    #: referral, directory or typed
    source: str = "typed"
    reason: str = ""
    link: LinkFacts | None = None

    @property
    def name(self) -> str:
        return self.details.name


class ScopingStatus(StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    OPENED = "opened"
    DRAFT_SAVED = "draft_saved"
    RETURNED = "returned"
    NOT_KNOWN = "not_known"
    OVERDUE = "overdue"
    LINK_WITHDRAWN = "link_withdrawn"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def tag_class(self) -> str:
        return _STATUS_TAGS[self]

    @property
    def done(self) -> bool:
        """The agency has answered: its return counts towards "all returns in"."""
        return self in (ScopingStatus.RETURNED, ScopingStatus.NOT_KNOWN)


_STATUS_LABELS = {
    ScopingStatus.NOT_SENT: "Not sent",
    ScopingStatus.SENT: "Sent",
    ScopingStatus.OPENED: "Opened",
    ScopingStatus.DRAFT_SAVED: "Draft saved",
    ScopingStatus.RETURNED: "Returned",
    ScopingStatus.NOT_KNOWN: "Not known to the agency",
    ScopingStatus.OVERDUE: "Overdue",
    ScopingStatus.LINK_WITHDRAWN: "Link withdrawn",
}
_STATUS_TAGS = {
    ScopingStatus.NOT_SENT: "govuk-tag--grey",
    ScopingStatus.SENT: "govuk-tag--blue",
    ScopingStatus.OPENED: "govuk-tag--light-blue",
    ScopingStatus.DRAFT_SAVED: "govuk-tag--yellow",
    ScopingStatus.RETURNED: "govuk-tag--green",
    ScopingStatus.NOT_KNOWN: "govuk-tag--green",
    ScopingStatus.OVERDUE: "govuk-tag--red",
    ScopingStatus.LINK_WITHDRAWN: "govuk-tag--grey",
}


def scoping_status(
    link: LinkFacts | None, returned: ReturnFacts | None, today: date
) -> ScopingStatus:
    """Where one agency's return stands today."""
    if returned is not None and returned.status == "returned":
        return ScopingStatus.RETURNED
    if returned is not None and returned.status == "not_known":
        return ScopingStatus.NOT_KNOWN
    if link is None:
        return ScopingStatus.NOT_SENT
    if link.revoked_at is not None:
        return ScopingStatus.LINK_WITHDRAWN
    if today > link.due_on:
        return ScopingStatus.OVERDUE
    if returned is not None and returned.saved:
        return ScopingStatus.DRAFT_SAVED
    if link.opened_at is not None:
        return ScopingStatus.OPENED
    return ScopingStatus.SENT


def link_expiry(due_on: date, grace_days: int) -> datetime:
    """When a link stops working: 5 pm in London on the due date, plus the grace days."""
    return datetime.combine(due_on + timedelta(days=grace_days), RETURN_BY, tzinfo=LONDON)


def all_returned(
    agencies: tuple[AgencyOnCase, ...], returns: Mapping[int, ReturnFacts], today: date
) -> bool:
    """Whether every agency on the case has returned its form or said it does not know the
    family (an empty case has nothing to wait for, but nothing was sent either)."""
    return bool(agencies) and all(
        scoping_status(a.link, returns.get(a.id), today).done for a in agencies
    )


def referral_agencies(answers: Mapping[str, object]) -> list[tuple[AgencyDetails, str]]:
    """The agencies a referral names in its "Other agencies known to be involved" list, each
    with the referral's reason for involvement; ops add the representative and email."""
    items = answers.get("agencies")
    if not isinstance(items, list):
        return []
    found: list[tuple[AgencyDetails, str]] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Mapping):
            continue
        name = " ".join(str(item.get("agency") or "").split())[:NAME_MAX]
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        reason = str(item.get("reason") or "")
        contact = str(item.get("contact") or "").strip()
        if contact:
            reason = f"{reason}\n\nContact details given in the referral: {contact}".strip()
        found.append((AgencyDetails(name=name, kind=AgencyKind.OTHER.value), reason))
    return found


def same_agency(a: AgencyDetails, b: AgencyDetails) -> bool:
    """The same organisation, however its name was typed ("Riverside  primary " is
    "Riverside Primary"): the directory does not offer an agency the case already has."""

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    return key(a.name) == key(b.name)
