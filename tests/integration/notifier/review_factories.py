"""Test data for the Rapid Review's emails after its meeting, in the scheduler's own tables:
the lead representatives as staff accounts made by the scheduler's accounts code, the
agencies through its agency store, and the rows its read models read for reports and
approval links (the scheduler has no store for them yet), as it will write them."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.scheduler.accounts import deactivate_staff
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import AgencyDetails
from services.scheduler.store.agencies import add_case_agency
from services.scheduler.tables import approval_link, case, rr_report
from tests.integration.notifier.factories import CHILD_NAME
from tests.unit.scheduler.factories import add_staff

#: the lead representatives, by partner
LEADS = {
    "local_authority": ("Lewis Grant", "lewis.grant@council.example"),
    "police": ("Dana Okafor", "dana.okafor@police.example"),
    "health": ("Harriet Moss", "harriet.moss@icb.example"),
}
#: what a lead representative wrote in disagreement: it names people
DISAGREEMENT_TEXT = f"DS Karen Whitfield disagrees: {CHILD_NAME}'s stepfather was not checked."


def add_lead_representatives(c: Container) -> dict[str, int]:
    """The three partner-lead accounts, a disabled one and an ops account; the staff ids of
    the three by partner."""
    ids = {
        partner: add_staff(c, email=email, name=name, role="partner-lead", partner=partner).id
        for partner, (name, email) in LEADS.items()
    }
    add_staff(c, email="old.lead@police.example", name="Old Lead", role="partner-lead")
    deactivate_staff(c, "old.lead@police.example")
    add_staff(c, email="olive.ops@partnership.example", name="Olive Ops", role="ops")
    return ids


def case_id(engine: Engine, reference: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar_one()
        )


def add_report(
    engine: Engine,
    reference: str,
    *,
    version: int,
    recommendation: str,
    now: datetime,
    status: str = "final",
    disagreement: str = "yes",
) -> None:
    """A version of the Report of Rapid Review, with the child named in its answers."""
    answers: dict[str, Any] = {
        "case_summary": f"{CHILD_NAME} was admitted to hospital.",
        "recommendation": {
            "answer": recommendation,
            "details": f"A Domestic Homicide Review naming {CHILD_NAME}'s mother.",
        },
        "disagreement": {"answer": disagreement, "details": DISAGREEMENT_TEXT},
    }
    owner = case_id(engine, reference)
    with engine.begin() as conn:
        conn.execute(
            insert(rr_report).values(
                case_id=owner,
                version=version,
                status=status,
                form_id="rapid-review-report",
                form_version=1,
                answers=answers,
                pending={},
                created_at=now,
                saved_at=now,
                saved_by="olive.ops@partnership.example",
                finalised_at=now if status == "final" else None,
                finalised_by="olive.ops@partnership.example" if status == "final" else None,
            )
        )


@dataclass(frozen=True)
class IssuedApproval:
    link_id: int
    token: str
    expires_at: datetime


def issue_approval_link(
    engine: Engine,
    reference: str,
    *,
    staff_id: int,
    partner: str,
    version: int,
    now: datetime,
    expires_at: datetime | None = None,
    revoked: bool = False,
    used: bool = False,
) -> IssuedApproval:
    """An approval link as the scheduler issues one: the token's SHA-256 stored, never it."""
    token = secrets.token_urlsafe(32)
    expires = expires_at or now + timedelta(days=7)
    owner = case_id(engine, reference)
    with engine.begin() as conn:
        made = conn.execute(
            insert(approval_link).values(
                case_id=owner,
                report_version=version,
                partner=partner,
                staff_id=staff_id,
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                issued_at=now,
                expires_at=expires,
                revoked_at=now if revoked else None,
                used_at=now if used else None,
            )
        ).inserted_primary_key
    assert made is not None
    return IssuedApproval(int(made[0]), token, expires)


def add_agency(
    engine: Engine,
    reference: str,
    *,
    name: str,
    representative: str,
    email: str,
    now: datetime,
    kind: str = "police",
) -> int:
    owner = case_id(engine, reference)
    details = AgencyDetails(name=name, kind=kind, representative=representative, email=email)
    with engine.begin() as conn:
        return add_case_agency(conn, owner, details, source="typed", at=now)
