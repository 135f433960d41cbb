"""The documents service against real PostgreSQL, Redis, SeaweedFS and unoservers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from minio import Minio
from redis import Redis
from sqlalchemy.engine import Engine

from services.documents.app import create_app
from services.scheduler.tables import case
from shared import runtime
from shared.config import Config, load_config

SERVICE_TOKEN = "integration-service-token-0123456789"


def insert_case(
    engine: Engine,
    *,
    reference: str = "GSCP-2026-0001",
    child_name: str = "Amelia Hartley-O'Brien",
    child_date_of_birth: date | None = date(2019, 3, 14),
    outline: str = "Admitted to hospital with unexplained injuries.\n\n"
    "Siblings placed with grandparents.",
    received_on: date = date(2026, 11, 20),
) -> str:
    """A case as the scheduler's open_case leaves it (only the columns documents reads)."""
    with engine.begin() as conn:
        conn.execute(
            case.insert().values(
                reference=reference,
                referral_id=abs(hash(reference)) % 1_000_000,
                route="serious_incident",
                state="referral_received",
                received_at=datetime.combine(received_on, datetime.min.time(), UTC),
                received_on=received_on,
                child_name=child_name,
                child_date_of_birth=child_date_of_birth,
                referrer_name="Sam Practitioner",
                referrer_agency="Designated Safeguarding Lead, Riverside Primary School",
                referrer_email="sam.practitioner@school.example",
                details={"outline": outline},
                opened_at=datetime.now(UTC),
            )
        )
    return reference


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
def documents_app(documents_config: Config, engine: Engine, redis_conn: Redis) -> Iterator[Flask]:
    runtime.clear()
    yield create_app(documents_config, engine=engine, redis=redis_conn)
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
