"""In-memory stand-ins for the scheduler's ports, for unit tests only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import argon2

from services.scheduler.documents_client import DocumentStream, DocumentsUnavailable
from services.scheduler.passwords import Argon2Passwords


class FixedClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def clock_at(iso: str) -> FixedClock:
    return FixedClock(datetime.fromisoformat(iso).astimezone(UTC))


@dataclass
class FakeDocumentsClient:
    files: dict[int, tuple[bytes, str]] = field(default_factory=dict)
    failing: bool = False
    #: what the fake says the checksum is (None: it does not say)
    vouched_sha256: str | None = None
    opened: list[int] = field(default_factory=list)
    closed: int = 0

    def put(self, document_id: int, content: bytes, content_type: str) -> None:
        self.files[document_id] = (content, content_type)

    def open(self, document_id: int) -> DocumentStream:
        self.opened.append(document_id)
        if self.failing or document_id not in self.files:
            raise DocumentsUnavailable("fake documents service refused")
        content, content_type = self.files[document_id]

        def chunks() -> Iterator[bytes]:
            for i in range(0, len(content), 4):
                yield content[i : i + 4]

        return DocumentStream(
            content_type, len(content), chunks(), self._close, sha256=self.vouched_sha256
        )

    def _close(self) -> None:
        self.closed += 1


@dataclass
class FakeQueue:
    jobs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def enqueue(self, name: str, **kwargs: Any) -> str:
        self.jobs.append((name, kwargs))
        return name


class FakeRedis:
    def __init__(self, up: bool = True) -> None:
        self.up = up

    def ping(self) -> bool:
        if not self.up:
            raise ConnectionError("fake redis is down")
        return True


def fast_passwords() -> Argon2Passwords:
    """Real Argon2id hashing with the cheapest parameters, so tests stay quick."""
    return Argon2Passwords(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
