"""The Rapid Review meeting's participants and the report through API v1 on PostgreSQL: what
a client gets wrong (not JSON, a wrong answer, an unknown question, an unknown participant,
a step too early, a role that may not write) is answered with a reason and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from redis import Redis
from sqlalchemy.engine import Engine

from services.scheduler.bootstrap import Container
from tests.integration.scheduler.factories import open_case, store_referral
from tests.integration.scheduler.test_api_lifecycle import NOW, RECEIVED, act, api, bearer, call
from tests.unit.scheduler.factories import add_staff

__all__ = ["api"]  # the fixture
ON = date(2026, 11, 4)


def notified(api: Flask, engine: Engine, redis_conn: Redis) -> tuple[str, dict[str, str]]:
    reference = open_case(redis_conn, store_referral(engine, received_at=RECEIVED).id)
    client = api.test_client()
    ops, chair = bearer(api, "ops@partnership.example"), bearer(api, "chair@partnership.example")
    NOW[0] = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    act(client, ops, reference, "record_leads_informed", informed_on=ON)
    act(client, chair, reference, "decide_criteria", criteria="met", decided_on=ON,
        rationale="A child was seriously harmed.")  # fmt: skip
    act(client, ops, reference, "record_panel_notification", notified_on=ON,
        dfe_reference="SIN-2026-000999")  # fmt: skip
    return reference, ops


def test_participants_refuse_what_is_wrong_and_keep_what_is_right(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = notified(api, engine, redis_conn)
    client, url = api.test_client(), f"/api/v1/cases/{reference}/meeting/participants"
    not_json = client.post(url, data="name=Pat", headers=ops)
    assert not_json.status_code == 400 and "JSON object" in not_json.get_json()["reason"]
    wrong = call(client, ops, "POST", url, 422, name="", job_role=7, agency="Police",
                 partner="the mayor")  # fmt: skip
    assert wrong["error"] == "invalid_input"
    assert set(wrong["errors"]) == {"name", "job_role", "partner"}
    assert wrong["errors"]["name"] == "Enter the participant's name"
    c: Container = api.extensions["cspr"]
    add_staff(c, email="lead@police.example", role="partner-lead", partner="police")
    lead = bearer(api, "lead@police.example")
    refused = call(client, lead, "POST", url, 409, name="Dee", job_role="DI", agency="Police",
                   partner="police")  # fmt: skip
    assert refused["error"] == "action_refused" and refused["reason"]
    made = call(client, ops, "POST", url, 201, name="Dee Police", job_role="DI",
                agency="Police", partner="police")  # fmt: skip
    assert (made["partner"], made["partner_label"]) == ("police", "Police")
    gone = call(client, ops, "DELETE", f"{url}/{made['id'] + 1000}", 404)
    assert gone["reason"] == f"Case {reference} has no participant {made['id'] + 1000}."
    meeting = call(client, lead, "GET", f"/api/v1/cases/{reference}/meeting", 200)
    assert [p["name"] for p in meeting["participants"]] == ["Dee Police"]
    assert meeting["quorate"] is False
    assert meeting["quorum"] == "Not quorate: nobody from the local authority or the health partner"
    assert meeting["window_opens_on"] and meeting["window_closes_on"]
    call(client, ops, "GET", "/api/v1/cases/NOPE-1/meeting", 404)


def test_the_report_checks_each_answer_sent_and_every_answer_to_finalise(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = notified(api, engine, redis_conn)
    client, base = api.test_client(), f"/api/v1/cases/{reference}/report"
    assert call(client, ops, "GET", base, 200) == {
        "reference": reference,
        "newest": None,
        "awaiting_approval": False,
        "versions": [],
    }
    early = call(client, ops, "PATCH", f"{base}/draft", 409, answers={})
    assert early["reason"] == "Start a draft of the report before changing its answers."
    started = call(client, ops, "POST", f"{base}/draft", 201)
    assert started["newest"]["version"] == 1 and started["newest"]["status"] == "draft"
    again = call(client, ops, "POST", f"{base}/draft", 200)
    assert again["newest"]["version"] == 1 and len(again["versions"]) == 1
    before = started["newest"]["answers"]

    shape = client.patch(f"{base}/draft", json={"child_name": "X"}, headers=ops)
    assert shape.status_code == 400 and "answers" in shape.get_json()["reason"]
    wrong = call(client, ops, "PATCH", f"{base}/draft", 422,
                 answers={"no_such_question": "x", "immediate_action": "perhaps"})  # fmt: skip
    assert wrong["error"] == "invalid_answers"
    assert wrong["errors"]["no_such_question"] == "This is not a question on this form"
    assert "immediate_action" in wrong["errors"]
    assert call(client, ops, "GET", base, 200)["newest"]["answers"] == before

    saved = call(client, ops, "PATCH", f"{base}/draft", 200, answers={"immediate_action": "no"})
    assert saved["newest"]["answers"]["immediate_action"] == "no"
    removed = call(client, ops, "PATCH", f"{base}/draft", 200, answers={"immediate_action": None})
    assert "immediate_action" not in removed["newest"]["answers"]
    # finalised only after the meeting is recorded as held
    too_soon = call(client, ops, "POST", f"{base}/final", 409)
    assert too_soon["reason"] == (
        "The report is finalised after the Rapid Review meeting is recorded as held."
    )
    assert call(client, ops, "GET", base, 200)["newest"]["status"] == "draft"
