"""The lead representatives' decisions on a final report, and their emailed approval links,
in the database (``scheduler_approval``, ``scheduler_approval_link``; tokens as SHA-256)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from services.scheduler.domain.approval import Decision
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.tables import approval, approval_link, rr_report, staff_user

FINAL = "final"
#: a partner value some older accounts were given (``cli.PARTNERS``)
_OLD_PARTNERS = {"la": Partner.LOCAL_AUTHORITY}


def partner_of(value: str | None) -> Partner | None:
    if not value:
        return None
    try:
        return _OLD_PARTNERS.get(value) or Partner(value)
    except ValueError:
        return None


def newest_final_version(conn: Connection, case_id: int) -> int | None:
    found = conn.execute(
        select(func.max(rr_report.c.version)).where(
            rr_report.c.case_id == case_id, rr_report.c.status == FINAL
        )
    ).scalar()
    return int(found) if found is not None else None


def decisions_on(conn: Connection, case_id: int, version: int) -> dict[Partner, str]:
    rows = conn.execute(
        select(approval.c.partner, approval.c.decision).where(
            approval.c.case_id == case_id, approval.c.report_version == version
        )
    )
    return {p: r.decision for r in rows if (p := partner_of(r.partner)) is not None}


def record_decision(
    conn: Connection,
    case_id: int,
    decision: Decision,
    *,
    at: datetime,
    by: str | None,
    via: str,
) -> None:
    """Keep the decision, and spend the partner's unused links to that version: the
    partner has decided, by whichever way it came."""
    conn.execute(
        insert(approval).values(
            case_id=case_id,
            report_version=decision.version,
            partner=decision.partner.value,
            decision=decision.decision,
            reasons=decision.reasons,
            decided_at=at,
            decided_by=by,
            decided_via=via,
        )
    )
    conn.execute(
        update(approval_link)
        .where(
            approval_link.c.case_id == case_id,
            approval_link.c.report_version == decision.version,
            approval_link.c.partner == decision.partner.value,
            approval_link.c.used_at.is_(None),
            approval_link.c.revoked_at.is_(None),
        )
        .values(used_at=at)
    )


@dataclass(frozen=True)
class Lead:
    staff_id: int
    partner: Partner
    email: str


def active_leads(conn: Connection) -> list[Lead]:
    """The active partner-lead accounts with a partner, in the seed's order of partners."""
    rows = conn.execute(
        select(staff_user.c.id, staff_user.c.partner, staff_user.c.email)
        .where(
            staff_user.c.role == Role.PARTNER_LEAD.value,
            staff_user.c.active.is_(True),
            staff_user.c.partner.is_not(None),
        )
        .order_by(staff_user.c.id)
    )
    found = [Lead(r.id, p, r.email) for r in rows if (p := partner_of(r.partner)) is not None]
    return sorted(found, key=lambda lead: list(Partner).index(lead.partner))


def revoke_unused_links(conn: Connection, case_id: int, at: datetime) -> int:
    """Withdraw every link of the case not used yet (a newer version replaces them)."""
    done = conn.execute(
        update(approval_link)
        .where(
            approval_link.c.case_id == case_id,
            approval_link.c.used_at.is_(None),
            approval_link.c.revoked_at.is_(None),
        )
        .values(revoked_at=at)
    )
    return int(done.rowcount or 0)


def add_link(
    conn: Connection,
    case_id: int,
    *,
    version: int,
    lead: Lead,
    token_hash: str,
    at: datetime,
    expires_at: datetime,
) -> int:
    made = conn.execute(
        insert(approval_link)
        .values(
            case_id=case_id,
            report_version=version,
            partner=lead.partner.value,
            staff_id=lead.staff_id,
            token_hash=token_hash,
            issued_at=at,
            expires_at=expires_at,
        )
        .returning(approval_link.c.id)
    ).scalar_one()
    return int(made)


def link_by_hash(conn: Connection, token_hash: str, *, lock: bool = False) -> Any:
    """The link row with this token's SHA-256 (locked when asked), or None."""
    query = select(approval_link).where(approval_link.c.token_hash == token_hash)
    return conn.execute(query.with_for_update() if lock else query).first()


def staff_active(conn: Connection, staff_id: int) -> bool:
    found = conn.execute(select(staff_user.c.active).where(staff_user.c.id == staff_id)).scalar()
    return bool(found)
