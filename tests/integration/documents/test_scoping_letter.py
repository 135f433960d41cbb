"""``render_scoping_letter`` run by a real RQ worker: a real case and agency link (intake's
repository, the scheduler's ``open_case`` job and agency store), PostgreSQL, Redis,
SeaweedFS and the unoserver pool; the notifier's job is left waiting on its queue."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask
from minio import Minio
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.tables import document
from services.scheduler.domain.agencies import AgencyDetails, link_expiry
from services.scheduler.store.agencies import add_case_agency, issue_link, revoke_links
from services.scheduler.tables import case, case_document
from shared.clock import utc_now
from shared.govuk_dates import weekday_date
from shared.queue import enqueue
from tests.integration.documents.conftest import open_referral_case, stored_objects
from tests.integration.scheduler.factories import run_scheduler_jobs
from tests.support.pdf_records import assert_archival_record

REFERENCE = "GSCP-2026-0001"
PARTNERSHIP = "Greenwich Safeguarding Children Partnership"
AGENCY = "St Mary's & <Friends> {{ Nursery }}"
REPRESENTATIVE = "Priya Chandrasekhar"
RENDER = "services.documents.jobs.render_scoping_letter"


@dataclass(frozen=True)
class Link:
    case_agency_id: int
    serial: int
    token: str
    due_on: date


def agency_with_link(engine: Engine, reference: str) -> Link:
    """An agency typed onto the case by ops and its scoping link, through the scheduler's
    own store (only the token's hash is kept)."""
    now = utc_now()
    token = secrets.token_urlsafe(32)
    due_on = now.date() + timedelta(days=7)
    with engine.begin() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar_one()
        details = AgencyDetails(
            name=AGENCY,
            kind="education",
            representative=REPRESENTATIVE,
            email="safeguarding@stmarys.example",
        )
        case_agency_id = add_case_agency(conn, case_id, details, source="typed", at=now)
        serial = issue_link(
            conn,
            case_agency_id,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            due_on=due_on,
            expires_at=link_expiry(due_on, 5),
            at=now,
        )
    return Link(case_agency_id, serial, token, due_on)


def case_with_link(engine: Engine, redis_conn: Redis) -> Link:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    # the referral's own document is another test's subject
    Queue("documents", connection=redis_conn).empty()
    return agency_with_link(engine, REFERENCE)


def run_job(redis_conn: Redis, link: Link) -> Job:
    job = enqueue(
        redis_conn,
        RENDER,
        case_agency_id=link.case_agency_id,
        serial=link.serial,
        token=link.token,
    )
    job_id = job.id
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )
    # a finished job with secret arguments is deleted at once (result_ttl 0); a failed or
    # retried one would still be there
    assert Job.exists(job_id, connection=redis_conn) is False
    return job


def letter_rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        found = conn.execute(select(document).order_by(document.c.format)).mappings().all()
    return [dict(r) for r in found]


def read(s3_client: Minio, bucket: str, key: str) -> bytes:
    response = s3_client.get_object(bucket, key)
    try:
        return bytes(response.read())
    finally:
        response.close()
        response.release_conn()


def notifier_jobs(redis_conn: Redis) -> dict[str, Job]:
    queue = Queue("notifier", connection=redis_conn)
    jobs = (Job.fetch(i, connection=redis_conn) for i in queue.job_ids)
    return {j.id: j for j in jobs if j.func_name == "services.notifier.jobs.send_scoping_request"}


def test_the_letter_is_stored_recorded_and_handed_to_the_notifier(
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    link = case_with_link(engine, redis_conn)
    run_job(redis_conn, link)

    docx_row, pdf_row = letter_rows(engine)
    folder = f"cases/{REFERENCE}/scoping-letter-{link.case_agency_id}/"
    assert pdf_row["object_key"] == f"{folder}v1.pdf"
    assert docx_row["object_key"] == f"{folder}v1.docx"
    assert pdf_row["filename"] == f"{REFERENCE}-scoping-letter-{link.case_agency_id}-v1.pdf"
    bucket = s3_settings["S3_BUCKET"]
    assert set(stored_objects(s3_client, bucket, folder)) == {
        docx_row["object_key"],
        pdf_row["object_key"],
    }
    pdf = read(s3_client, bucket, str(pdf_row["object_key"]))
    assert hashlib.sha256(pdf).hexdigest() == pdf_row["sha256"]
    meta = {
        k.lower(): v
        for k, v in (
            s3_client.stat_object(bucket, str(pdf_row["object_key"])).metadata or {}
        ).items()
    }
    assert meta["x-amz-meta-kind"] == "scoping-letter"
    assert link.token not in str(meta)
    assert all(link.token not in str(row) for row in (docx_row, pdf_row))

    reader = assert_archival_record(
        pdf,
        title=f"Letter to accompany the scoping form: {AGENCY}",
        author=PARTNERSHIP,
        subject=f"Case {REFERENCE}",
    )
    assert len(reader.pages) == 1
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Dear {REPRESENTATIVE}," in text
    assert AGENCY in text
    assert f"Our reference: {REFERENCE}" in text
    assert f"5.00 pm on {weekday_date(link.due_on)}" in text
    assert "020 8921 8732" in text
    assert "Chair of the Learning from Practice Group" in text

    # the scheduler hears about both files and lists them on the case
    run_scheduler_jobs(redis_conn)
    with engine.connect() as conn:
        listed = conn.execute(
            select(
                case_document.c.document_id, case_document.c.kind, case_document.c.filename
            ).order_by(case_document.c.document_id)
        ).all()
    assert [tuple(r) for r in listed] == [
        (docx_row["id"], "scoping-letter", docx_row["filename"]),
        (pdf_row["id"], "scoping-letter", pdf_row["filename"]),
    ]

    # and the notifier is asked to email the PDF with the link (not run here)
    [waiting] = notifier_jobs(redis_conn).values()
    assert waiting.id == f"scoping-request-{link.case_agency_id}-{link.serial}"
    assert waiting.kwargs == {
        "case_agency_id": link.case_agency_id,
        "serial": link.serial,
        "token": link.token,
        "document_id": pdf_row["id"],
    }


def test_running_again_reuses_the_letter_and_asks_for_one_email(
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    link = case_with_link(engine, redis_conn)
    run_job(redis_conn, link)
    first = letter_rows(engine)
    run_job(redis_conn, link)

    assert letter_rows(engine) == first
    objects = stored_objects(
        s3_client,
        s3_settings["S3_BUCKET"],
        f"cases/{REFERENCE}/scoping-letter-{link.case_agency_id}/",
    )
    assert len(objects) == 2
    assert list(notifier_jobs(redis_conn)) == [
        f"scoping-request-{link.case_agency_id}-{link.serial}"
    ]


def test_a_revoked_link_gets_no_letter_and_no_email(
    documents_app: Flask, engine: Engine, redis_conn: Redis
) -> None:
    link = case_with_link(engine, redis_conn)
    with engine.begin() as conn:
        revoke_links(conn, link.case_agency_id, at=utc_now(), reason="Sent in error")
    run_job(redis_conn, link)

    assert letter_rows(engine) == []
    assert notifier_jobs(redis_conn) == {}
    assert Queue("scheduler", connection=redis_conn).job_ids == []
