"""A version of a case's Report of Rapid Review with its meeting and the lead
representatives' decisions: for the report's documents and the letter to the Panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.tables import approval, case, case_event, meeting_participant, rr_report


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
