"""The scoping request end to end: a case opened through intake's repository and the
scheduler's open_case job, an agency and its link through the scheduler's agency store in
PostgreSQL, the letter kept by the documents service in S3 and served by its app over HTTP,
the job through Redis and a burst worker, the email over SMTP to a real server."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pypdf import PdfReader
from redis import Redis
from rq.job import JobStatus
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from services.documents.app import create_app as create_documents_app
from services.documents.bootstrap import Container as DocumentsContainer
from services.documents.tables import document
from services.notifier.tables import message
from services.notifier.wording import until
from shared.clock import utc_now
from shared.config import load_config
from shared.govuk_dates import long_date, weekday_date
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.notifier.conftest import INTAKE, OPS, MakeApp, OpenCase
from tests.integration.notifier.factories import CHILD_NAME, OUTLINE
from tests.integration.notifier.queues import done_and_forgotten, drain, release_due_retries
from tests.integration.notifier.scoping_factories import (
    AGENCY,
    AGENCY_EMAIL,
    LETTER_TEXT,
    REPRESENTATIVE,
    ServedApp,
    add_agency,
    remove_agency,
    send_link,
    serve,
    store_letter,
)

JOB = "services.notifier.jobs.send_scoping_request"
SERVICE_TOKEN = "integration-service-token-0123456789"
LINK = re.compile(re.escape(INTAKE) + r"/scoping/(\S+)")


@pytest.fixture
def documents(
    database_url: str,
    redis_url: str,
    engine: Engine,
    redis_conn: Redis,
    s3_settings: dict[str, str],
) -> Iterator[tuple[DocumentsContainer, ServedApp]]:
    """The documents app with real S3, on HTTP (it converts nothing here)."""
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SERVICE_TOKEN": SERVICE_TOKEN,
            **s3_settings,
        },
    )
    app = create_documents_app(config, engine=engine, redis=redis_conn)
    with serve(app) as served:
        yield app.extensions["cspr"], served


@pytest.fixture
def notifier(make_notifier: MakeApp, documents: tuple[DocumentsContainer, ServedApp]) -> None:
    make_notifier(DOCUMENTS_URL=documents[1].url, SERVICE_TOKEN=SERVICE_TOKEN)


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(message)).all()]


@pytest.mark.usefixtures("notifier")
def test_the_request_and_its_letter_are_emailed_once(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    documents: tuple[DocumentsContainer, ServedApp],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    now = utc_now()
    reference = open_referral_case()
    link = send_link(engine, add_agency(engine, reference, now=now), now=now)
    letter = store_letter(documents[0], reference, now=now)
    args = {
        "case_agency_id": link.case_agency_id,
        "serial": link.serial,
        "token": link.token,
        "document_id": letter.id,
    }

    job = enqueue(redis_conn, JOB, **args)
    drain(redis_conn)

    assert done_and_forgotten(redis_conn, job)
    [received] = smtp_outbox.messages()
    assert received["To"] == AGENCY_EMAIL
    assert received["Reply-To"] == OPS
    assert received["Subject"] == (
        f"Rapid Review: initial scoping request ({reference}), reply by {long_date(link.due_on)}"
    )
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert f"Dear {REPRESENTATIVE}," in text
    assert f"for {AGENCY} by 5pm on {weekday_date(link.due_on)}." in text
    assert f"The link works until {until(link.expires_at)}." in text
    found = LINK.search(text)
    assert found is not None and found.group(1) == link.token
    html = received.get_body(preferencelist=("html",))
    assert html is not None
    for part in (received["Subject"], text, html.get_content()):
        assert CHILD_NAME not in part and OUTLINE not in part

    [attachment] = list(received.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == letter.filename
    data = attachment.get_content()
    assert data == documents[0].store.get(letter.object_key)
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    assert f"{LETTER_TEXT} {reference}" in pdf.pages[0].extract_text()

    [row] = rows(engine)
    assert row["idempotency_key"] == f"scoping-request:{link.case_agency_id}:{link.serial}"
    assert row["template"] == "scoping_request"
    assert row["case_reference"] == reference
    assert row["recipient"] == AGENCY_EMAIL
    assert row["status"] == "sent"
    assert link.token not in str(row)

    # the same job again: nothing more is sent
    again = enqueue(redis_conn, JOB, **args)
    drain(redis_conn)
    assert done_and_forgotten(redis_conn, again)
    assert len(smtp_outbox.messages()) == 1
    assert len(rows(engine)) == 1

    # what cspr and RQ logged (the test's own SMTP server, aiosmtpd, logs the envelope)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert f"scoping request {link.serial} for case agency {link.case_agency_id}" in logged
    assert link.token not in logged
    assert AGENCY_EMAIL not in logged


@pytest.mark.usefixtures("notifier")
def test_nothing_is_sent_for_a_replaced_or_expired_link_or_a_removed_agency(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    documents: tuple[DocumentsContainer, ServedApp],
) -> None:
    now = utc_now()
    reference = open_referral_case()
    letter = store_letter(documents[0], reference, now=now)
    police = add_agency(engine, reference, now=now)
    replaced = send_link(engine, police, now=now)
    send_link(engine, police, now=now)  # issued again: the first link is revoked
    removed = send_link(engine, add_agency(engine, reference, now=now, name="Housing"), now=now)
    remove_agency(engine, removed.case_agency_id, now=now)
    expired = send_link(
        engine,
        add_agency(engine, reference, now=now, name="Riverside School"),
        now=now - timedelta(days=20),
        due_on=(now - timedelta(days=10)).date(),
        expires_at=now - timedelta(minutes=1),
    )
    jobs = [
        enqueue(
            redis_conn,
            JOB,
            case_agency_id=link.case_agency_id,
            serial=link.serial,
            token=link.token,
            document_id=letter.id,
        )
        for link in (replaced, removed, expired)
    ]
    drain(redis_conn)

    assert all(done_and_forgotten(redis_conn, job) for job in jobs)
    assert smtp_outbox.messages() == []
    assert rows(engine) == []


@pytest.mark.usefixtures("notifier")
def test_a_letter_whose_bytes_changed_is_not_sent_until_it_is_made_again(
    engine: Engine,
    redis_conn: Redis,
    smtp_outbox: SmtpServer,
    open_referral_case: OpenCase,
    documents: tuple[DocumentsContainer, ServedApp],
) -> None:
    now = utc_now()
    reference = open_referral_case()
    link = send_link(engine, add_agency(engine, reference, now=now), now=now)
    letter = store_letter(documents[0], reference, now=now)
    # the object in the store no longer matches the checksum recorded when it was made
    with engine.begin() as conn:
        conn.execute(update(document).where(document.c.id == letter.id).values(sha256="0" * 64))

    job = enqueue(
        redis_conn,
        JOB,
        case_agency_id=link.case_agency_id,
        serial=link.serial,
        token=link.token,
        document_id=letter.id,
    )
    drain(redis_conn)

    assert job.get_status(refresh=True) == JobStatus.SCHEDULED  # retried later
    assert smtp_outbox.messages() == []
    assert rows(engine) == []

    # the letter made again: the retry sends it
    store_letter(documents[0], reference, now=now)
    release_due_retries(redis_conn)
    drain(redis_conn)
    assert done_and_forgotten(redis_conn, job)
    [received] = smtp_outbox.messages()
    assert [a.get_filename() for a in received.iter_attachments()] == [letter.filename]


@pytest.mark.usefixtures("notifier")
def test_a_link_not_committed_yet_is_retried(
    redis_conn: Redis, smtp_outbox: SmtpServer, engine: Engine
) -> None:
    job = enqueue(redis_conn, JOB, case_agency_id=999, serial=1, token="t", document_id=1)
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    assert smtp_outbox.messages() == [] and rows(engine) == []
