"""Keyword-only factories for scheduler test data (any SQLAlchemy engine)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.intake.tables import referral
from services.intake.tokens import SqlApiTokenStore, issue_token, revoke_token
from services.scheduler import casework
from services.scheduler.accounts import create_staff
from services.scheduler.bootstrap import Container
from services.scheduler.store.staff import StaffUser
from services.scheduler.tables import audit_event

STAFF_PASSWORD = "correct horse battery staple"


def serious_incident_answers(**overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "child_name": "Ada Example",
        "child_date_of_birth": "2015-06-01",
        "referrer_name": "Sam Referrer",
        "referrer_agency": "Greenwich Primary School, Designated Safeguarding Lead",
        "referrer_email": "sam.referrer@school.example",
        "outline": "Child admitted to hospital with injuries.\nSiblings placed with relatives.",
    }
    answers.update(overrides)
    return answers


def insert_referral(
    engine: Engine,
    *,
    reference: str = "GSCP-2026-0001",
    kind: str = "serious_incident",
    received_at: datetime = datetime(2026, 4, 2, 10, 30, tzinfo=UTC),
    answers: dict[str, Any] | None = None,
    form_id: str | None = None,
    form_version: int = 1,
) -> int:
    """An intake row as intake stores it, with a chosen reference (the unit tests' SQLite
    has no intake to allocate one). The default answers are a first-slice referral's: a
    few questions of serious-incident version 1, as the oldest stored referrals are."""
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(referral)
                .values(
                    reference=reference,
                    kind=kind,
                    form_id=form_id or kind.replace("_", "-"),
                    form_version=form_version,
                    received_at=received_at,
                    answers=answers if answers is not None else serious_incident_answers(),
                    source="web",
                )
                .returning(referral.c.id)
            ).scalar_one()
        )


def open_case(c: Container, **referral: Any) -> str:
    referral_id = insert_referral(c.engine, **referral)
    return casework.open_case(c, referral_id).reference


def attach_document(
    c: Container,
    *,
    case_reference: str,
    document_id: int = 7,
    kind: str = "referral",
    format: str = "pdf",
    filename: str | None = None,
    sha256: str = "ab" * 32,
    size: int = 12_345,
) -> None:
    casework.record_document(
        c,
        document_id=document_id,
        case_reference=case_reference,
        kind=kind,
        format=format,
        filename=filename or f"{case_reference}-{kind}.{format}",
        sha256=sha256,
        size=size,
    )


def add_staff(
    c: Container,
    *,
    email: str = "ops.person@partnership.example",
    name: str = "Olive Ops",
    role: str = "ops",
    password: str = STAFF_PASSWORD,
    partner: str | None = None,
) -> StaffUser:
    """A staff account; a partner-lead belongs to the police unless ``partner`` says."""
    if role == "partner-lead" and partner is None:
        partner = "police"
    return create_staff(c, email=email, name=name, role=role, password=password, partner=partner)


def audit_rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(audit_event).order_by(audit_event.c.id)))


def api_token(c: Container, *, email: str, revoked: bool = False) -> str:
    """An API token as ``cspr tokens create`` makes one (intake's table), for ``email``."""
    store = SqlApiTokenStore(c.engine)
    issued = issue_token(store, email=email, clock=c.clock)
    if revoked:
        revoke_token(store, issued.token.id, clock=c.clock)
    return issued.secret
