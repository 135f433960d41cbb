"""The meeting schedule: adding or removing a date re-dates the waiting cases' clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from services.scheduler import meetings
from services.scheduler.bootstrap import Container
from services.scheduler.store import lifecycle as store
from services.scheduler.tables import case, deadline
from tests.unit.scheduler.factories import audit_rows, open_case

ARRIVED = datetime(2026, 4, 9, 9, 0, tzinfo=UTC)  # Thursday 9 April 2026


def lfp_due(c: Container) -> dict[str, date]:
    with c.engine.connect() as conn:
        rows = conn.execute(
            select(case.c.reference, deadline.c.due_on)
            .join(case, case.c.id == deadline.c.case_id)
            .where(deadline.c.clock == "lfp_consideration")
        )
        return {r.reference: r.due_on for r in rows}


def add(c: Container, day: date) -> meetings.Changed:
    return meetings.add_meeting(c, day, actor_id=None, actor_email="admin@partnership.example")


def remove(c: Container, day: date) -> meetings.Changed:
    return meetings.remove_meeting(c, day, actor_id=None, actor_email="admin@partnership.example")


def practice_learning(c: Container, reference: str) -> str:
    return open_case(c, reference=reference, kind="practice_learning", received_at=ARRIVED)


def test_an_earlier_meeting_brings_the_waiting_cases_forward_and_back(container: Container) -> None:
    add(container, date(2026, 6, 11))
    practice_learning(container, "GSCP-2026-0001")
    assert lfp_due(container) == {"GSCP-2026-0001": date(2026, 6, 11)}

    changed = add(container, date(2026, 5, 14))
    assert changed.done
    assert changed.redated == (meetings.Redated("GSCP-2026-0001", date(2026, 5, 14)),)
    assert lfp_due(container) == {"GSCP-2026-0001": date(2026, 5, 14)}

    remove(container, date(2026, 5, 14))
    assert lfp_due(container) == {"GSCP-2026-0001": date(2026, 6, 11)}
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference) == (
        "meetings.changed",
        "admin@partnership.example",
        None,
    )
    assert event.detail == "removed=2026-05-14; redated=GSCP-2026-0001=2026-06-11"


def test_a_meeting_on_the_day_of_referral_or_before_does_not_count(container: Container) -> None:
    add(container, date(2026, 6, 11))
    practice_learning(container, "GSCP-2026-0001")
    add(container, date(2026, 4, 9))
    add(container, date(2026, 3, 12))
    assert lfp_due(container) == {"GSCP-2026-0001": date(2026, 6, 11)}


def test_removing_the_last_meeting_ahead_leaves_the_clock_unstarted(container: Container) -> None:
    add(container, date(2026, 6, 11))
    practice_learning(container, "GSCP-2026-0001")
    changed = remove(container, date(2026, 6, 11))
    assert changed.redated == (meetings.Redated("GSCP-2026-0001", None),)
    assert lfp_due(container) == {}


def test_met_closed_and_special_meeting_clocks_are_left_alone(container: Container) -> None:
    add(container, date(2026, 6, 11))
    for reference in ("GSCP-2026-0001", "GSCP-2026-0002", "GSCP-2026-0003", "GSCP-2026-0004"):
        practice_learning(container, reference)
    with container.engine.begin() as conn:
        ids = dict(conn.execute(select(case.c.reference, case.c.id)).all())
        conn.execute(
            update(deadline)
            .where(deadline.c.case_id == ids["GSCP-2026-0001"])
            .values(met_on=date(2026, 6, 11))
        )
        conn.execute(update(case).where(case.c.id == ids["GSCP-2026-0002"]).values(state="closed"))
        # a special meeting arranged for 20 May
        conn.execute(
            update(deadline)
            .where(deadline.c.case_id == ids["GSCP-2026-0003"])
            .values(due_on=date(2026, 5, 20))
        )
    changed = add(container, date(2026, 5, 14))
    assert [r.reference for r in changed.redated] == ["GSCP-2026-0004"]
    assert lfp_due(container) == {
        "GSCP-2026-0001": date(2026, 6, 11),
        "GSCP-2026-0002": date(2026, 6, 11),
        "GSCP-2026-0003": date(2026, 5, 20),
        "GSCP-2026-0004": date(2026, 5, 14),
    }


def test_adding_a_date_twice_or_removing_one_not_there_changes_nothing(
    container: Container,
) -> None:
    assert add(container, date(2026, 6, 11)).done
    before = len(audit_rows(container.engine))
    assert not add(container, date(2026, 6, 11)).done
    assert not remove(container, date(2026, 7, 9)).done
    assert len(audit_rows(container.engine)) == before
    with container.engine.connect() as conn:
        assert store.meetings(conn) == (date(2026, 6, 11),)
