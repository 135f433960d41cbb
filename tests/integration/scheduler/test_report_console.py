"""The Report of Rapid Review (App. iv) written in the console on PostgreSQL: started from
the referral and the agencies' returns, drafted page by page on the form definition,
finalised as a version (the cross-question rules first), which asks the three lead
representatives for their decision and, when the recommendation was not unanimous, tells
them so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.tables import rr_report
from shared import runtime
from shared.forms.definitions.rapid_review_report import RAPID_REVIEW_REPORT as FORM
from shared.forms.samples import answers
from tests.integration.journey.scoping_steps import act, console_post
from tests.integration.scheduler.factories import scheduler_config
from tests.integration.scheduler.test_meeting_quorum import add, to_scoping
from tests.support.journey import error_texts, fill_page, one, soup_of, text
from tests.unit.scheduler.factories import add_staff

TODAY = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
OPS, CHAIR = "ops@partnership.example", "chair@partnership.example"
LEADS = {
    "local_authority": "la.lead@council.example",
    "police": "police.lead@police.example",
    "health": "health.lead@icb.example",
}


@pytest.fixture
def console(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis
) -> Iterator[Flask]:
    app = create_app(scheduler_config(database_url, redis_url), engine=engine)
    c: Container = app.extensions["cspr"]
    c.clock = lambda: TODAY
    add_staff(c, email=OPS)
    add_staff(c, email=CHAIR, role="chair")
    for partner, email in LEADS.items():
        add_staff(c, email=email, role="partner-lead", partner=partner)
    yield app
    runtime.clear()


def held(app: Flask, engine: Engine, redis_conn: Redis) -> tuple[str, FlaskClient]:
    reference, ops = to_scoping(app, engine, redis_conn)
    for name, partner in (("Pat", "local_authority"), ("Dee", "police"), ("Hal", "health")):
        add(ops, reference, name, partner)
    act(ops, reference, "record_meeting_held", held_on=date(2026, 11, 16))
    return reference, ops


def write(ops: FlaskClient, reference: str, values: dict[str, object]) -> None:
    base = f"/cases/{reference}/report"
    for page in FORM.pages:
        if page.repeating is None:
            fill_page(ops, FORM, page, values, base=base)


def test_the_report_is_drafted_checked_and_finalised_as_a_version(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = held(console, engine, redis_conn)
    started = console_post(ops, f"/cases/{reference}/report/start",
                           from_page=f"/cases/{reference}/report")  # fmt: skip
    assert started.status_code == 303
    overview = soup_of(ops.get(f"/cases/{reference}/report"))
    assert "version 1 (draft)" in text(one(overview, "h1"))
    # pre-filled from the referral: the child's name and its family members
    assert "Jo Example" in text(overview)

    values = answers(FORM, today=TODAY.date())
    values["recommendation"] = {"answer": "c"}
    values.pop("rationale", None)
    values["other_options_considered"] = "no"
    values["disagreement"] = {"answer": "no"}
    write(ops, reference, values)
    refused = console_post(ops, f"/cases/{reference}/report")
    assert refused.status_code == 400
    assert error_texts(refused) == [
        "Enter the rationale for the recommendation",
        "Select yes if other review options were considered: they must be when no child "
        "safeguarding practice review is recommended",
    ]

    values.update(rationale="An alternative learning review suits this case.",
                  other_options_considered="yes", disagreement={"answer": "yes",
                  "details": "The police preferred a single-agency review."})  # fmt: skip
    write(ops, reference, values)
    done = console_post(ops, f"/cases/{reference}/report")
    assert done.status_code == 303, error_texts(done)
    with engine.connect() as conn:
        rows = conn.execute(select(rr_report.c.version, rr_report.c.status)).all()
    assert [(r.version, r.status) for r in rows] == [(1, "final")]
    notifier = Queue("notifier", connection=redis_conn).jobs
    asked = [j for j in notifier if str(j.func_name).endswith("send_approval_request")]
    assert len(asked) == 3
    assert any(str(j.func_name).endswith("send_disagreement_notice") for j in notifier)
    # the final version cannot be changed
    assert ops.get(f"/cases/{reference}/report/discussion").status_code == 409
    page = soup_of(ops.get(f"/cases/{reference}/report"))
    assert "is final and is with the three lead representatives" in text(page)
    timeline = text(one(soup_of(ops.get(f"/cases/{reference}")), "#timeline-entries"))
    assert "Version 1 of the Report of Rapid Review was finalised" in timeline
    assert "the recommendation was not unanimous" in timeline


def test_the_report_is_not_finalised_before_the_meeting(
    console: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = to_scoping(console, engine, redis_conn)
    console_post(ops, f"/cases/{reference}/report/start", from_page=f"/cases/{reference}/report")
    page = soup_of(ops.get(f"/cases/{reference}/report"))
    assert "finalised once the Rapid Review meeting is recorded" in text(page)
    assert page.select_one("main form button") is None
    assert console_post(ops, f"/cases/{reference}/report").status_code == 409
