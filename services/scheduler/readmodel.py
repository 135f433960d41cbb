"""What other services may read of the scheduler's data: one case, read-only.

Documents (to fill templates) and the notifier (to word alerts) read cases through this
module only; they never write scheduler tables or import anything else from the scheduler.
Intake reads an agency's scoping link here to open the scoping form behind it.
A case's referral answers are not stored by the scheduler: they come from intake's read
model, with the form definition and version they follow
(``shared.forms.registry.get_form(form_id, form_version)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from services.intake.readmodel import fetch_referral
from services.scheduler.domain.approval_steps import APPROVAL_CLOCK
from services.scheduler.tables import (
    agency_link,
    approval,
    approval_link,
    case,
    case_agency,
    case_event,
    deadline,
    meeting_participant,
    rr_report,
    staff_user,
)

#: the purpose of an agency's scoping link, and the action that sends the requests
SCOPING = "scoping"
SEND_SCOPING = "send_scoping_requests"


@dataclass(frozen=True)
class DeadlineSnapshot:
    clock: str
    starts_on: date
    due_on: date
    met: bool


@dataclass(frozen=True)
class CaseSnapshot:
    reference: str
    route: str
    state: str
    received_at: datetime
    received_on: date
    #: the intake referral the case was opened from
    referral_id: int
    form_id: str
    form_version: int
    #: the referral's answers, keyed by question id, exactly as stored by intake
    answers: dict[str, Any]
    deadlines: tuple[DeadlineSnapshot, ...] = field(default=())

    @property
    def next_deadline(self) -> DeadlineSnapshot | None:
        open_ = [d for d in self.deadlines if not d.met]
        return min(open_, key=lambda d: d.due_on) if open_ else None


def fetch_case(conn: Connection, reference: str) -> CaseSnapshot | None:
    """The case and its referral; None until both are readable (a job then retries)."""
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    if row is None:
        return None
    referral = fetch_referral(conn, row.referral_id)
    if referral is None:
        return None
    clocks = conn.execute(
        select(deadline).where(deadline.c.case_id == row.id).order_by(deadline.c.due_on)
    ).all()
    return CaseSnapshot(
        reference=row.reference,
        route=row.route,
        state=row.state,
        received_at=row.received_at,
        received_on=row.received_on,
        referral_id=row.referral_id,
        form_id=referral.form_id,
        form_version=referral.form_version,
        answers=referral.answers,
        deadlines=tuple(
            DeadlineSnapshot(d.clock, d.starts_on, d.due_on, d.met_on is not None) for d in clocks
        ),
    )


@dataclass(frozen=True)
class ScopingRequest:
    """One agency's scoping request on a case, as its current link states it.

    Documents fill the App. ii letter from it, the notifier addresses the email with it, and
    intake opens the App. iii form behind the link with it. ``summary_of_case`` and
    ``time_period`` are what ops wrote when sending the requests; the referral's answers
    (for the pre-filled family composition) are intake's own.
    """

    case_agency_id: int
    case_reference: str
    case_state: str
    referral_id: int
    agency_name: str
    representative: str
    email: str
    #: the link this request is about (the current one unless a serial was asked for)
    link_id: int
    serial: int
    due_on: date
    expires_at: datetime
    revoked: bool
    #: a newer link was issued for the same agency
    replaced: bool
    #: the agency was taken off the case
    removed: bool
    summary_of_case: str
    time_period: str

    def usable(self, now: datetime) -> bool:
        """Whether the link still opens the form."""
        return not (self.revoked or self.replaced or self.removed) and now < self.expires_at


def _request(conn: Connection, link_row: Any) -> ScopingRequest | None:
    agency_row = conn.execute(
        select(case_agency).where(case_agency.c.id == link_row.case_agency_id)
    ).first()
    if agency_row is None:
        return None
    case_row = conn.execute(select(case).where(case.c.id == agency_row.case_id)).first()
    if case_row is None:
        return None
    newest = conn.execute(
        select(func.max(agency_link.c.serial)).where(
            agency_link.c.case_agency_id == agency_row.id,
            agency_link.c.purpose == link_row.purpose,
        )
    ).scalar_one()
    sent = conn.execute(
        select(case_event.c.details)
        .where(case_event.c.case_id == case_row.id, case_event.c.action == SEND_SCOPING)
        .order_by(case_event.c.id.desc())
        .limit(1)
    ).scalar()
    details = dict(sent or {})
    return ScopingRequest(
        case_agency_id=agency_row.id,
        case_reference=case_row.reference,
        case_state=case_row.state,
        referral_id=case_row.referral_id,
        agency_name=agency_row.name,
        representative=agency_row.representative,
        email=agency_row.email,
        link_id=link_row.id,
        serial=link_row.serial,
        due_on=link_row.due_on,
        expires_at=link_row.expires_at,
        revoked=link_row.revoked_at is not None,
        replaced=link_row.serial != newest,
        removed=agency_row.removed_at is not None,
        summary_of_case=str(details.get("summary_of_case") or ""),
        time_period=str(details.get("time_period") or ""),
    )


def fetch_scoping_request(
    conn: Connection, case_agency_id: int, serial: int | None = None
) -> ScopingRequest | None:
    """Agency ``case_agency_id``'s scoping request by link ``serial`` (default: the newest);
    None when the agency has no such link."""
    query = select(agency_link).where(
        agency_link.c.case_agency_id == case_agency_id, agency_link.c.purpose == SCOPING
    )
    if serial is not None:
        query = query.where(agency_link.c.serial == serial)
    row = conn.execute(query.order_by(agency_link.c.serial.desc()).limit(1)).first()
    return _request(conn, row) if row is not None else None


def fetch_scoping_link(conn: Connection, token_hash: str) -> ScopingRequest | None:
    """The scoping request whose link token has this SHA-256 (used or not: the caller
    decides with ``usable``); None for a token never issued."""
    row = conn.execute(
        select(agency_link).where(
            agency_link.c.token_hash == token_hash, agency_link.c.purpose == SCOPING
        )
    ).first()
    return _request(conn, row) if row is not None else None


@dataclass(frozen=True)
class MeetingParticipant:
    name: str
    job_role: str
    agency: str
    #: local_authority, police, health, or None
    partner: str | None


@dataclass(frozen=True)
class PartnerDecision:
    partner: str
    #: approved or disagreed
    decision: str
    reasons: str
    decided_at: datetime
    decided_by: str


@dataclass(frozen=True)
class ReportSnapshot:
    """One version of a case's Report of Rapid Review (App. iv), with what the letter to the
    Panel and the report's documents need besides its answers."""

    reference: str
    version: int
    #: draft or final
    status: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    finalised_at: datetime | None
    #: the date the partnership became aware (the referral's arrival unless corrected)
    aware_on: date
    #: the date the meeting was held (or set for), if recorded
    meeting_on: date | None
    participants: tuple[MeetingParticipant, ...]
    #: the decisions of the three lead representatives on this version
    decisions: tuple[PartnerDecision, ...]

    @property
    def quorate(self) -> bool:
        present = {p.partner for p in self.participants}
        return {"local_authority", "police", "health"} <= present

    @property
    def approved_by_all(self) -> bool:
        approved = {d.partner for d in self.decisions if d.decision == "approved"}
        return {"local_authority", "police", "health"} <= approved


def fetch_report(
    conn: Connection, reference: str, version: int | None = None
) -> ReportSnapshot | None:
    """Report ``version`` of the case (default: the newest final one); None when there is
    none."""
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    if row is None:
        return None
    query = select(rr_report).where(rr_report.c.case_id == row.id)
    query = (
        query.where(rr_report.c.version == version)
        if version is not None
        else query.where(rr_report.c.status == "final")
    )
    report = conn.execute(query.order_by(rr_report.c.version.desc()).limit(1)).first()
    if report is None:
        return None
    meeting_on = None
    for action in ("record_meeting_held", "set_meeting_date"):
        meeting_on = conn.execute(
            select(case_event.c.on)
            .where(case_event.c.case_id == row.id, case_event.c.action == action)
            .order_by(case_event.c.id.desc())
            .limit(1)
        ).scalar()
        if meeting_on is not None:
            break
    people = conn.execute(
        select(meeting_participant)
        .where(meeting_participant.c.case_id == row.id)
        .order_by(meeting_participant.c.id)
    )
    decisions = conn.execute(
        select(approval)
        .where(approval.c.case_id == row.id, approval.c.report_version == report.version)
        .order_by(approval.c.id)
    )
    return ReportSnapshot(
        reference=row.reference,
        version=report.version,
        status=report.status,
        form_id=report.form_id,
        form_version=report.form_version,
        answers=dict(report.answers or {}),
        finalised_at=report.finalised_at,
        aware_on=row.aware_on or row.received_on,
        meeting_on=meeting_on,
        participants=tuple(
            MeetingParticipant(p.name, p.job_role, p.agency, p.partner) for p in people
        ),
        decisions=tuple(
            PartnerDecision(
                d.partner, d.decision, d.reasons or "", d.decided_at, d.decided_by or ""
            )
            for d in decisions
        ),
    )


@dataclass(frozen=True)
class ApprovalRequest:
    """A lead representative's emailed link to approve (or disagree with) a final report."""

    link_id: int
    case_reference: str
    report_version: int
    partner: str
    staff_name: str
    staff_email: str
    expires_at: datetime
    revoked: bool
    used: bool
    #: the day the lead representatives' decision is due (the case's approval clock)
    decide_by: date | None = None

    def usable(self, now: datetime) -> bool:
        return not (self.revoked or self.used) and now < self.expires_at


def _approval_request(conn: Connection, row: Any) -> ApprovalRequest | None:
    found = conn.execute(
        select(case.c.reference, staff_user.c.name, staff_user.c.email)
        .select_from(case.join(staff_user, staff_user.c.id == row.staff_id))
        .where(case.c.id == row.case_id)
    ).first()
    if found is None:
        return None
    due = conn.execute(
        select(deadline.c.due_on).where(
            deadline.c.case_id == row.case_id, deadline.c.clock == APPROVAL_CLOCK
        )
    ).scalar()
    return ApprovalRequest(
        link_id=row.id,
        case_reference=found.reference,
        report_version=row.report_version,
        partner=row.partner,
        staff_name=found.name,
        staff_email=found.email,
        expires_at=row.expires_at,
        revoked=row.revoked_at is not None,
        used=row.used_at is not None,
        decide_by=due,
    )


def fetch_approval_request(conn: Connection, link_id: int) -> ApprovalRequest | None:
    row = conn.execute(select(approval_link).where(approval_link.c.id == link_id)).first()
    return _approval_request(conn, row) if row is not None else None


def fetch_approval_link(conn: Connection, token_hash: str) -> ApprovalRequest | None:
    row = conn.execute(
        select(approval_link).where(approval_link.c.token_hash == token_hash)
    ).first()
    return _approval_request(conn, row) if row is not None else None


@dataclass(frozen=True)
class AgencyContact:
    case_agency_id: int
    name: str
    representative: str
    email: str


def fetch_case_agencies(conn: Connection, reference: str) -> tuple[AgencyContact, ...]:
    """The agencies on the case (not those removed), to tell them the outcome."""
    rows = conn.execute(
        select(case_agency)
        .join(case, case.c.id == case_agency.c.case_id)
        .where(case.c.reference == reference, case_agency.c.removed_at.is_(None))
        .order_by(case_agency.c.id)
    )
    return tuple(AgencyContact(r.id, r.name, r.representative, r.email) for r in rows)


#: the staff role of the three safeguarding partners' lead representatives
PARTNER_LEAD = "partner-lead"


@dataclass(frozen=True)
class LeadRepresentative:
    #: local_authority, police or health
    partner: str
    name: str
    email: str


def fetch_lead_representatives(conn: Connection) -> tuple[LeadRepresentative, ...]:
    """The active partner-lead staff accounts (the lead representatives), by partner, for the
    notifier to tell them about a case; accounts disabled or without a partner are left out."""
    rows = conn.execute(
        select(staff_user.c.partner, staff_user.c.name, staff_user.c.email)
        .where(
            staff_user.c.role == PARTNER_LEAD,
            staff_user.c.active.is_(True),
            staff_user.c.partner.is_not(None),
        )
        .order_by(staff_user.c.partner, staff_user.c.id)
    )
    return tuple(LeadRepresentative(r.partner, r.name, r.email) for r in rows)
