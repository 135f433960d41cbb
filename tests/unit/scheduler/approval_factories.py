"""Keyword-only factories for the approval of the recommendation: a case whose Rapid Review
meeting was held, a final report version, the three lead representatives' accounts, and
their links (issued by ``approvals.request_approvals`` itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from services.scheduler.approvals import APPROVAL_REQUEST, request_approvals
from services.scheduler.bootstrap import Container
from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.staff import Partner
from services.scheduler.store.lifecycle import lock_case
from services.scheduler.store.meeting import add_participant
from services.scheduler.store.staff import StaffUser
from services.scheduler.tables import approval_link, case, deadline, rr_report
from tests.unit.scheduler.factories import add_staff, open_case
from tests.unit.scheduler.fakes import FakeQueue

REFERENCE = "GSCP-2026-0001"
LEADS = {
    "local_authority": ("Lewis Grant", "lewis.grant@council.example"),
    "police": ("Dana Okafor", "dana.okafor@police.example"),
    "health": ("Harriet Moss", "harriet.moss@icb.example"),
}
RATIONALE = "Learning about discharge planning.\nAlready shared with the hospital trust."
STATED = "A Domestic Homicide Review is being considered by the community safety partnership."


def add_leads(c: Container, *, partners: tuple[str, ...] = tuple(LEADS)) -> dict[str, StaffUser]:
    """Active partner-lead accounts for ``partners``, by partner."""
    return {
        partner: add_staff(
            c, email=LEADS[partner][1], name=LEADS[partner][0], role="partner-lead", partner=partner
        )
        for partner in partners
    }


def case_id_of(c: Container, reference: str = REFERENCE) -> int:
    with c.engine.connect() as conn:
        return int(
            conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar_one()
        )


def meeting_held_case(
    c: Container,
    *,
    reference: str = REFERENCE,
    held_on: date = date(2026, 4, 8),
    partners: tuple[Partner, ...] = (Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH),
) -> str:
    """A serious-incident case whose meeting was held on ``held_on`` with one participant
    per partner in ``partners``: the state, the participants and the approval clock are
    written directly (these tests are about what follows the meeting), and the jobs the
    opening queued are forgotten."""
    open_case(c, reference=reference)
    if isinstance(c.queue, FakeQueue):
        c.queue.jobs.clear()
    owner = case_id_of(c, reference)
    with c.engine.begin() as conn:
        conn.execute(
            update(case).where(case.c.id == owner).values(state="rapid_review_meeting_held")
        )
        for n, partner in enumerate(partners, start=1):
            person = Participant(0, f"Participant {n}", "Manager", "Agency", partner)
            add_participant(conn, owner, person, at=c.clock(), by=None)
        conn.execute(
            insert(deadline).values(
                case_id=owner,
                clock="approve_recommendation",
                starts_on=held_on,
                due_on=held_on + timedelta(days=2),
            )
        )
    return reference


def add_report(
    c: Container,
    *,
    reference: str = REFERENCE,
    version: int = 1,
    status: str = "final",
    recommendation: str = "d",
    details: str = STATED,
    rationale: str = RATIONALE,
    disagreement: str = "no",
) -> None:
    answers: dict[str, Any] = {
        "child_name": "Ada Example",
        "recommendation": {"answer": recommendation, **({"details": details} if details else {})},
        "rationale": rationale,
        "other_options_considered": "yes",
        "disagreement": {"answer": disagreement}
        | ({"details": "The police lead wanted a local review."} if disagreement == "yes" else {}),
    }
    now = c.clock()
    with c.engine.begin() as conn:
        conn.execute(
            insert(rr_report).values(
                case_id=case_id_of(c, reference),
                version=version,
                status=status,
                form_id="rapid-review-report",
                form_version=1,
                answers=answers,
                pending={},
                created_at=now,
                saved_at=now,
                saved_by="ops@partnership.example",
                finalised_at=now if status == "final" else None,
                finalised_by="ops@partnership.example" if status == "final" else None,
            )
        )


@dataclass(frozen=True)
class Link:
    link_id: int
    token: str


def issue_links(
    c: Container, queue: FakeQueue, *, reference: str = REFERENCE, version: int = 1
) -> dict[str, Link]:
    """``request_approvals`` for ``version`` as the report pages call it; the links by
    partner, taken from the jobs it queued after the commit."""
    before = len(queue.jobs)
    with c.engine.begin() as conn:
        row = lock_case(conn, reference)
        after_commit = request_approvals(conn, c, row, version, by="ops@partnership.example")
    after_commit()
    found = {}
    with c.engine.connect() as conn:
        for name, kwargs in queue.jobs[before:]:
            assert name == APPROVAL_REQUEST
            partner = conn.execute(
                select(approval_link.c.partner).where(approval_link.c.id == kwargs["link_id"])
            ).scalar_one()
            found[partner] = Link(kwargs["link_id"], kwargs["token"])
    return found
