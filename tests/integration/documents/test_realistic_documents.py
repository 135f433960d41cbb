"""Every built-in template filled with realistic data (``tests/support/realistic.py``):
Welsh and accented names, ``&``, ``<``, quotes, text that looks like template tags or Word
XML, answers at their forms' limits, 20 family members and 10 agencies.

Each document is made as it is in service: the referral (both forms), the scoping letter
(App. ii), the Report of Rapid Review (App. iv) and the Panel letter (App. v) by their own
jobs run by a real RQ worker, a returned scoping form (App. iii) through the generic answers
template as a pack makes it; LibreOffice converts them through the unoserver pool, SeaweedFS
stores them. Each is read back with an independent S3 client and checked with pypdf: PDF/A-2b
and its metadata, every value printed as typed, the 20th family member and the last words
of the longest answers there, and no tag of the template's own left unfilled.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from minio import Minio
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.app import create_app
from services.documents.bootstrap import conversion_pool
from services.documents.catalogue import ANSWERS
from services.documents.common import DOCX, PDF
from services.documents.generation import Making, store_version
from services.documents.records import SqlDocuments
from services.documents.referral import referral_context
from services.documents.render import DocumentProperties, with_properties
from services.documents.s3store import MinioStore, S3Settings
from services.documents.template_source import built_in_templates
from services.scheduler.domain.agencies import AgencyDetails, link_expiry
from services.scheduler.domain.staff import Partner
from services.scheduler.readmodel import fetch_case
from services.scheduler.store.agencies import add_case_agency, issue_link
from services.scheduler.tables import case
from shared import runtime
from shared.clock import utc_now
from shared.config import Config, load_config
from shared.forms.registry import get_form
from shared.queue import enqueue
from tests.integration.documents.conftest import SERVICE_TOKEN
from tests.integration.documents.printed import (
    PARTNERSHIP,
    check_document,
    run_documents_jobs,
    stored,
    words,
)
from tests.integration.documents.report_cases import Person, case_with_final_report
from tests.integration.scheduler.factories import (
    RECEIVED_AT,
    open_case,
    scheduler_config,
    start_scheduler,
    store_referral,
)
from tests.support import realistic

CHAIR = realistic.ACCENTED
TODAY = RECEIVED_AT.date()
#: the meeting's participants, one of each partner, and someone from a school
PEOPLE: tuple[Person, ...] = (
    (
        realistic.WELSH,
        "Head of Safeguarding",
        "Royal Borough of Greenwich",
        Partner.LOCAL_AUTHORITY,
    ),
    (
        "Seán Ó Briain",
        'Detective Inspector, "Operation Ŵyn"',
        "Metropolitan Police",
        Partner.POLICE,
    ),
    ("Chloë O'Connor-Brontë", "Designated Doctor", "South East London ICB", Partner.HEALTH),
    ("Iolo Môn Williams", "Headteacher", realistic.COMPANY, None),
)


@pytest.fixture
def config(
    database_url: str, redis_url: str, s3_settings: dict[str, str], unoserver_pool: str
) -> Config:
    return load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SERVICE_TOKEN": SERVICE_TOKEN,
            "UNOSERVER_POOL": unoserver_pool,
            "CONVERSION_TIMEOUT": "90",
            "CHAIR_NAME": CHAIR,
            **s3_settings,
        },
    )


@pytest.fixture
def app(
    config: Config,
    engine: Engine,
    redis_conn: Redis,
    database_url: str,
    redis_url: str,
) -> Iterator[Flask]:
    runtime.clear()
    made = create_app(config, engine=engine, redis=redis_conn)
    start_scheduler(scheduler_config(database_url, redis_url), engine)
    yield made
    runtime.clear()


REFERRAL_VALUES = (
    realistic.CHILD,
    realistic.WELSH,
    realistic.ACCENTED,
    realistic.COMPANY,
    realistic.LOOKALIKE,
    realistic.LAST_MEMBER,
    *realistic.AGENCIES,
)


@pytest.mark.parametrize("form_id", ["serious-incident", "practice-learning"])
def test_a_referral(
    form_id: str,
    app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    answers = realistic.referral_answers(form_id, today=TODAY)
    reference = open_case(redis_conn, store_referral(engine, form_id=form_id, answers=answers).id)
    run_documents_jobs(redis_conn, f"render-referral-{reference}")

    form = get_form(form_id)
    text = check_document(
        s3_client,
        s3_settings["S3_BUCKET"],
        stored(engine, "referral"),
        title=form.title,
        subject=f"Case {reference}",
        values=(*REFERRAL_VALUES, answers["outline"][-300:]),
    )
    assert f"Family member or significant other {realistic.FAMILY_COUNT}: " in words(text)
    assert words(text).count(realistic.LAST_WORDS) == 1


def test_the_scoping_letter(
    app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    answers = realistic.referral_answers("serious-incident", today=TODAY)
    reference = open_case(redis_conn, store_referral(engine, answers=answers).id)
    Queue("documents", connection=redis_conn).empty()  # the referral is the test above's
    now = utc_now()
    token = secrets.token_urlsafe(32)
    due_on = now.date() + timedelta(days=7)
    with engine.begin() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar_one()
        details = AgencyDetails(
            name=realistic.COMPANY,
            kind="education",
            representative=realistic.WELSH,
            email="safeguarding@obrien.example",
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
    enqueue(
        redis_conn,
        "services.documents.jobs.render_scoping_letter",
        case_agency_id=case_agency_id,
        serial=serial,
        token=token,
    )
    run_documents_jobs(redis_conn)

    check_document(
        s3_client,
        s3_settings["S3_BUCKET"],
        stored(engine, f"scoping-letter-{case_agency_id}"),
        title=f"Letter to accompany the scoping form: {realistic.COMPANY}",
        subject=f"Case {reference}",
        values=(f"Dear {realistic.WELSH},", realistic.COMPANY, CHAIR, reference),
    )


def test_the_report_and_the_panel_letter(
    app: Flask,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
) -> None:
    reference = open_case(redis_conn, store_referral(engine).id)
    answers = realistic.report_answers(today=TODAY)
    case_with_final_report(engine, redis_conn, reference=reference, answers=answers, people=PEOPLE)
    for name in ("render_rapid_review_report", "render_panel_letter"):
        enqueue(redis_conn, f"services.documents.jobs.{name}", case_reference=reference, version=1)
    run_documents_jobs(redis_conn, f"rr-report-{reference}-v1", f"panel-letter-{reference}-v1")
    bucket = s3_settings["S3_BUCKET"]
    details = answers["recommendation"]["details"]

    text = check_document(
        s3_client,
        bucket,
        stored(engine, "rapid-review-report"),
        title="Report of Rapid Review",
        subject=f"Case {reference}, version 1",
        values=(
            realistic.CHILD,
            realistic.WELSH,
            realistic.ACCENTED,
            realistic.LAST_MEMBER,
            details,
            *(name for name, *_ in PEOPLE),
            'Detective Inspector, "Operation Ŵyn"',
            answers["case_summary"][-300:],
            answers["discussion"][-300:],
        ),
    )
    assert words(text).count(realistic.LAST_WORDS) == 2, "both 20,000-character answers, whole"
    assert len(answers["case_summary"]) == len(answers["discussion"]) == 20_000

    check_document(
        s3_client,
        bucket,
        stored(engine, "panel-letter"),
        title="Letter to the Child Safeguarding Practice Review Panel",
        subject=f"Case {reference}, version 1",
        values=(f"Warrants consideration of DHR, SAR, MAPPA SFO or other: {details}", CHAIR),
    )


def test_a_returned_scoping_form(
    config: Config,
    engine: Engine,
    redis_conn: Redis,
    s3_client: Minio,
    s3_settings: dict[str, str],
    database_url: str,
    redis_url: str,
) -> None:
    """No job makes a return on its own: a meeting pack prints it through the generic
    answers template, converted and stored as the case's document of that agency."""
    start_scheduler(scheduler_config(database_url, redis_url), engine)
    reference = open_case(redis_conn, store_referral(engine).id)
    with engine.connect() as conn:
        snapshot = fetch_case(conn, reference)
    assert snapshot is not None
    form = get_form("scoping")
    answers = realistic.scoping_answers(today=TODAY)
    # the return's answers where the referral's were: the same template prints any form
    returned = replace(snapshot, form_id=form.id, form_version=form.version, answers=answers)
    now = utc_now()
    template = built_in_templates(PARTNERSHIP).resolve(ANSWERS)
    properties = DocumentProperties(
        f"Scoping return: {realistic.COMPANY}", PARTNERSHIP, f"Case {reference}"
    )
    filled = with_properties(
        template.render(referral_context(returned, PARTNERSHIP)), properties, now
    )
    pdf = conversion_pool(config, redis_conn).to_pdf(filled)
    made = store_version(
        Making(reference, "scoping-return-1", "return-test", template.version, None),
        {DOCX: filled, PDF: pdf},
        metadata={"kind": "scoping-return"},
        store=MinioStore(S3Settings.from_config(config)),
        records=SqlDocuments(engine),
        now=now,
    )

    text = check_document(
        s3_client,
        s3_settings["S3_BUCKET"],
        {r.format: {"object_key": r.object_key, "sha256": r.sha256} for r in made},
        title=f"Scoping return: {realistic.COMPANY}",
        subject=f"Case {reference}",
        values=(
            form.document_title,
            realistic.CHILD,
            realistic.WELSH,
            realistic.LAST_MEMBER,
            realistic.LOOKALIKE,
            answers["involvement_summary"][-300:],
        ),
    )
    assert f"Person {realistic.FAMILY_COUNT}: {realistic.LAST_MEMBER}" in words(text)
