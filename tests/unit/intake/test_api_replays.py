"""Idempotency-Key replays, and no 500 for any JSON a client can send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.intake.references import london_date
from services.intake.tokens import issue_token
from shared.forms import samples
from shared.forms.registry import FORMS, REFERRAL_FORMS
from tests.unit.intake.api_fakes import ApiWorld, api_world

URL = "/api/v1/referrals"
FORM = FORMS["serious-incident"]


@pytest.fixture
def world() -> ApiWorld:
    return api_world()


@pytest.fixture
def client(world: ApiWorld) -> FlaskClient:
    return world.app.test_client()


def payload(world: ApiWorld) -> dict[str, Any]:
    return {"form": FORM.id, "answers": samples.answers(FORM, today=london_date(world.clock()))}


def test_a_replay_returns_the_same_reference_and_stores_nothing_new(
    client: FlaskClient, world: ApiWorld
) -> None:
    headers = {**world.auth, "Idempotency-Key": "mash-2026-000123"}
    first = client.post(URL, json=payload(world), headers=headers)
    world.clock.advance(minutes=5)
    again = client.post(URL, json=payload(world), headers=headers)

    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    (row,) = world.referrals.rows
    assert row["submission_key"] == f"api:{world.issued.token.id}:mash-2026-000123"
    # the replay asked for the hand-off again, which the job id makes harmless
    assert world.queue.opened == [1, 1]


def test_keys_are_scoped_by_token_and_different_keys_make_new_referrals(
    client: FlaskClient, world: ApiWorld
) -> None:
    other = issue_token(world.tokens, email="police@force.example", clock=world.clock)
    other_auth = {"Authorization": f"Bearer {other.secret}"}
    references = [
        client.post(URL, json=payload(world), headers={**auth, "Idempotency-Key": key}).get_json()[
            "reference"
        ]
        for auth, key in [(world.auth, "a"), (other_auth, "a"), (world.auth, "b")]
    ]
    assert references == ["TEST-2026-0001", "TEST-2026-0002", "TEST-2026-0003"]
    assert len(world.referrals.rows) == 3


def test_a_replay_with_answers_that_fail_the_checks_is_still_422(
    client: FlaskClient, world: ApiWorld
) -> None:
    headers = {**world.auth, "Idempotency-Key": "k"}
    client.post(URL, json=payload(world), headers=headers)
    response = client.post(URL, json={"form": FORM.id, "answers": {}}, headers=headers)
    assert response.status_code == 422
    assert len(world.referrals.rows) == 1


@pytest.mark.parametrize(
    "key",
    ["", "x" * 65, "has space", "caf\u00e9", "tab\there"],
    ids=["empty", "too-long", "space", "non-ascii", "control"],
)
def test_unusable_idempotency_keys_are_400(client: FlaskClient, world: ApiWorld, key: str) -> None:
    headers = {**world.auth, "Idempotency-Key": key.encode().decode("latin-1")}
    response = client.post(URL, json=payload(world), headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"
    assert "Idempotency-Key" in response.get_json()["reason"]
    assert world.referrals.rows == []


def test_the_longest_key_fits_the_stored_column(client: FlaskClient, world: ApiWorld) -> None:
    key = "k" * 64
    response = client.post(URL, json=payload(world), headers={**world.auth, "Idempotency-Key": key})
    assert response.status_code == 201
    assert len(world.referrals.rows[0]["submission_key"]) <= 100


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
answer_keys = st.sampled_from(sorted({q.id for f in FORMS.values() for q in f.questions()}))
answer_sets = st.dictionaries(answer_keys | st.text(max_size=5), json_values, max_size=8)
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"form": st.sampled_from(REFERRAL_FORMS) | st.text(max_size=5), "answers": answer_sets}
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=bodies)
def test_no_body_a_client_can_send_is_a_server_error(data: Any) -> None:
    world = api_world()
    response = world.app.test_client().post(
        URL, data=json.dumps(data), headers=world.auth, content_type="application/json"
    )
    assert response.status_code in {201, 400, 422}, response.get_data(as_text=True)
    found = response.get_json()
    assert (
        ("reference" in found) if response.status_code == 201 else {"error", "reason"} <= set(found)
    )


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200))
def test_no_bytes_a_client_can_send_are_a_server_error(data: bytes) -> None:
    world = api_world()
    response = world.app.test_client().post(URL, data=data, headers=world.auth)
    assert response.status_code in {400, 422}
    assert response.get_json()["error"] in {"invalid_json", "invalid_request", "unknown_form"}
