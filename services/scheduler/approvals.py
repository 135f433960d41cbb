"""Approval of the Rapid Review's recommendation by the three lead representatives.

When a version of the Report of Rapid Review is made final, ``request_approvals`` (in the
caller's transaction) withdraws the case's earlier unused approval links and issues one
link per active lead representative (a random 256-bit token, only its SHA-256 stored,
working for ``APPROVAL_LINK_DAYS``); after the commit the notifier emails each its link.
The token travels in the job's arguments only (deleted from Redis once done) and in the
email. The decision itself is the ``decide_recommendation`` action, taken in the console,
through the API or behind the link (``approval_links``).

``approval_status`` is what the case page shows: each partner's decision on the newest
final version, and which partner has no lead representative account to ask.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler.bootstrap import Container
from services.scheduler.domain.approval import APPROVED, DECIDING_PARTNERS, DISAGREED
from services.scheduler.domain.staff import Partner, partner_label
from services.scheduler.domain.states import CaseState
from services.scheduler.scoping import AfterCommit, new_token, token_hash
from services.scheduler.store import approvals as store
from services.scheduler.store import audit
from services.scheduler.store.audit import AuditEvent
from services.scheduler.tables import approval, case, rr_report

log = logging.getLogger(__name__)

APPROVAL_REQUEST = "services.notifier.jobs.send_approval_request"
#: what ``cspr users add --partner`` takes for each partner
CLI_PARTNERS = {Partner.LOCAL_AUTHORITY: "la", Partner.POLICE: "police", Partner.HEALTH: "health"}
_NOUNS = {
    Partner.LOCAL_AUTHORITY: "the local authority",
    Partner.POLICE: "the police",
    Partner.HEALTH: "the health partner",
}


@dataclass(frozen=True)
class IssuedApproval:
    link_id: int
    partner: Partner
    token: str


def _is_final(conn: Connection, case_id: int, version: int) -> bool:
    status = conn.execute(
        select(rr_report.c.status).where(
            rr_report.c.case_id == case_id, rr_report.c.version == version
        )
    ).scalar()
    return status == store.FINAL


def request_approvals(
    conn: Connection, c: Container, case_row: Any, version: int, *, by: str | None
) -> AfterCommit:
    """Links for final report ``version`` to every active lead representative, in the
    caller's transaction; returns what to run after the commit (the emails' jobs).

    A partner without an active lead representative gets no link (the case page says so);
    that is not an error.
    """
    if not _is_final(conn, case_row.id, version):
        raise ValueError(f"report version {version} of case {case_row.reference} is not final")
    now = c.clock()
    expires = now + timedelta(days=c.config.integer("APPROVAL_LINK_DAYS"))
    withdrawn = store.revoke_unused_links(conn, case_row.id, now)
    issued = []
    for lead in store.active_leads(conn):
        token = new_token()
        link_id = store.add_link(
            conn,
            case_row.id,
            version=version,
            lead=lead,
            token_hash=token_hash(token),
            at=now,
            expires_at=expires,
        )
        issued.append(IssuedApproval(link_id, lead.partner, token))
    missing = [p.value for p in DECIDING_PARTNERS if p not in {i.partner for i in issued}]
    audit.record(
        conn,
        AuditEvent(
            now,
            "approval.links_issued",
            None,
            by,
            case_row.reference,
            f"version={version}; links={','.join(str(i.link_id) for i in issued) or '-'}; "
            f"withdrawn={withdrawn}; no_lead={','.join(missing) or '-'}",
            None,
        ),
    )

    def enqueue() -> None:
        for link in issued:
            c.queue.enqueue(APPROVAL_REQUEST, link_id=link.link_id, token=link.token)
        log.info(
            "case %s: approval requests for report version %s asked for %s link(s)",
            case_row.reference,
            version,
            len(issued),
        )

    return enqueue


@dataclass(frozen=True)
class PartnerApproval:
    partner: Partner
    label: str
    #: approved, disagreed, waiting, or none (no longer asked on this version)
    status: str
    decided_at: datetime | None = None
    decided_by: str = ""
    decided_via: str = ""
    reasons: str = ""
    #: the partner has an active lead representative account to ask
    has_lead: bool = True

    @property
    def status_text(self) -> str:
        return _STATUS_TEXT[self.status]

    @property
    def tag_class(self) -> str:
        return _TAGS[self.status]

    @property
    def no_lead_text(self) -> str:
        return (
            f"No lead representative account for {_NOUNS[self.partner]}: ask an "
            "administrator to add one"
        )

    @property
    def add_command(self) -> str:
        return (
            f"cspr users add --role partner-lead --partner {CLI_PARTNERS[self.partner]} "
            "--email … --name …"
        )


_STATUS_TEXT = {
    APPROVED: "Approved",
    DISAGREED: "Disagreed",
    "waiting": "Waiting",
    "none": "No decision",
}
_TAGS = {
    APPROVED: "govuk-tag--green",
    DISAGREED: "govuk-tag--red",
    "waiting": "govuk-tag--yellow",
    "none": "govuk-tag--grey",
}


@dataclass(frozen=True)
class ApprovalStatus:
    version: int
    partners: tuple[PartnerApproval, ...]


def _partner(
    partner: Partner, decided: Any, *, asking: bool, has_lead: bool, health: str
) -> PartnerApproval:
    label = partner_label(partner, health_label=health)
    if decided is None:
        status = "waiting" if asking else "none"
        return PartnerApproval(partner, label, status, has_lead=has_lead)
    return PartnerApproval(
        partner,
        label,
        str(decided.decision),
        decided_at=decided.decided_at,
        decided_by=decided.decided_by or "",
        decided_via=decided.decided_via,
        reasons=decided.reasons or "",
        has_lead=has_lead,
    )


def approval_status(c: Container, reference: str) -> ApprovalStatus | None:
    """The partners' decisions on the newest final report; None while none is final."""
    with c.engine.connect() as conn:
        row = conn.execute(select(case).where(case.c.reference == reference)).first()
        if row is None:
            return None
        version = store.newest_final_version(conn, row.id)
        if version is None:
            return None
        decided = {
            r.partner: r
            for r in conn.execute(
                select(approval).where(
                    approval.c.case_id == row.id, approval.c.report_version == version
                )
            )
        }
        leads = {lead.partner for lead in store.active_leads(conn)}
    disputed = any(r.decision == DISAGREED for r in decided.values())
    # after a disagreement only a new final version is decided on
    asking = row.state == CaseState.RAPID_REVIEW_MEETING_HELD.value and not disputed
    health = c.config["HEALTH_PARTNER_LABEL"]
    return ApprovalStatus(
        version,
        tuple(
            _partner(p, decided.get(p.value), asking=asking, has_lead=p in leads, health=health)
            for p in DECIDING_PARTNERS
        ),
    )
