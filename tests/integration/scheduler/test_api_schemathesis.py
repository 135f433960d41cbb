"""The JSON API v1 against its own OpenAPI document, on PostgreSQL: schemathesis sends
generated requests to every operation (one open case, an ops user's API token) and no
response may be a 5xx."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from redis import Redis
from schemathesis.checks import not_a_server_error
from sqlalchemy.engine import Engine

from services.scheduler.bootstrap import Container
from tests.integration.scheduler.factories import open_case, store_referral
from tests.unit.scheduler.factories import add_staff, api_token

OPS_EMAIL = "ops@partnership.example"


@pytest.fixture
def open_reference(scheduler: Container, engine: Engine, redis_conn: Redis) -> str:
    return open_case(redis_conn, store_referral(engine).id)


@pytest.fixture
def ops_headers(scheduler: Container) -> dict[str, str]:
    add_staff(scheduler, email=OPS_EMAIL, role="ops")
    return {"Authorization": f"Bearer {api_token(scheduler, email=OPS_EMAIL)}"}


def test_no_operation_answers_a_server_error(
    scheduler_app: Flask, open_reference: str, ops_headers: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", scheduler_app)
    operations = [cast(Any, result).ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    seen: Counter[tuple[str, int]] = Counter()

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: Any) -> None:
            reference = (case.path_parameters or {}).get("reference")
            if reference is not None and len(reference) % 4:
                # most requests name the real case, so bodies reach the domain's rules
                case.path_parameters["reference"] = open_reference
            response = case.call(headers=ops_headers)
            seen[(case.method, response.status_code)] += 1
            case.validate_response(response, checks=[not_a_server_error])

        no_server_error()

    # the requests reached the case's rows: read it, and changed it at least once
    assert seen[("GET", 200)] and seen[("POST", 200)], seen
