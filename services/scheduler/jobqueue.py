"""Enqueueing follow-up jobs: a port so case opening can be unit-tested without Redis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from redis import Redis

from shared.queue import enqueue


class JobQueue(Protocol):
    def enqueue(self, name: str, **kwargs: Any) -> str:
        """Enqueue job ``name`` (a shared.queue.JOBS contract); returns the job id."""
        ...


class RqJobQueue:
    def __init__(self, redis: Callable[[], Redis]) -> None:
        self._redis = redis

    def enqueue(self, name: str, **kwargs: Any) -> str:
        return str(enqueue(self._redis(), name, **kwargs).id)
