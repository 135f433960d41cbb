"""The JSON API end to end on PostgreSQL and Redis: a token made by the installed ``cspr``
command, referrals through the real intake app, cases opened by the scheduler's own
``open_case`` job in a burst worker. No rows are inserted by hand."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.intake.references import london_date
from services.intake.tables import api_token, referral
from services.scheduler.app import create_app as create_scheduler
from services.scheduler.readmodel import fetch_case
from shared import runtime
from shared.clock import utc_now
from shared.config import Config, load_config
from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS

URL = "/api/v1/referrals"
CSPR = Path(sys.executable).with_name("cspr")


def cspr(database_url: str, redis_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script pyproject installs, as an operator runs it."""
    return subprocess.run(
        [str(CSPR), *args],
        env={"PATH": "/usr/bin:/bin", "CSPR_ENV": "test", "DATABASE_URL": database_url,
             "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )  # fmt: skip


@pytest.fixture
def scheduler_config(database_url: str, redis_url: str) -> Config:
    return load_config(
        "scheduler",
        {"CSPR_ENV": "test", "DATABASE_URL": database_url, "REDIS_URL": redis_url},
    )


@pytest.fixture
def apps(intake_app: Flask, scheduler_config: Config, engine: Engine) -> Iterator[Flask]:
    """Intake, with the scheduler built as its worker builds it (for ``open_case``)."""
    create_scheduler(scheduler_config, engine=engine)
    yield intake_app
    runtime.clear()


@pytest.fixture
def token(database_url: str, redis_url: str, engine: Engine) -> str:
    made = cspr(database_url, redis_url, "tokens", "create", "--email", "mash@council.example")
    assert made.returncode == 0, made.stderr
    return made.stdout.splitlines()[-1]


def drain(redis_conn: Redis) -> None:
    SimpleWorker(["scheduler"], connection=redis_conn).work(burst=True)


def referral_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(referral)).scalar_one())


def send(
    client: FlaskClient, token: str, form: Form, answers: dict[str, Any], **headers: str
) -> Any:
    return client.post(
        URL,
        json={"form": form.id, "answers": answers},
        headers={"Authorization": f"Bearer {token}", **headers},
    )


@pytest.mark.parametrize("form", [FORMS[f] for f in REFERRAL_FORMS], ids=lambda f: f.id)
def test_typical_and_largest_referrals_become_cases(
    apps: Flask, token: str, engine: Engine, redis_conn: Redis, form: Form
) -> None:
    client = apps.test_client()
    today = london_date(utc_now())
    sent: dict[str, dict[str, Any]] = {}
    for largest in (False, True):
        answers = samples.answers(form, today=today, largest=largest)
        response = send(client, token, form, answers)
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["form"] == form.id
        assert response.get_json()["version"] == form.version
        sent[response.get_json()["reference"]] = check_answers(form, answers, today).answers
    assert len(sent) == 2

    drain(redis_conn)
    with engine.connect() as conn:
        for reference, answers in sent.items():
            case = fetch_case(conn, reference)
            assert case is not None, reference
            assert (case.route, case.state) == (form.route, "referral_received")
            assert (case.form_id, case.form_version) == (form.id, form.version)
            assert case.answers == answers
            # the serious-incident route starts the Rapid Review clocks on receipt
            assert bool(case.deadlines) is (form.route == "serious_incident")
        rows = conn.execute(select(referral.c.source, referral.c.handed_off_at)).all()
        used = conn.execute(select(api_token.c.last_used_at)).scalar_one()
    assert all(row.source == "api" and row.handed_off_at is not None for row in rows)
    assert used is not None


def test_invalid_answers_store_nothing_and_queue_nothing(
    apps: Flask, token: str, engine: Engine, redis_conn: Redis
) -> None:
    form = FORMS["practice-learning"]
    answers = samples.answers(form, today=london_date(utc_now()))
    answers["family_members"][0]["relationship"] = ""
    response = send(apps.test_client(), token, form, answers)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "family_members[0].relationship": "Enter their relationship to the child"
    }
    bad_json = apps.test_client().post(
        URL, data=b"\xff{", headers={"Authorization": f"Bearer {token}"}
    )
    assert bad_json.status_code == 400
    assert referral_count(engine) == 0
    assert Queue("scheduler", connection=redis_conn).count == 0


def test_a_replayed_submission_is_one_referral_and_one_case(
    apps: Flask, token: str, engine: Engine, redis_conn: Redis
) -> None:
    form = FORMS["serious-incident"]
    answers = samples.answers(form, today=london_date(utc_now()))
    client = apps.test_client()
    first = send(client, token, form, answers, **{"Idempotency-Key": "mash-000123"})
    again = send(client, token, form, answers, **{"Idempotency-Key": "mash-000123"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert referral_count(engine) == 1

    drain(redis_conn)
    with engine.connect() as conn:
        assert fetch_case(conn, first.get_json()["reference"]) is not None
        with_key = conn.execute(select(referral.c.submission_key)).scalar_one()
    assert with_key.startswith("api:") and with_key.endswith(":mash-000123")


def test_tokens_listed_and_revoked_with_cspr_are_refused(
    apps: Flask,
    token: str,
    database_url: str,
    redis_url: str,
    intake_config: Callable[..., Config],
) -> None:
    listed = cspr(database_url, redis_url, "tokens", "list")
    assert listed.returncode == 0 and "mash@council.example" in listed.stdout
    assert token not in listed.stdout
    token_id = listed.stdout.splitlines()[1].split()[0]
    revoked = cspr(database_url, redis_url, "tokens", "revoke", "--id", token_id)
    assert revoked.returncode == 0, revoked.stderr

    form = FORMS["serious-incident"]
    response = send(apps.test_client(), token, form, {})
    assert response.status_code == 401
    assert "revoked" in response.get_json()["reason"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
