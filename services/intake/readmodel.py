"""What other services may read of intake's data: submitted referrals, a resume link's
addressee and agencies' scoping returns, read-only.

The scheduler (case pages, the API), documents (the referral document) and the notifier
(confirmation and resume-link emails) read intake's data through this module; nothing
outside intake writes intake tables or imports anything else from intake. The answers
follow the form definition named by ``form_id`` and ``form_version``
(``shared.forms.registry.get_form``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Connection

from services.intake.tables import api_token, draft, referral, scoping_return


@dataclass(frozen=True)
class ReferralSnapshot:
    id: int
    reference: str
    #: the case route: serious_incident or practice_learning
    kind: str
    form_id: str
    form_version: int
    received_at: datetime
    answers: dict[str, Any]


def _snapshot(row: Any) -> ReferralSnapshot:
    return ReferralSnapshot(
        id=row.id,
        reference=row.reference,
        kind=row.kind,
        form_id=row.form_id,
        form_version=row.form_version,
        received_at=row.received_at,
        answers=dict(row.answers),
    )


def fetch_referral(conn: Connection, referral_id: int) -> ReferralSnapshot | None:
    row = conn.execute(select(referral).where(referral.c.id == referral_id)).first()
    return _snapshot(row) if row is not None else None


def fetch_referral_by_reference(conn: Connection, reference: str) -> ReferralSnapshot | None:
    row = conn.execute(select(referral).where(referral.c.reference == reference)).first()
    return _snapshot(row) if row is not None else None


def fetch_referrals(conn: Connection, referral_ids: Iterable[int]) -> dict[int, ReferralSnapshot]:
    """Several referrals at once (a case list), by id."""
    ids = sorted(set(referral_ids))
    if not ids:
        return {}
    rows = conn.execute(select(referral).where(referral.c.id.in_(ids)))
    return {row.id: _snapshot(row) for row in rows}


@dataclass(frozen=True)
class ResumeContact:
    """Where a resume link goes, and whether the link asked for is still the current one."""

    draft_id: int
    form_id: str
    email: str
    serial: int
    expires_at: datetime
    submitted: bool


def fetch_resume_contact(conn: Connection, draft_id: int) -> ResumeContact | None:
    row = conn.execute(select(draft).where(draft.c.id == draft_id)).first()
    if row is None or not row.resume_email or row.resume_expires_at is None:
        return None
    return ResumeContact(
        draft_id=row.id,
        form_id=row.form_id,
        email=row.resume_email,
        serial=row.resume_serial,
        expires_at=row.resume_expires_at,
        submitted=row.referral_id is not None,
    )


def answers_of(
    conn: Connection, referral_ids: Iterable[int] | Select[Any], keys: Iterable[str]
) -> dict[int, dict[str, Any]]:
    """Only the named answers of several referrals, by id: a case list's names, or the
    names a search looks through. ``referral_ids`` may be a query of ids (one round trip
    however many cases it names)."""
    wanted = list(keys)
    ids = referral_ids if isinstance(referral_ids, Select) else sorted(set(referral_ids))
    if not wanted or (isinstance(ids, list) and not ids):
        return {}
    columns = [referral.c.answers[k].label(f"answer_{n}") for n, k in enumerate(wanted)]
    rows = conn.execute(select(referral.c.id, *columns).where(referral.c.id.in_(ids)))
    return {row.id: {k: row._mapping[f"answer_{n}"] for n, k in enumerate(wanted)} for row in rows}


def find_api_token(conn: Connection, token_hash: str) -> tuple[str, bool] | None:
    """(email, revoked) of the API token with this SHA-256, or None: how the scheduler's
    JSON API knows whose token it was sent (tokens are issued by ``cspr tokens create``)."""
    row = conn.execute(
        select(api_token.c.email, api_token.c.revoked_at).where(
            api_token.c.token_hash == token_hash
        )
    ).first()
    return (row.email, row.revoked_at is not None) if row is not None else None


@dataclass(frozen=True)
class ScopingReturnSnapshot:
    """An agency's scoping return (App. iii) as intake holds it: a draft, returned, or the
    agency's answer that the family is not known to it. Kept apart from the case file."""

    case_agency_id: int
    case_reference: str
    form_id: str
    form_version: int
    #: draft, returned or not_known
    status: str
    answers: dict[str, Any]
    started_at: datetime
    saved_at: datetime
    submitted_at: datetime | None
    reopened_at: datetime | None
    reopen_reason: str


def _return_snapshot(row: Any) -> ScopingReturnSnapshot:
    return ScopingReturnSnapshot(
        case_agency_id=row.case_agency_id,
        case_reference=row.case_reference,
        form_id=row.form_id,
        form_version=row.form_version,
        status=row.status,
        answers=dict(row.answers or {}),
        started_at=row.started_at,
        saved_at=row.saved_at,
        submitted_at=row.submitted_at,
        reopened_at=row.reopened_at,
        reopen_reason=row.reopen_reason or "",
    )


def fetch_scoping_returns(
    conn: Connection, case_agency_ids: Iterable[int]
) -> dict[int, ScopingReturnSnapshot]:
    """The returns (drafts included) of these case agencies, by case agency id."""
    ids = sorted(set(case_agency_ids))
    if not ids:
        return {}
    rows = conn.execute(select(scoping_return).where(scoping_return.c.case_agency_id.in_(ids)))
    return {row.case_agency_id: _return_snapshot(row) for row in rows}
