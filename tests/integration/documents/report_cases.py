"""A case whose Rapid Review report is final and approved, as the scheduler's console leaves
one: the meeting's participants (the scheduler's meeting store), the meeting recorded in
the timeline, and the report's version and the partners' approvals inserted into the
scheduler's tables (no store writes them apart from the console's flows)."""

from __future__ import annotations

from typing import Any

from redis import Redis
from rq import Queue
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.scheduler.domain.meeting import Participant
from services.scheduler.domain.staff import Partner
from services.scheduler.store.lifecycle import Event, add_event
from services.scheduler.store.meeting import add_participant
from services.scheduler.tables import approval, case, rr_report
from shared.clock import utc_now
from shared.forms.registry import get_form
from tests.integration.scheduler.factories import RECEIVED_AT

REPORT_FORM = "rapid-review-report"
#: name, job role, agency, the safeguarding partner represented
Person = tuple[str, str, str, Partner | None]


def case_with_final_report(
    engine: Engine,
    redis_conn: Redis,
    *,
    reference: str,
    answers: dict[str, Any],
    people: tuple[Person, ...],
    approved_by: tuple[Partner, ...] = tuple(Partner),
) -> None:
    """Case ``reference`` (opened already) with its meeting held by ``people`` on 17 April,
    its report's version 1 final with ``answers``, approved by ``approved_by``. The
    referral's own document job is dropped: it is other tests' subject."""
    Queue("documents", connection=redis_conn).empty()
    now = utc_now()
    form = get_form(REPORT_FORM)
    with engine.begin() as conn:
        found = conn.execute(select(case.c.id, case.c.state).where(case.c.reference == reference))
        case_id, state = found.one()
        for name, role, agency, partner in people:
            add_participant(
                conn, case_id, Participant(0, name, role, agency, partner), at=now, by=None
            )
        add_event(
            conn,
            case_id,
            Event(
                at=now,
                on=RECEIVED_AT.date().replace(day=17),
                action="record_meeting_held",
                from_state=state,
                to_state=state,
                summary="Rapid Review meeting held",
            ),
            actor_role="ops",
        )
        conn.execute(
            insert(rr_report).values(
                case_id=case_id,
                version=1,
                status="final",
                form_id=form.id,
                form_version=form.version,
                answers=answers,
                pending={},
                created_at=now,
                saved_at=now,
                saved_by="ops@example.org",
                finalised_at=now,
                finalised_by="chair@example.org",
            )
        )
        for partner in approved_by:
            conn.execute(
                insert(approval).values(
                    case_id=case_id,
                    report_version=1,
                    partner=partner.value,
                    decision="approved",
                    reasons="",
                    decided_at=now,
                    decided_by=f"{partner.value}@lead.example",
                    decided_via="link",
                )
            )
