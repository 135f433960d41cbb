"""A lead representative's emailed approval link: what it opens, and the decision taken
through it.

The token is the credential: whoever holds a usable one decides for its partner, on the
report version it was issued for. A token never issued, or one withdrawn (a newer version
was sent, the account was disabled, the case moved on), used (the partner has decided) or
expired opens nothing of the case. The decision is the ``decide_recommendation`` action,
taken through ``lifecycle.take_action`` as the link's lead representative, with the link
checked again under the case's lock; recording it spends the partner's links.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.scheduler import lifecycle
from services.scheduler.bootstrap import Container
from services.scheduler.domain.actions import ACTIONS
from services.scheduler.domain.approval import VIA_LINK
from services.scheduler.domain.approval_steps import APPROVAL_CLOCK
from services.scheduler.domain.lifecycle import ActionRefused, Actor, CaseSnapshot, Plan
from services.scheduler.domain.meeting import quorum_text
from services.scheduler.domain.staff import Partner, Role, partner_label
from services.scheduler.readmodel import ReportSnapshot, fetch_report
from services.scheduler.scoping import token_hash
from services.scheduler.store import approvals as store
from services.scheduler.store import audit
from services.scheduler.store import lifecycle as cases
from services.scheduler.store.audit import AuditEvent
from services.scheduler.tables import case, staff_user
from shared.forms.choices import Choice
from shared.forms.registry import UnknownForm, get_form

log = logging.getLogger(__name__)

DECIDE = "decide_recommendation"
#: what ``secrets.token_urlsafe`` makes; anything else is not looked up
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    WITHDRAWN = "withdrawn"
    USED = "used"
    EXPIRED = "expired"


class LinkUnusable(ActionRefused):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__("This link cannot be used.")
        self.problem = problem


@dataclass(frozen=True)
class ApprovalLinkView:
    """What the link shows: the case, the partner, and the recommendation to decide on."""

    link_id: int
    reference: str
    version: int
    partner: Partner
    partner_label: str
    staff_id: int
    staff_name: str
    staff_email: str
    expires_at: datetime
    #: "b) Meets the criteria for a local Child Safeguarding Practice Review"
    recommendation: str
    #: the "Please state" of d and j
    recommendation_details: str
    rationale: str
    disagreement: bool
    disagreement_details: str
    meeting_on: date | None
    quorum: str
    #: the "lead representatives approve the recommendation" clock's due date
    due_on: date | None

    def actor(self) -> Actor:
        return Actor(Role.PARTNER_LEAD, self.staff_id, self.partner, self.staff_email, via=VIA_LINK)


def _answer(answers: Mapping[str, Any], key: str) -> tuple[str, str]:
    found = answers.get(key)
    if isinstance(found, Mapping):
        return str(found.get("answer") or ""), str(found.get("details") or "")
    return str(found or ""), ""


def recommendation_label(report: ReportSnapshot, letter: str) -> str:
    try:
        question = get_form(report.form_id, report.form_version).question("recommendation")
    except UnknownForm:
        question = None
    if isinstance(question, Choice):
        for option in question.options:
            if option.value == letter:
                return f"{letter}) {option.label}"
    return letter or "Not given"


def _problem(link: Any, now: datetime, before: CaseSnapshot, active: bool) -> LinkProblem | None:
    """Why the link may not be used now (None when it may)."""
    if link is None:
        return LinkProblem.UNKNOWN
    if link.revoked_at is not None:
        return LinkProblem.WITHDRAWN
    if link.used_at is not None:
        return LinkProblem.USED
    if now >= link.expires_at:
        return LinkProblem.EXPIRED
    partner = store.partner_of(link.partner)
    if not active or partner is None:
        return LinkProblem.WITHDRAWN
    if before.report_version == link.report_version and partner in before.decisions:
        return LinkProblem.USED
    actor = Actor(Role.PARTNER_LEAD, link.staff_id, partner)
    if ACTIONS[DECIDE].refusal(before, actor) or before.report_version != link.report_version:
        return LinkProblem.WITHDRAWN
    return None


def _view(
    c: Container, conn: Connection, link: Any, row: Any, snap: CaseSnapshot
) -> ApprovalLinkView | LinkProblem:
    staff = conn.execute(select(staff_user).where(staff_user.c.id == link.staff_id)).one()
    report = fetch_report(conn, row.reference, link.report_version)
    partner = store.partner_of(link.partner)
    if report is None or partner is None:
        return LinkProblem.WITHDRAWN
    letter, stated = _answer(report.answers, "recommendation")
    disagreed, why = _answer(report.answers, "disagreement")
    clock = snap.clock(APPROVAL_CLOCK)
    return ApprovalLinkView(
        link_id=link.id,
        reference=row.reference,
        version=link.report_version,
        partner=partner,
        partner_label=partner_label(partner, health_label=c.config["HEALTH_PARTNER_LABEL"]),
        staff_id=staff.id,
        staff_name=staff.name,
        staff_email=staff.email,
        expires_at=link.expires_at,
        recommendation=recommendation_label(report, letter),
        recommendation_details=stated,
        rationale=str(report.answers.get("rationale") or ""),
        disagreement=disagreed == "yes",
        disagreement_details=why if disagreed == "yes" else "",
        meeting_on=report.meeting_on,
        quorum=quorum_text(snap.participants),
        due_on=clock.due_on if clock else None,
    )


def open_link(c: Container, token: str) -> ApprovalLinkView | LinkProblem:
    """What ``token`` opens now, or why it opens nothing."""
    if not TOKEN.fullmatch(token):
        return LinkProblem.UNKNOWN
    with c.engine.connect() as conn:
        link = store.link_by_hash(conn, token_hash(token))
        if link is None:
            return LinkProblem.UNKNOWN
        row = conn.execute(select(case).where(case.c.id == link.case_id)).one()
        snap = cases.snapshot(conn, row)
        problem = _problem(link, c.clock(), snap, store.staff_active(conn, link.staff_id))
        return problem or _view(c, conn, link, row, snap)


def audit_link(
    c: Container,
    token: str,
    opened: ApprovalLinkView | LinkProblem,
    *,
    remote_addr: str | None,
) -> None:
    """``approval.link_viewed``, or ``approval.link_refused`` for a link that exists."""
    with c.engine.begin() as conn:
        if isinstance(opened, ApprovalLinkView):
            event = AuditEvent(
                c.clock(),
                "approval.link_viewed",
                opened.staff_id,
                opened.staff_email,
                opened.reference,
                f"link_id={opened.link_id}; version={opened.version}; "
                f"partner={opened.partner.value}",
                remote_addr,
            )
        else:
            link = store.link_by_hash(conn, token_hash(token)) if TOKEN.fullmatch(token) else None
            if link is None:
                log.info("approval link refused: %s", opened.value)
                return
            reference = conn.execute(
                select(case.c.reference).where(case.c.id == link.case_id)
            ).scalar()
            event = AuditEvent(
                c.clock(),
                "approval.link_refused",
                link.staff_id,
                None,
                reference,
                f"link_id={link.id}; problem={opened.value}",
                remote_addr,
            )
        audit.record(conn, event)


def decide(c: Container, token: str, raw: Mapping[str, object], *, remote_addr: str | None) -> Plan:
    """Take the decision through the link; raises LinkUnusable, InputErrors, ActionRefused
    or CaseChanged."""
    opened = open_link(c, token)
    if not isinstance(opened, ApprovalLinkView):
        raise LinkUnusable(opened)
    hashed = token_hash(token)

    def still_usable(conn: Connection, before: CaseSnapshot) -> None:
        link = store.link_by_hash(conn, hashed, lock=True)
        active = link is not None and store.staff_active(conn, link.staff_id)
        problem = _problem(link, c.clock(), before, active)
        if problem:
            raise LinkUnusable(problem)

    return lifecycle.take_action(
        c,
        opened.reference,
        DECIDE,
        dict(raw),
        opened.actor(),
        remote_addr=remote_addr,
        check=still_usable,
    )
