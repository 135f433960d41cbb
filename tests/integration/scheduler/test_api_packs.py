"""Asking for packs through API v1 on PostgreSQL and Redis: what a client gets wrong, or asks
too early, is answered with a reason and keeps nothing; a pack asked for is kept and queued
for documents (its ``build_pack`` job on the documents queue), and reads as queued until the
documents worker builds it (tests/integration/journey/test_meeting_pack.py builds one)."""

from __future__ import annotations

from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.scheduler.bootstrap import Container
from services.scheduler.tables import pack_request
from tests.integration.scheduler.test_api_lifecycle import api, bearer, call
from tests.integration.scheduler.test_api_rapid_review import notified
from tests.unit.scheduler.factories import add_staff

__all__ = ["api"]  # the fixture


def _kept(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(pack_request)).scalar_one())


def test_packs_are_asked_for_with_a_reason_for_every_refusal(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = notified(api, engine, redis_conn)
    client, url = api.test_client(), f"/api/v1/cases/{reference}/packs"
    not_json = client.post(url, data="kind=panel", headers=ops)
    assert not_json.status_code == 400 and not_json.get_json()["error"] == "bad_request"
    unknown = call(client, ops, "POST", url, 422, kind="everything")
    assert unknown["errors"]["kind"].startswith("Choose which pack to build")
    early = call(client, ops, "POST", url, 409, kind="panel")
    assert early["error"] == "action_refused" and "three lead representatives" in early["reason"]
    call(client, ops, "POST", "/api/v1/cases/NOPE-2026-0001/packs", 404, kind="panel")
    c: Container = api.extensions["cspr"]
    add_staff(c, email="lead@police.example", role="partner-lead", partner="police")
    lead = bearer(api, "lead@police.example")
    assert call(client, lead, "POST", url, 403, kind="rapid-review-meeting")["error"]
    assert _kept(engine) == 0

    made = call(client, ops, "POST", url, 202, kind="rapid-review-meeting")
    assert (made["status"], made["kind"], made["files"]) == ("queued", "rapid-review-meeting", None)
    assert made["requested_by"] == "ops@partnership.example"
    jobs = Queue("documents", connection=redis_conn).jobs
    builds = [j.kwargs for j in jobs if j.func_name == "services.documents.jobs.build_pack"]
    assert builds == [{"pack_id": made["id"]}]
    # a lead representative reads it; its files are not there to download yet
    seen = call(client, lead, "GET", f"/api/v1/packs/{made['id']}", 200)
    assert seen["status_label"] == "Waiting to be built"
    not_yet = call(client, lead, "GET", f"/api/v1/packs/{made['id']}/pdf", 409)
    assert not_yet["error"] == "not_ready"
    call(client, ops, "GET", "/api/v1/packs/999999", 404)
    call(client, ops, "GET", f"/api/v1/packs/{made['id']}/docx", 404)


def test_a_pack_the_queue_cannot_take_is_not_kept(
    api: Flask, engine: Engine, redis_conn: Redis
) -> None:
    reference, ops = notified(api, engine, redis_conn)
    c: Container = api.extensions["cspr"]

    class Down:
        def enqueue(self, name: str, **kwargs: object) -> str:
            raise ConnectionError("Redis is not answering")

    c.queue = Down()
    answer = call(api.test_client(), ops, "POST", f"/api/v1/cases/{reference}/packs", 503,
                  kind="rapid-review-meeting")  # fmt: skip
    assert answer["error"] == "unavailable"
    assert _kept(engine) == 0
