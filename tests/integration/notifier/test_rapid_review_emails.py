"""The Rapid Review's emails after its meeting, end to end: a case opened through intake's
repository and the scheduler's open_case job, the lead representatives as scheduler staff
accounts, reports, approval links and agencies in the scheduler's tables in PostgreSQL, the
jobs through Redis and a burst worker, the emails over SMTP to a real server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage

import pytest
from redis import Redis
from rq.job import JobStatus
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.notifier.tables import message
from services.notifier.wording import until
from services.scheduler.bootstrap import Container
from services.scheduler.tables import case, deadline
from shared import runtime
from shared.clock import utc_now
from shared.govuk_dates import weekday_date
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import CHAIR, CONSOLE, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE
from tests.integration.notifier.queues import done_and_forgotten, drain, release_due_retries
from tests.integration.notifier.review_factories import (
    DISAGREEMENT_TEXT,
    LEADS,
    add_agency,
    add_lead_representatives,
    add_report,
    issue_approval_link,
)
from tests.integration.notifier.scoping_factories import remove_agency
from tests.integration.scheduler.factories import scheduler_config, start_scheduler

APPROVAL = "services.notifier.jobs.send_approval_request"
DISAGREEMENT = "services.notifier.jobs.send_disagreement_notice"
OUTCOME = "services.notifier.jobs.send_outcome_to_agencies"
#: what must never be in an email: the child, the referral's outline, what was disagreed
PERSONAL = (CHILD_NAME, "Amelia", OUTLINE, DISAGREEMENT_TEXT, "Whitfield", "Domestic Homicide")


@pytest.fixture
def scheduler(
    database_url: str, redis_url: str, engine: Engine, open_referral_case: OpenCase
) -> Iterator[Container]:
    yield start_scheduler(scheduler_config(database_url, redis_url), engine)
    runtime.clear()


@pytest.fixture
def notifier(make_notifier: MakeApp) -> None:
    make_notifier()


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(message).order_by(message.c.id)).all()]


def text_of(received: EmailMessage) -> str:
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def assert_nothing_personal(received: EmailMessage) -> None:
    html = received.get_body(preferencelist=("html",))
    assert html is not None
    for part in (str(received["Subject"]), text_of(received), str(html.get_content())):
        for personal in PERSONAL:
            assert personal not in part, personal


@pytest.mark.usefixtures("notifier")
def test_the_approval_request_goes_once_to_its_lead_representative_while_the_link_works(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    scheduler: Container,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    now = utc_now()
    reference = open_referral_case()
    staff = add_lead_representatives(scheduler)
    add_report(engine, reference, version=1, recommendation="b", now=now)
    decide_by = date(2026, 11, 18)
    with engine.begin() as conn:  # the meeting's step starts the approval clock (scheduler)
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
        conn.execute(
            insert(deadline).values(
                case_id=case_id,
                clock="approve_recommendation",
                starts_on=date(2026, 11, 16),
                due_on=decide_by,
            )
        )
    police = issue_approval_link(
        engine, reference, staff_id=staff["police"], partner="police", version=1, now=now
    )
    quiet = [
        issue_approval_link(
            engine,
            reference,
            staff_id=staff["health"],
            partner="health",
            version=1,
            now=now,
            revoked=True,
        ),
        issue_approval_link(
            engine,
            reference,
            staff_id=staff["local_authority"],
            partner="local_authority",
            version=1,
            now=now,
            used=True,
        ),
        issue_approval_link(
            engine,
            reference,
            staff_id=staff["health"],
            partner="health",
            version=1,
            now=now - timedelta(days=8),
            expires_at=now - timedelta(minutes=1),
        ),
    ]

    jobs = [
        enqueue(redis_conn, APPROVAL, link_id=link.link_id, token=link.token)
        for link in (police, *quiet)
    ]
    drain(redis_conn)

    assert all(done_and_forgotten(redis_conn, job) for job in jobs)
    [received] = smtp_outbox.messages()
    name, email = LEADS["police"]
    assert received["To"] == email
    assert received["Reply-To"] == OPS
    assert received["Subject"] == f"Rapid Review {reference}: please approve the recommendation"
    text = text_of(received)
    assert f"Dear {name}," in text
    assert f"The Rapid Review meeting for case {reference} agreed a recommendation." in text
    assert "As the lead representative for the police, please approve the recommendation" in text
    assert f"or say why you disagree, by {weekday_date(decide_by)}." in text
    assert f"\n{CONSOLE}/approvals/{police.token}\n" in text
    assert f"The link works until {until(police.expires_at)}." in text
    assert "The link is for you only. Do not forward it" in text
    assert f"{CONSOLE}/cases/{reference}" in text
    assert_nothing_personal(received)

    [row] = rows(engine)
    assert row["idempotency_key"] == f"approval-request:{police.link_id}"
    assert row["template"] == "approval_request"
    assert row["case_reference"] == reference
    assert row["recipient"] == email
    assert row["status"] == "sent"
    assert police.token not in str(row)

    again = enqueue(redis_conn, APPROVAL, link_id=police.link_id, token=police.token)
    drain(redis_conn)
    assert done_and_forgotten(redis_conn, again)
    assert len(smtp_outbox.messages()) == 1 and len(rows(engine)) == 1

    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert f"approval request {police.link_id} on {reference} to police sent" in logged
    assert f"approval request {quiet[0].link_id} not sent: link withdrawn" in logged
    assert f"approval request {quiet[1].link_id} not sent: link already used" in logged
    assert f"approval request {quiet[2].link_id} not sent: expired" in logged
    assert all(link.token not in logged for link in (police, *quiet))
    assert email not in logged


@pytest.mark.usefixtures("notifier")
def test_an_approval_link_not_committed_yet_is_retried(
    redis_conn: Redis, smtp_outbox: SmtpServer, engine: Engine
) -> None:
    job = enqueue(redis_conn, APPROVAL, link_id=999_999, token="t")
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == [] and rows(engine) == []


@pytest.mark.usefixtures("notifier")
def test_the_disagreement_notice_goes_once_to_each_lead_the_chair_and_ops(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    scheduler: Container,
) -> None:
    now = utc_now()
    reference = open_referral_case()
    add_lead_representatives(scheduler)
    add_report(engine, reference, version=1, recommendation="b", now=now, disagreement="no")
    add_report(engine, reference, version=2, recommendation="b", now=now)

    job = enqueue(redis_conn, DISAGREEMENT, case_reference=reference, version=2)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    received = smtp_outbox.messages()
    leads = [LEADS[p] for p in ("health", "local_authority", "police")]
    assert [m["To"] for m in received] == [email for _, email in leads] + [CHAIR, OPS]
    for got, greeting in zip(
        received, [*(name for name, _ in leads), "colleague", "colleague"], strict=True
    ):
        assert got["Subject"] == f"Rapid Review {reference}: the recommendation was not unanimous"
        text = text_of(got)
        assert f"Dear {greeting}," in text
        assert "The disagreement was recorded in the Rapid Review report (version 2)." in text
        assert f"\n{CONSOLE}/cases/{reference}\n" in text
        assert "the independent scrutineer may be asked to mediate." in text
        assert_nothing_personal(got)
    assert [r["idempotency_key"] for r in rows(engine)] == [
        f"disagreement-notice:{reference}:v2:{m['To']}" for m in received
    ]
    assert {r["case_reference"] for r in rows(engine)} == {reference}
    assert {r["status"] for r in rows(engine)} == {"sent"}

    again = enqueue(redis_conn, DISAGREEMENT, case_reference=reference, version=2)
    drain(redis_conn)
    assert again.get_status(refresh=True) == JobStatus.FINISHED
    assert len(smtp_outbox.messages()) == 5 and len(rows(engine)) == 5

    # version 1 recorded no disagreement: nothing is sent for it
    enqueue(redis_conn, DISAGREEMENT, case_reference=reference, version=1)
    drain(redis_conn)
    assert len(smtp_outbox.messages()) == 5


@pytest.mark.usefixtures("notifier")
def test_the_outcome_goes_once_to_each_agency_on_the_case_with_an_address(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    scheduler: Container,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    now = utc_now()
    reference = open_referral_case()
    add_report(engine, reference, version=1, recommendation="h", now=now)
    add_report(engine, reference, version=2, recommendation="b", now=now)
    add_report(engine, reference, version=3, recommendation="a", now=now, status="draft")
    police = add_agency(
        engine,
        reference,
        name="Greenwich Police",
        representative="Priya Shah",
        email="priya.shah@police.example",
        now=now,
    )
    school = add_agency(
        engine,
        reference,
        name="Riverside Academy",
        representative="Tom Reid",
        email="t.reid@riverside.example",
        now=now,
        kind="education",
    )
    housing = add_agency(
        engine,
        reference,
        name="Housing",
        representative="Ann Lowe",
        email="",
        now=now,
        kind="housing",
    )
    gone = add_agency(
        engine,
        reference,
        name="Library",
        representative="Bea Kim",
        email="bea.kim@library.example",
        now=now,
        kind="other",
    )
    remove_agency(engine, gone, now=now)

    job = enqueue(redis_conn, OUTCOME, case_reference=reference)
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.FINISHED
    received = smtp_outbox.messages()
    assert [m["To"] for m in received] == ["priya.shah@police.example", "t.reid@riverside.example"]
    for got, (agency, person) in zip(
        received,
        [("Greenwich Police", "Priya Shah"), ("Riverside Academy", "Tom Reid")],
        strict=True,
    ):
        assert got["Subject"] == f"Rapid Review {reference}: outcome"
        assert got["Reply-To"] == OPS
        text = text_of(got)
        assert f"Dear {person}," in text
        assert (
            f"Thank you for {agency}'s contribution to the Rapid Review of case {reference}."
            in text
        )
        assert "\nb) Meets the criteria for a local Child Safeguarding Practice Review\n" in text
        assert "Telephone: 020 8921 8732" in text
        assert_nothing_personal(got)
    assert [(r["idempotency_key"], r["case_reference"], r["status"]) for r in rows(engine)] == [
        (f"outcome:{reference}:{police}", reference, "sent"),
        (f"outcome:{reference}:{school}", reference, "sent"),
    ]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert f"outcome of {reference} not sent to case agency {housing}: no email" in logged
    assert "priya.shah@police.example" not in logged

    again = enqueue(redis_conn, OUTCOME, case_reference=reference)
    drain(redis_conn)
    assert again.get_status(refresh=True) == JobStatus.FINISHED
    assert len(smtp_outbox.messages()) == 2 and len(rows(engine)) == 2


@pytest.mark.usefixtures("notifier")
def test_the_outcome_waits_for_a_final_report(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    scheduler: Container,
) -> None:
    now = utc_now()
    reference = open_referral_case()
    add_agency(
        engine,
        reference,
        name="Greenwich Police",
        representative="Priya Shah",
        email="priya.shah@police.example",
        now=now,
    )
    add_report(engine, reference, version=1, recommendation="b", now=now, status="draft")

    job = enqueue(redis_conn, OUTCOME, case_reference=reference)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == [] and rows(engine) == []

    add_report(engine, reference, version=2, recommendation="e", now=now)
    release_due_retries(redis_conn)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    [received] = smtp_outbox.messages()
    assert "\ne) Warrants a Single-Agency Review\n" in text_of(received)
