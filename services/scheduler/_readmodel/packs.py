"""What documents reads to build a pack: the request, and the case as the Rapid Review
meeting pack shows it (its dates, the steps recorded so far, its agencies, its report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from services.intake.readmodel import fetch_referral
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.inputs import Input, Kind
from services.scheduler.tables import case, case_agency, case_event, pack_request, rr_report
from shared.govuk_dates import long_date

#: the steps the pack's notification details show, in the order they happen
NOTIFICATION_STEPS = (
    "decide_criteria",
    "record_panel_notification",
    "send_scoping_requests",
    "set_meeting_date",
)


@dataclass(frozen=True)
class PackRequest:
    id: int
    case_reference: str
    #: shared.packs.PACK_KINDS
    kind: str
    requested_at: datetime
    #: requested (by a person) or new-return (cspr, when a scoping return arrived)
    reason: str


def fetch_pack_request(conn: Connection, pack_id: int) -> PackRequest | None:
    row = conn.execute(
        select(pack_request, case.c.reference)
        .join(case, case.c.id == pack_request.c.case_id)
        .where(pack_request.c.id == pack_id)
    ).first()
    if row is None:
        return None
    return PackRequest(row.id, row.reference, row.kind, row.requested_at, row.reason)


@dataclass(frozen=True)
class RecordedStep:
    """The newest recording of one of ``NOTIFICATION_STEPS``: what the action is called,
    its timeline wording, the date it happened, the reason given, and each input as the
    console asked it with the answer given (``rows``: label, text)."""

    action: str
    label: str
    on: date | None
    summary: str
    reason: str
    rows: tuple[tuple[str, str], ...] = field(default=())


def _answer(spec: Input, value: Any) -> str:
    if spec.kind is Kind.DATE:
        return long_date(date.fromisoformat(str(value)))
    if spec.kind is Kind.RADIOS:
        return spec.option_label(str(value))
    if spec.kind is Kind.CHECKBOXES:
        return ", ".join(spec.option_label(str(v)) for v in value)
    if spec.kind is Kind.CONFIRM:
        return "Yes" if value else "No"
    return str(value)


def _step(event: Any) -> RecordedStep:
    action = ACTIONS[event.action]
    details = dict(event.details or {})
    rows = tuple(
        (spec.label, _answer(spec, details[spec.id]))
        for spec in action.inputs
        if details.get(spec.id) not in (None, "", [])
    )
    return RecordedStep(
        event.action, action.label, event.on, event.summary, event.reason or "", rows
    )


@dataclass(frozen=True)
class PackAgency:
    case_agency_id: int
    name: str
    representative: str


@dataclass(frozen=True)
class PackCase:
    reference: str
    received_on: date
    #: the day the partnership became aware (day 0 of the national clocks)
    aware_on: date
    #: the referral's form and its version
    form_id: str
    form_version: int
    #: the steps of ``NOTIFICATION_STEPS`` recorded so far, in the order they were first
    #: recorded, each its newest recording
    steps: dict[str, RecordedStep]
    #: on the case now (not those taken off), in the order they were added
    agencies: tuple[PackAgency, ...]
    #: the newest version of the Report of Rapid Review, draft or final; None: not started
    newest_report_version: int | None


def fetch_pack_case(conn: Connection, reference: str) -> PackCase | None:
    row = conn.execute(select(case).where(case.c.reference == reference)).first()
    referral = fetch_referral(conn, row.referral_id) if row is not None else None
    if row is None or referral is None:
        return None
    steps: dict[str, RecordedStep] = {}
    events = conn.execute(
        select(case_event)
        .where(case_event.c.case_id == row.id, case_event.c.action.in_(NOTIFICATION_STEPS))
        .order_by(case_event.c.id)
    )
    for event in events:
        # the newest wins: a meeting date set again, say
        steps[event.action] = _step(event)
    agencies = conn.execute(
        select(case_agency.c.id, case_agency.c.name, case_agency.c.representative)
        .where(case_agency.c.case_id == row.id, case_agency.c.removed_at.is_(None))
        .order_by(case_agency.c.id)
    )
    newest = conn.execute(
        select(func.max(rr_report.c.version)).where(rr_report.c.case_id == row.id)
    ).scalar()
    return PackCase(
        reference=row.reference,
        received_on=row.received_on,
        aware_on=row.aware_on or row.received_on,
        form_id=referral.form_id,
        form_version=referral.form_version,
        steps=steps,
        agencies=tuple(PackAgency(a.id, a.name, a.representative or "") for a in agencies),
        newest_report_version=newest,
    )
