"""The documents service against real PostgreSQL, Redis, SeaweedFS and unoservers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from minio import Minio
from redis import Redis
from sqlalchemy.engine import Engine

from services.documents.app import create_app
from shared import runtime
from shared.config import Config, load_config
from shared.forms import samples
from shared.forms.registry import get_form
from tests.integration.scheduler.factories import (
    RECEIVED_AT,
    open_case,
    scheduler_config,
    start_scheduler,
    store_referral,
)

SERVICE_TOKEN = "integration-service-token-0123456789"


def open_referral_case(
    engine: Engine,
    redis_conn: Redis,
    *,
    form_id: str = "serious-incident",
    largest: bool = False,
    **changes: Any,
) -> str:
    """A referral stored by intake (sample answers of ``form_id``, ``changes`` replacing
    some), its case opened by the scheduler's open_case job; the case's reference. The
    render_referral job open_case asks for is left waiting on the documents queue."""
    form = get_form(form_id)
    answers = samples.answers(form, today=RECEIVED_AT.date(), largest=largest)
    answers.update(changes)
    return open_case(redis_conn, store_referral(engine, form_id=form_id, answers=answers).id)


@pytest.fixture
def documents_config(
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
            "CONVERSION_TIMEOUT": "60",
            **s3_settings,
        },
    )


@pytest.fixture
def documents_app(
    documents_config: Config,
    engine: Engine,
    redis_conn: Redis,
    database_url: str,
    redis_url: str,
) -> Iterator[Flask]:
    runtime.clear()
    app = create_app(documents_config, engine=engine, redis=redis_conn)
    # and the scheduler, whose open_case job opens the cases these tests render
    start_scheduler(scheduler_config(database_url, redis_url), engine)
    yield app
    runtime.clear()


@pytest.fixture
def s3_client(s3_settings: dict[str, str]) -> Minio:
    """An independent client: the tests check the store, not the service's view of it."""
    return Minio(
        s3_settings["S3_ENDPOINT"],
        access_key=s3_settings["S3_ACCESS_KEY"],
        secret_key=s3_settings["S3_SECRET_KEY"],
        secure=False,
    )


def stored_objects(s3_client: Minio, bucket: str, prefix: str) -> dict[str, Any]:
    return {o.object_name: o for o in s3_client.list_objects(bucket, prefix=prefix, recursive=True)}
