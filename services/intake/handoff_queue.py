"""The job queue (adapter for ``ports.CaseQueue``): RQ over Redis via ``shared.queue``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from redis import Redis
from redis.exceptions import RedisError

from services.intake.ports import QueueUnavailable
from shared.queue import enqueue

OPEN_CASE = "services.scheduler.jobs.open_case"
SEND_RESUME_LINK = "services.notifier.jobs.send_resume_link"
SCOPING_ACTIVITY = "services.scheduler.jobs.record_scoping_activity"

RedisFactory = Callable[[], Redis]


def redis_factory(url: str) -> RedisFactory:
    """One client (and connection pool) per process, connected on first use.

    Short timeouts: a person waiting for their reference should not wait long for a Redis
    that is down; their referral is already stored.
    """
    client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)

    def connection() -> Redis:
        return client

    return connection


class RedisCaseQueue:
    def __init__(self, redis: RedisFactory) -> None:
        self._redis = redis

    def open_case(self, referral_id: int) -> None:
        try:
            enqueue(self._redis(), OPEN_CASE, referral_id=referral_id)
        except RedisError as exc:
            raise QueueUnavailable(type(exc).__name__) from exc

    def send_resume_link(self, draft_id: int, serial: int, token: str) -> None:
        try:
            enqueue(self._redis(), SEND_RESUME_LINK, draft_id=draft_id, serial=serial, token=token)
        except RedisError as exc:
            raise QueueUnavailable(type(exc).__name__) from exc

    def scoping_activity(self, case_agency_id: int, activity: str, at: datetime) -> None:
        try:
            enqueue(
                self._redis(),
                SCOPING_ACTIVITY,
                case_agency_id=case_agency_id,
                activity=activity,
                at=at.isoformat(),
            )
        except RedisError as exc:
            raise QueueUnavailable(type(exc).__name__) from exc
