"""A document that cannot be made says why, on the case page and in the case's JSON, and
nothing half made is kept: the real ``render_referral`` job run by an RQ burst worker on
PostgreSQL and Redis, LibreOffice through the unoserver pool, SeaweedFS.

The templates that fail are an administrator's own, put in use through the documents
service's template library (stored in the same S3 server): one using a field cspr does not
provide, and one whose Word file LibreOffice cannot load (its font table is not XML, which
docxtpl and python-docx pass through untouched).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from minio import Minio
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.bootstrap import Container
from services.documents.catalogue import ANSWERS
from services.documents.tables import document, failure
from services.scheduler.app import create_app as create_scheduler_app
from shared.clock import utc_now
from tests.integration.documents.conftest import open_referral_case, stored_objects
from tests.integration.scheduler.factories import scheduler_config
from tests.unit.documents.template_files import docx_template
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import one, page, sign_in

REFERENCE = "GSCP-2026-0001"
JOB_ID = f"render-referral-{REFERENCE}"
TITLE = "Referral of a serious incident"
ADMIN = "admin@partnership.example"


@pytest.fixture
def documents(documents_app: Flask) -> Container:
    container: Container = documents_app.extensions["cspr"]
    return container


@pytest.fixture
def console(engine: Engine, database_url: str, redis_url: str) -> Iterator[FlaskClient]:
    """The ops console, an ops member signed in."""
    app = create_scheduler_app(scheduler_config(database_url, redis_url), engine=engine)
    client = app.test_client()
    add_staff(app.extensions["cspr"])
    assert sign_in(client, "ops.person@partnership.example").status_code == 302
    yield client


def use_template(documents: Container, data: bytes) -> None:
    documents.template_library.add(
        ANSWERS, data, filename="our-referral.docx", uploaded_by=ADMIN, now=utc_now()
    )


def unreadable_by_libreoffice(tmp_path: Path) -> bytes:
    """A template docxtpl fills and python-docx saves, whose font table LibreOffice cannot
    parse: it refuses to load the document."""
    made = docx_template(tmp_path / "fonts.docx", "Case {{ reference }}").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            broken = item.filename == "word/fontTable.xml"
            target.writestr(item, b"<w:fonts" if broken else source.read(item.filename))
    return out.getvalue()


def run_documents_worker(redis_conn: Redis) -> Job:
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )
    return Job.fetch(JOB_ID, connection=redis_conn)


def retry_now(redis_conn: Redis, job: Job) -> None:
    """The retry RQ scheduled comes due (a worker's scheduler would enqueue it then)."""
    queue = Queue("documents", connection=redis_conn)
    ScheduledJobRegistry(queue=queue).remove(job)
    queue.enqueue_job(job)


def failure_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(failure)).mappings()]


def nothing_stored(engine: Engine, s3_client: Minio, bucket: str) -> bool:
    with engine.connect() as conn:
        rows = conn.execute(select(document.c.id)).all()
    return rows == [] and stored_objects(s3_client, bucket, f"cases/{REFERENCE}/") == {}


def shown(console: FlaskClient) -> list[list[str]]:
    soup: BeautifulSoup = page(console.get(f"/cases/{REFERENCE}"))
    box = soup.select_one("#document-failures")
    if box is None:
        return []
    assert "could not be made" in one(box, ".govuk-warning-text").get_text()
    return [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in box.select("tbody tr")
    ]


def test_a_template_using_a_field_cspr_does_not_provide(
    documents: Container,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
    console: FlaskClient,
    tmp_path: Path,
) -> None:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    template = docx_template(tmp_path / "t.docx", "Case {{ reference }}", "{{ child_title }}")
    use_template(documents, template.read_bytes())

    job = run_documents_worker(redis_conn)

    # failed at once: retrying a template cannot help
    assert job.get_status() == JobStatus.FAILED
    assert job.retries_left == 0
    assert JOB_ID in Queue("documents", connection=redis_conn).failed_job_registry
    reason = f"The {TITLE} template uses a field cspr does not provide: child_title"
    [row] = failure_rows(engine)
    assert (row["case_reference"], row["kind"], row["source"]) == (
        REFERENCE,
        "referral",
        "referral",
    )
    assert (row["stage"], row["reason"], row["attempts"]) == ("render", reason, 1)
    assert row["job_id"] == JOB_ID and row["resolved_at"] is None
    assert nothing_stored(engine, s3_client, s3_settings["S3_BUCKET"])
    assert Queue("scheduler", connection=redis_conn).job_ids == [], "nothing announced"

    [cells] = shown(console)
    assert cells[:2] == [TITLE, "Filling in the template"]
    assert cells[3] == "1"
    assert cells[4].startswith(reason)
    assert "Not tried again automatically" in cells[4]

    detail = console.get(f"/api/v1/cases/{REFERENCE}").get_json()
    [listed] = detail["document_failures"]
    assert {k: listed[k] for k in ("kind", "stage", "reason", "attempts")} == {
        "kind": "referral",
        "stage": "render",
        "reason": reason,
        "attempts": 1,
    }
    assert listed["failed_at"] == row["failed_at"].isoformat()


def test_a_document_libreoffice_cannot_convert_is_retried_until_made(
    documents: Container,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
    console: FlaskClient,
    tmp_path: Path,
) -> None:
    assert open_referral_case(engine, redis_conn) == REFERENCE
    use_template(documents, unreadable_by_libreoffice(tmp_path))
    bucket = s3_settings["S3_BUCKET"]

    job = run_documents_worker(redis_conn)
    assert job.get_status() == JobStatus.SCHEDULED, "RQ tries again later"
    assert job.retries_left == 4
    retry_now(redis_conn, job)
    job = run_documents_worker(redis_conn)

    [row] = failure_rows(engine)
    assert (row["stage"], row["attempts"]) == ("convert", 2)
    assert row["reason"].startswith(f"LibreOffice could not convert the {TITLE} to PDF (")
    assert "Could not load document" in row["reason"]
    assert nothing_stored(engine, s3_client, bucket)
    [cells] = shown(console)
    assert cells[:2] == [TITLE, "Converting to PDF"] and cells[3] == "2"
    assert "Not tried again" not in cells[4]

    # the administrator puts the built-in template back; the next retry makes the document
    documents.template_library.choose(ANSWERS, None, chosen_by=ADMIN, now=utc_now())
    retry_now(redis_conn, job)
    job = run_documents_worker(redis_conn)

    assert job.get_status() == JobStatus.FINISHED
    [row] = failure_rows(engine)
    assert row["resolved_at"] is not None and row["attempts"] == 2
    assert shown(console) == []
    assert console.get(f"/api/v1/cases/{REFERENCE}").get_json()["document_failures"] == []
    assert set(stored_objects(s3_client, bucket, f"cases/{REFERENCE}/referral/")) == {
        f"cases/{REFERENCE}/referral/v1.docx",
        f"cases/{REFERENCE}/referral/v1.pdf",
    }
