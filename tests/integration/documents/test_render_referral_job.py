"""``render_referral`` run by a real RQ worker: PostgreSQL, Redis, SeaweedFS, LibreOffice."""

from __future__ import annotations

import hashlib
import io

from docx import Document
from flask import Flask
from minio import Minio
from pypdf import PdfReader
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.documents.tables import document
from shared.queue import enqueue
from tests.integration.documents.conftest import (
    SERVICE_TOKEN,
    open_referral_case,
    stored_objects,
)
from tests.support.pdf_records import assert_archival_record

#: the first reference intake gives in the emptied database
REFERENCE = "GSCP-2026-0001"
#: the setting PARTNERSHIP_NAME as the tests leave it
PARTNERSHIP = "Greenwich Safeguarding Children Partnership"
CHILD = 'Amy <b> & "Jo" Hartley-O\'Brien'


def run_job(redis_conn: Redis, reference: str) -> Job:
    job = enqueue(redis_conn, "services.documents.jobs.render_referral", case_reference=reference)
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )
    job.refresh()
    assert job.get_status() == "finished", job.latest_result().exc_string  # type: ignore[union-attr]
    return job


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        found = conn.execute(select(document).order_by(document.c.format)).mappings().all()
    return [dict(r) for r in found]


def test_the_job_stores_the_docx_and_its_pdf_with_checksums(
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    assert open_referral_case(engine, redis_conn, child_name=CHILD) == REFERENCE
    job = run_job(redis_conn, REFERENCE)

    docx_row, pdf_row = rows(engine)
    assert job.return_value() == {"documents": [docx_row["id"], pdf_row["id"]], "reused": False}
    assert docx_row["object_key"] == f"cases/{REFERENCE}/referral/v1.docx"
    assert pdf_row["object_key"] == f"cases/{REFERENCE}/referral/v1.pdf"
    assert pdf_row["job_id"] == f"render-referral-{REFERENCE}"
    bucket = s3_settings["S3_BUCKET"]
    assert set(stored_objects(s3_client, bucket, f"cases/{REFERENCE}/referral/")) == {
        docx_row["object_key"],
        pdf_row["object_key"],
    }
    contents = {}
    for row in (docx_row, pdf_row):
        key = str(row["object_key"])
        response = s3_client.get_object(bucket, key)
        data = response.read()
        response.close()
        response.release_conn()
        stat = s3_client.stat_object(bucket, key)
        meta = {k.lower(): v for k, v in (stat.metadata or {}).items()}
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == meta["x-amz-meta-sha256"]
        assert len(data) == row["size"]
        assert stat.content_type == row["content_type"]
        # described in the store too, and encrypted by it
        assert meta["x-amz-meta-document"] == "referral"
        assert meta["x-amz-meta-version"] == "1"
        assert meta["x-amz-meta-job-id"] == f"render-referral-{REFERENCE}"
        assert meta["x-amz-meta-template-version"] == row["template_version"]
        assert meta["x-amz-server-side-encryption"] == "AES256"
        contents[row["format"]] = data

    assert contents["pdf"].startswith(b"%PDF")
    assert s3_client.get_bucket_versioning(bucket).status == "Enabled"
    assert_archival_record(
        contents["pdf"],
        title="Referral of a serious incident",
        author=PARTNERSHIP,
        subject=f"Case {REFERENCE}",
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contents["pdf"])).pages)
    assert CHILD in text
    assert REFERENCE in text
    assert "REFERRAL OF A SERIOUS INCIDENT FORM" in text
    assert "OFFICIAL-SENSITIVE" in text
    word = Document(io.BytesIO(contents["docx"]))
    cells = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    assert ["Name of Child", CHILD] in cells


def test_each_file_is_announced_to_the_scheduler(
    documents_app: Flask, engine: Engine, redis_conn: Redis
) -> None:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    run_job(redis_conn, REFERENCE)
    docx_row, pdf_row = rows(engine)

    scheduler = Queue("scheduler", connection=redis_conn)
    assert sorted(scheduler.job_ids) == sorted(
        [f"record-document-{docx_row['id']}", f"record-document-{pdf_row['id']}"]
    )
    for row in (docx_row, pdf_row):
        job = Job.fetch(f"record-document-{row['id']}", connection=redis_conn)
        assert job.func_name == "services.scheduler.jobs.record_document"
        assert job.kwargs == {
            "document_id": row["id"],
            "case_reference": REFERENCE,
            "kind": "referral",
            "format": row["format"],
            "filename": f"{REFERENCE}-referral-v1.{row['format']}",
            "sha256": row["sha256"],
            "size": row["size"],
        }


def test_running_the_job_again_makes_no_duplicates(
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    run_job(redis_conn, REFERENCE)
    first = rows(engine)
    again = run_job(redis_conn, REFERENCE)

    assert again.return_value() == {"documents": [r["id"] for r in first], "reused": True}
    assert rows(engine) == first
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(document)).scalar() == 2
    objects = stored_objects(s3_client, s3_settings["S3_BUCKET"], f"cases/{REFERENCE}/referral/")
    assert len(objects) == 2
    assert len(Queue("scheduler", connection=redis_conn).job_ids) == 2


def test_a_missing_case_fails_the_job_for_a_retry(
    documents_app: Flask, engine: Engine, redis_conn: Redis
) -> None:
    job = enqueue(
        redis_conn, "services.documents.jobs.render_referral", case_reference="GSCP-2026-0404"
    )
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )
    job.refresh()
    # RQ keeps it for a later attempt (Retry from the job contract), nothing was stored
    assert job.get_status() in ("scheduled", "queued", "deferred")
    assert job.retries_left == 4
    assert rows(engine) == []


def test_the_api_hands_over_the_stored_bytes(
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    run_job(redis_conn, REFERENCE)
    client = documents_app.test_client()
    auth = {"Authorization": f"Bearer {SERVICE_TOKEN}"}

    listing = client.get(f"/api/cases/{REFERENCE}/documents", headers=auth).get_json()
    assert [d["format"] for d in listing["documents"]] == ["docx", "pdf"]
    for entry in listing["documents"]:
        response = client.get(f"/api/documents/{entry['id']}/content", headers=auth)
        assert response.status_code == 200
        key = f"cases/{REFERENCE}/referral/v{entry['version']}.{entry['format']}"
        stored = s3_client.get_object(s3_settings["S3_BUCKET"], key)
        assert response.data == stored.read()
        stored.close()
        stored.release_conn()
        assert response.headers["X-Checksum-SHA256"] == entry["sha256"]
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{entry["filename"]}"'
        )
    refused = client.get(f"/api/documents/{listing['documents'][0]['id']}/content")
    assert refused.status_code == 401
