"""``render_rapid_review_report`` and ``render_panel_letter`` run by a real RQ worker: a real
case (intake's repository, the scheduler's ``open_case`` job), its meeting's participants
(the scheduler's meeting store), a final report version and the partners' approvals
(inserted into the scheduler's tables, which no store writes yet), PostgreSQL, Redis,
SeaweedFS and the unoserver pool; the scheduler records what it is told."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from minio import Minio
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.app import create_app
from services.documents.tables import document
from services.scheduler.domain.staff import Partner
from services.scheduler.tables import case_document
from shared import runtime
from shared.config import load_config
from shared.forms import samples
from shared.forms.registry import get_form
from shared.queue import enqueue
from tests.integration.documents import report_cases
from tests.integration.documents.conftest import SERVICE_TOKEN, open_referral_case
from tests.integration.scheduler.factories import (
    RECEIVED_AT,
    run_scheduler_jobs,
    scheduler_config,
    start_scheduler,
)
from tests.support.pdf_records import assert_archival_record

REFERENCE = "GSCP-2026-0001"
REPORT_FORM = "rapid-review-report"
CHAIR = "Dr Helen Okafor"
PANEL_CHAIR = "Sir Alan Wood"
DETAILS = "A Safeguarding Adults Review & <joint> {{ review }}"
PEOPLE: tuple[report_cases.Person, ...] = (
    ("Sian Llyr", "Head of Safeguarding", "Royal Borough of Greenwich", Partner.LOCAL_AUTHORITY),
    ("Zoe Tram", "Detective Inspector", "Metropolitan Police", Partner.POLICE),
    ("Oisin O'Brien", "Designated Doctor", "South East London ICB", Partner.HEALTH),
    ("Priya Chandrasekhar", "Headteacher", "Riverside Primary School", None),
)


@pytest.fixture
def panel_app(
    database_url: str,
    redis_url: str,
    s3_settings: dict[str, str],
    unoserver_pool: str,
    engine: Engine,
    redis_conn: Redis,
) -> Iterator[Flask]:
    runtime.clear()
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SERVICE_TOKEN": SERVICE_TOKEN,
            "UNOSERVER_POOL": unoserver_pool,
            "CONVERSION_TIMEOUT": "60",
            "CHAIR_NAME": CHAIR,
            "PANEL_CHAIR_NAME": PANEL_CHAIR,
            **s3_settings,
        },
    )
    app = create_app(config, engine=engine, redis=redis_conn)
    start_scheduler(scheduler_config(database_url, redis_url), engine)
    yield app
    runtime.clear()


def report_answers() -> dict[str, Any]:
    answers = samples.answers(get_form(REPORT_FORM), today=RECEIVED_AT.date())
    answers["recommendation"] = {"answer": "d", "details": DETAILS}
    return answers


def case_with_final_report(
    engine: Engine, redis_conn: Redis, *, approved_by: tuple[Partner, ...] = tuple(Partner)
) -> None:
    """A case whose meeting was held with every partner present, its report's version 1
    final, and approved by ``approved_by``."""
    assert open_referral_case(engine, redis_conn) == REFERENCE
    report_cases.case_with_final_report(
        engine,
        redis_conn,
        reference=REFERENCE,
        answers=report_answers(),
        people=PEOPLE,
        approved_by=approved_by,
    )


def run_jobs(redis_conn: Redis) -> None:
    for name in ("render_rapid_review_report", "render_panel_letter"):
        enqueue(redis_conn, f"services.documents.jobs.{name}", case_reference=REFERENCE, version=1)
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )


def rows(engine: Engine) -> dict[tuple[str, str], dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(select(document)).mappings().all()
    return {(r["kind"], r["format"]): dict(r) for r in found}


def pdf_text(s3_client: Minio, bucket: str, row: dict[str, Any]) -> tuple[str, int]:
    response = s3_client.get_object(bucket, str(row["object_key"]))
    try:
        data = bytes(response.read())
    finally:
        response.close()
        response.release_conn()
    assert hashlib.sha256(data).hexdigest() == row["sha256"]
    title = {"panel-letter": "Letter to the Child Safeguarding Practice Review Panel"}.get(
        str(row["kind"]), "Report of Rapid Review"
    )
    version = str(row["source"]).removeprefix("report-v")
    reader = assert_archival_record(
        data,
        title=title,
        author="Greenwich Safeguarding Children Partnership",
        subject=f"Case {REFERENCE}, version {version}",
    )
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_the_report_and_the_letter_are_stored_and_recorded(
    panel_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    case_with_final_report(engine, redis_conn)
    run_jobs(redis_conn)

    stored = rows(engine)
    assert set(stored) == {
        ("rapid-review-report", "docx"),
        ("rapid-review-report", "pdf"),
        ("panel-letter", "docx"),
        ("panel-letter", "pdf"),
    }
    letter_row = stored["panel-letter", "pdf"]
    assert (letter_row["version"], letter_row["source"]) == (1, "report-v1")
    assert letter_row["object_key"] == (f"cases/{REFERENCE}/panel-letter/v1.pdf")
    bucket = s3_settings["S3_BUCKET"]

    letter, pages = pdf_text(s3_client, bucket, letter_row)
    assert pages == 1
    assert f"Decision of the Rapid Review of {REFERENCE}" in letter
    assert "on 2 April 2026 and have, therefore, undertaken a Rapid Review" in letter
    assert (
        "This Rapid Review included a representative from each of the Safeguarding Partners "
        "and concluded that the case does not meet the criteria for a Child Safeguarding "
        "Practice Review. The Rapid Review recommends: Warrants consideration of DHR, SAR, "
        f"MAPPA SFO or other: {DETAILS}." in letter
    )
    assert f"Dear {PANEL_CHAIR}," in letter
    assert (
        f"Yours sincerely {CHAIR} Chair of the Learning from Practice Group Greenwich "
        "Safeguarding Children Partnership Enc: Rapid Review Template" in letter
    )
    assert "Delete as appropriate" not in letter
    assert "Timpson" not in letter

    report, _ = pdf_text(s3_client, bucket, stored["rapid-review-report", "pdf"])
    assert "Date of Rapid Review 17 April 2026" in report
    assert "List of Participants in Rapid Review" in report
    for name, role, agency, _partner in PEOPLE:
        assert name in report and role in report and agency in report
    assert "Quorate: the local authority, the police and the health partner" in report
    assert f"Warrants consideration of DHR, SAR, MAPPA SFO or other: {DETAILS}" in report
    assert "Date this form submitted to the National Panel:" in report

    # the scheduler hears about the four files and lists them on the case
    run_scheduler_jobs(redis_conn)
    with engine.connect() as conn:
        listed = conn.execute(
            select(case_document.c.document_id, case_document.c.kind, case_document.c.filename)
        ).all()
    assert sorted(tuple(r) for r in listed) == sorted(
        (row["id"], kind.rsplit("-v", 1)[0], row["filename"])
        for (kind, _fmt), row in stored.items()
    )

    # running again reuses the files
    run_jobs(redis_conn)
    assert rows(engine) == stored
    objects = [
        o
        for kind in ("rapid-review-report", "panel-letter")
        for o in s3_client.list_objects(bucket, prefix=f"cases/{REFERENCE}/{kind}/", recursive=True)
    ]
    assert len(objects) == 4


def test_no_letter_is_drafted_before_every_partner_approved(
    panel_app: Flask,
    engine: Engine,
    redis_conn: Redis,
) -> None:
    case_with_final_report(engine, redis_conn, approved_by=(Partner.LOCAL_AUTHORITY,))
    run_jobs(redis_conn)

    assert set(rows(engine)) == {
        ("rapid-review-report", "docx"),
        ("rapid-review-report", "pdf"),
    }
    assert len(Queue("documents", connection=redis_conn).failed_job_registry) == 0
