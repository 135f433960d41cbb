"""The approval of the Rapid Review's recommendation on PostgreSQL and Redis: a case taken
through the console to its meeting, a final report, the three lead representatives' links
(taken from the queued emails' jobs), two approvals and a disagreement through the links,
the independent scrutineer's mediation sending the report back, a new final version
approved by all three, and the Panel letter and report asked for that version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.approvals import request_approvals
from services.scheduler.bootstrap import Container
from services.scheduler.readmodel import fetch_approval_request
from services.scheduler.store.lifecycle import lock_case
from services.scheduler.tables import approval, case, deadline, rr_report
from shared import runtime
from shared.forms import samples
from shared.forms.registry import get_form
from tests.integration.journey.scoping_steps import act, agencies_page, console_post, signed_in
from tests.integration.scheduler.factories import open_case, scheduler_config, store_referral
from tests.support.journey import error_texts, one, soup_of, text
from tests.unit.scheduler.factories import add_staff

#: Monday 2 November 2026, the Panel notified the same day; the meeting on Friday 13
#: November (working day 9); the lead representatives decide on Monday 16 November
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOTIFIED, HELD = date(2026, 11, 2), date(2026, 11, 13)
TODAY = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
OPS, CHAIR = "ops@partnership.example", "chair@partnership.example"
LEADS = {
    "local_authority": "lewis.grant@council.example",
    "police": "dana.okafor@police.example",
    "health": "harriet.moss@icb.example",
}
APPROVAL_REQUEST = "services.notifier.jobs.send_approval_request"


@pytest.fixture
def app(database_url: str, redis_url: str, engine: Engine, redis_conn: Redis) -> Iterator[Flask]:
    made = create_app(scheduler_config(database_url, redis_url), engine=engine)
    c: Container = made.extensions["cspr"]
    c.clock = lambda: TODAY
    add_staff(c, email=OPS)
    add_staff(c, email=CHAIR, role="chair")
    for partner, email in LEADS.items():
        add_staff(c, email=email, role="partner-lead", partner=partner)
    yield made
    runtime.clear()


def to_meeting_held(app: Flask, engine: Engine, redis_conn: Redis) -> tuple[str, FlaskClient]:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    ops, chair = signed_in(app, OPS), signed_in(app, CHAIR)
    act(ops, reference, "record_leads_informed", informed_on=NOTIFIED)
    act(
        chair,
        reference,
        "decide_criteria",
        criteria="met",
        decided_on=NOTIFIED,
        rationale="A child was seriously harmed.",
    )
    act(
        ops,
        reference,
        "record_panel_notification",
        notified_on=NOTIFIED,
        dfe_reference="SIN-2026-000778",
    )
    for n, facts in enumerate(agencies_page(ops, reference).values()):
        url = f"/cases/{reference}/agencies/{facts['id']}/change"
        done = console_post(
            ops,
            url,
            name=f"School {n}",
            kind="education",
            representative="A Lead",
            email="lead@school.example",
        )
        assert done.status_code == 303, error_texts(done)
    act(
        ops,
        reference,
        "send_scoping_requests",
        sent_on=NOTIFIED,
        summary_of_case="A serious incident.",
        time_period="The last year",
    )
    for name, partner in (
        ("Pat Social", "local_authority"),
        ("Dee Police", "police"),
        ("Hal Nurse", "health"),
    ):
        done = console_post(
            ops,
            f"/cases/{reference}/meeting",
            name=name,
            job_role="Manager",
            agency=f"{partner} agency",
            partner=partner,
        )
        assert done.status_code == 303, error_texts(done)
    act(ops, reference, "record_meeting_held", held_on=HELD)
    return reference, ops


def case_row(engine: Engine, reference: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(case).where(case.c.reference == reference)).one()


def finalise_report(engine: Engine, reference: str, version: int) -> None:
    """A final version as the report pages will make one (a plain row until its store)."""
    form = get_form("rapid-review-report")
    answers = samples.answers(form, today=TODAY.date())
    with engine.begin() as conn:
        conn.execute(
            insert(rr_report).values(
                case_id=case_row(engine, reference).id,
                version=version,
                status="final",
                form_id=form.id,
                form_version=form.version,
                answers=answers,
                pending={},
                created_at=TODAY,
                saved_at=TODAY,
                saved_by=OPS,
                finalised_at=TODAY,
                finalised_by=OPS,
            )
        )


def ask_for_approval(app: Flask, redis_conn: Redis, reference: str, version: int) -> dict[str, str]:
    """``request_approvals`` in a transaction of its own, as finalising calls it; the
    tokens by partner, from the queued emails' job arguments."""
    c: Container = app.extensions["cspr"]
    with c.engine.begin() as conn:
        after_commit = request_approvals(conn, c, lock_case(conn, reference), version, by=OPS)
    after_commit()
    found = {}
    with c.engine.connect() as conn:
        for job in Queue("notifier", connection=redis_conn).jobs:
            if job.func_name != APPROVAL_REQUEST:
                continue
            request = fetch_approval_request(conn, job.kwargs["link_id"])
            assert request is not None and request.case_reference == reference
            if request.report_version == version:
                assert LEADS[request.partner] == request.staff_email
                found[request.partner] = job.kwargs["token"]
    assert sorted(found) == sorted(LEADS), found
    return found


def decide(app: Flask, token: str, **fields: str) -> Any:
    """A lead representative's browser: open the emailed link, then send the decision."""
    browser = app.test_client()
    opened = browser.get(f"/approvals/{token}")
    assert opened.status_code == 200, opened.status_code
    page = soup_of(opened)
    csrf = str(one(page, "input[name=csrf_token]")["value"])
    return browser.post(f"/approvals/{token}", data={"csrf_token": csrf, **fields})


def state(engine: Engine, reference: str) -> str:
    return str(case_row(engine, reference).state)


def queued(redis_conn: Redis, name: str, func: str) -> list[dict[str, Any]]:
    return [j.kwargs for j in Queue(name, connection=redis_conn).jobs if j.func_name == func]


def test_approval_through_disagreement_mediation_and_a_revised_report(
    app: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = to_meeting_held(app, engine, redis_conn)
    finalise_report(engine, reference, 1)
    first = ask_for_approval(app, redis_conn, reference, 1)

    shown = soup_of(app.test_client().get(f"/approvals/{first['police']}"))
    assert (
        "Recommendation a) Meets the criteria for a national Child Safeguarding Practice "
        "Review" in text(one(shown, "#recommendation"))
    )
    assert f"Case reference {reference}" in text(one(shown, "#approval-facts"))
    for partner in ("local_authority", "health"):
        done = decide(app, first[partner], decision="approve")
        assert "Your decision has been recorded" in text(one(soup_of(done), "#confirmation"))
    assert state(engine, reference) == "rapid_review_meeting_held"
    disagreed = decide(
        app,
        first["police"],
        decision="disagree",
        reasons="The police review of the 999 calls is not finished.",
    )
    assert disagreed.status_code == 200
    assert state(engine, reference) == "recommendation_disputed"
    notices = queued(redis_conn, "notifier", "services.notifier.jobs.send_disagreement_notice")
    assert notices == [{"case_reference": reference, "version": 1}]
    with engine.connect() as conn:
        kept = conn.execute(
            select(approval.c.partner, approval.c.decision, approval.c.decided_via).order_by(
                approval.c.id
            )
        ).all()
    assert [tuple(r) for r in kept] == [
        ("local_authority", "approved", "link"),
        ("health", "approved", "link"),
        ("police", "disagreed", "link"),
    ]

    act(
        ops,
        reference,
        "record_mediation",
        scrutineer="Dr Ruth Ellis",
        mediated_on=TODAY.date(),
        result="Section 2 is to be rewritten with the police's review.",
        mediation_outcome="revise",
    )
    assert state(engine, reference) == "rapid_review_meeting_held"
    timeline = text(one(soup_of(ops.get(f"/cases/{reference}")), "#timeline-entries"))
    assert "Dr Ruth Ellis, the independent scrutineer, mediated on 16 November 2026" in timeline
    assert "Section 2 is to be rewritten" in timeline

    finalise_report(engine, reference, 2)
    second = ask_for_approval(app, redis_conn, reference, 2)
    assert app.test_client().get(f"/approvals/{first['police']}").status_code == 410
    for partner in ("police", "health", "local_authority"):
        done = decide(app, second[partner], decision="approve")
        assert done.status_code == 200, error_texts(done)
    assert state(engine, reference) == "recommendation_approved"
    with engine.connect() as conn:
        met = conn.execute(
            select(deadline.c.met_on).where(
                deadline.c.case_id == case_row(engine, reference).id,
                deadline.c.clock == "approve_recommendation",
            )
        ).scalar_one()
    assert met == TODAY.date()
    both = {"case_reference": reference, "version": 2}
    assert queued(redis_conn, "documents", "services.documents.jobs.render_panel_letter") == [both]
    assert queued(
        redis_conn, "documents", "services.documents.jobs.render_rapid_review_report"
    ) == [both]
    section = {
        str(li["data-partner"]): str(li["data-status"])
        for li in soup_of(ops.get(f"/cases/{reference}")).select("#approvals li")
    }
    assert section == {"local_authority": "approved", "police": "approved", "health": "approved"}

    # a token used for its decision cannot be used again, to look or to decide
    again = app.test_client().get(f"/approvals/{second['police']}")
    assert again.status_code == 410
    assert reference not in again.get_data(as_text=True)
    replay = app.test_client()
    csrf = str(one(soup_of(replay.get("/sign-in")), "input[name=csrf_token]")["value"])
    refused = replay.post(
        f"/approvals/{second['police']}",
        data={"csrf_token": csrf, "decision": "disagree", "reasons": "x"},
    )
    assert refused.status_code == 410
    with engine.connect() as conn:
        assert len(conn.execute(select(approval.c.id)).all()) == 6
