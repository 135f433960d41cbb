"""The Rapid Review meeting through the console on PostgreSQL: its date inside or outside
working days 9 to 11 (outside needs a reason), who took part, and the quorum (the local
authority, the police and the health partner each represented) recorded with the meeting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.tables import case, case_event, deadline
from shared import runtime
from tests.integration.journey.scoping_steps import act, agencies_page, console_post, signed_in
from tests.integration.scheduler.factories import open_case, scheduler_config, store_referral
from tests.support.journey import error_texts, one, soup_of, text
from tests.unit.scheduler.factories import add_staff

#: Monday 2 November 2026; the Panel is notified the same day, so working days 9 to 11 after
#: it are Friday 13 to Tuesday 17 November
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOTIFIED = date(2026, 11, 2)
TODAY = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
OPS, CHAIR = "ops@partnership.example", "chair@partnership.example"
LA, POLICE, HEALTH = "local_authority", "police", "health"


@pytest.fixture
def console(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis
) -> Iterator[Flask]:
    app = create_app(scheduler_config(database_url, redis_url), engine=engine)
    c: Container = app.extensions["cspr"]
    c.clock = lambda: TODAY
    add_staff(c, email=OPS)
    add_staff(c, email=CHAIR, role="chair")
    yield app
    runtime.clear()


def to_scoping(app: Flask, engine: Engine, redis_conn: Redis) -> tuple[str, FlaskClient]:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    ops, chair = signed_in(app, OPS), signed_in(app, CHAIR)
    act(ops, reference, "record_leads_informed", informed_on=NOTIFIED)
    act(chair, reference, "decide_criteria", criteria="met", decided_on=NOTIFIED,
        rationale="A child was seriously harmed.")  # fmt: skip
    act(ops, reference, "record_panel_notification", notified_on=NOTIFIED,
        dfe_reference="SIN-2026-000777")  # fmt: skip
    listed = agencies_page(ops, reference)
    assert listed, "the referral names the agencies involved"
    for n, facts in enumerate(listed.values()):
        url = f"/cases/{reference}/agencies/{facts['id']}/change"
        done = console_post(ops, url, name=f"School {n}", kind="education",
                            representative="A Lead", email="lead@school.example")  # fmt: skip
        assert done.status_code == 303, error_texts(done)
    act(ops, reference, "send_scoping_requests", sent_on=NOTIFIED,
        summary_of_case="A serious incident.", time_period="The last year")  # fmt: skip
    return reference, ops


def add(ops: FlaskClient, reference: str, name: str, partner: str) -> None:
    done = console_post(ops, f"/cases/{reference}/meeting", name=name, job_role="Manager",
                        agency=f"{partner} agency", partner=partner)  # fmt: skip
    assert done.status_code == 303, error_texts(done)


def facts_of_meeting(engine: Engine, reference: str) -> dict[str, object]:
    with engine.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
        details = conn.execute(
            select(case_event.c.details).where(
                case_event.c.case_id == case_id, case_event.c.action == "record_meeting_held"
            )
        ).scalar()
        met = conn.execute(
            select(deadline.c.met_on).where(
                deadline.c.case_id == case_id, deadline.c.clock == "rapid_review_meeting"
            )
        ).scalar()
    return {**dict(details or {}), "met_on": met}


def test_a_meeting_outside_the_window_needs_a_reason(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = to_scoping(console, engine, redis_conn)
    page = soup_of(ops.get(f"/cases/{reference}/actions/set_meeting_date"))
    assert "between 13 November 2026 and 17 November 2026" in text(one(page, "#action-clock"))
    late = console_post(ops, f"/cases/{reference}/actions/set_meeting_date",
                        meeting_on=date(2026, 11, 19))  # fmt: skip
    assert late.status_code == 200
    assert error_texts(late) == [
        "Enter why the meeting is outside working days 9 to 11 after the Panel was notified "
        "(13 November 2026 to 17 November 2026)"
    ]
    act(ops, reference, "set_meeting_date", meeting_on=date(2026, 11, 19),
        outside_window_reason="The police lead is in court until the 18th.")  # fmt: skip
    act(ops, reference, "set_meeting_date", meeting_on=date(2026, 11, 16))
    shown = text(one(soup_of(ops.get(f"/cases/{reference}/meeting")), "#meeting-facts"))
    assert "16 November 2026 (planned)" in shown
    timeline = text(one(soup_of(ops.get(f"/cases/{reference}")), "#timeline-entries"))
    assert "set for Thursday 19 November 2026 (outside working days 9 to 11)" in timeline
    assert "The police lead is in court" in timeline


def test_a_meeting_without_the_police_is_recorded_as_not_quorate(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = to_scoping(console, engine, redis_conn)
    refused = ops.get(f"/cases/{reference}/actions/record_meeting_held")
    assert refused.status_code == 409
    assert "Record who took part" in refused.get_data(as_text=True)
    missing = console_post(ops, f"/cases/{reference}/meeting", name="", job_role="", agency="")
    assert missing.status_code == 400
    assert len(error_texts(missing)) == 4
    add(ops, reference, "Pat Social", LA)
    add(ops, reference, "Hal Nurse", HEALTH)
    add(ops, reference, "Sam School", "none")
    page = soup_of(ops.get(f"/cases/{reference}/meeting"))
    assert "Not quorate: nobody from the police" in text(one(page, "#quorum"))
    act(ops, reference, "record_meeting_held", held_on=date(2026, 11, 16))
    facts = facts_of_meeting(engine, reference)
    assert facts["quorate"] is False
    assert facts["missing_partners"] == [POLICE]
    assert facts["met_on"] == date(2026, 11, 16)
    timeline = text(one(soup_of(ops.get(f"/cases/{reference}")), "#timeline-entries"))
    assert "held on 16 November 2026 with 3 participants. Not quorate: nobody from the police" in (
        timeline
    )
    # once held, who took part is the record: it can no longer be changed
    late = console_post(ops, f"/cases/{reference}/meeting", name="Dee Police", job_role="DI",
                        agency="Met", partner=POLICE)  # fmt: skip
    assert late.status_code == 409


def test_a_meeting_with_every_partner_is_quorate(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = to_scoping(console, engine, redis_conn)
    for name, partner in (("Pat Social", LA), ("Dee Police", POLICE), ("Hal Nurse", HEALTH)):
        add(ops, reference, name, partner)
    removed_id = one(soup_of(ops.get(f"/cases/{reference}/meeting")), "#participants tbody tr")
    removed = console_post(
        ops,
        f"/cases/{reference}/meeting/participants/{removed_id['data-participant-id']}/remove",
        from_page=f"/cases/{reference}/meeting",
    )
    assert removed.status_code == 303
    assert "Not quorate: nobody from the local authority" in text(
        one(soup_of(ops.get(f"/cases/{reference}/meeting")), "#quorum")
    )
    add(ops, reference, "Pat Social", LA)
    act(ops, reference, "record_meeting_held", held_on=date(2026, 11, 13))
    facts = facts_of_meeting(engine, reference)
    assert facts["quorate"] is True and facts["missing_partners"] == []
