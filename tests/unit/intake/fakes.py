"""In-memory stand-ins for intake's ports (unit tests only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.intake.ports import QueueUnavailable, StoredReferral
from services.intake.references import format_reference, reference_year


@dataclass
class FakeReferrals:
    prefix: str = "TEST"
    rows: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    fail_marking: bool = False

    def add(
        self, *, kind: str, received_at: datetime, answers: Mapping[str, str]
    ) -> StoredReferral:
        year = reference_year(received_at)
        number = self.counters.get((self.prefix, year), 0) + 1
        self.counters[(self.prefix, year)] = number
        row = {
            "id": len(self.rows) + 1,
            "reference": format_reference(self.prefix, year, number),
            "kind": kind,
            "received_at": received_at,
            "answers": dict(answers),
            "handed_off_at": None,
        }
        self.rows.append(row)
        return StoredReferral(
            id=len(self.rows), reference=format_reference(self.prefix, year, number)
        )

    def row(self, referral_id: int) -> dict[str, Any]:
        return next(r for r in self.rows if r["id"] == referral_id)

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        if self.fail_marking:
            raise RuntimeError("database went away")
        row = self.row(referral_id)
        if row["handed_off_at"] is None:
            row["handed_off_at"] = at

    @contextmanager
    def pending(self, limit: int) -> Iterator[FakeBatch]:
        waiting = sorted(
            (r for r in self.rows if r["handed_off_at"] is None),
            key=lambda r: (r["received_at"], r["id"]),
        )
        yield FakeBatch(self, [r["id"] for r in waiting[:limit]])


@dataclass
class FakeBatch:
    repo: FakeReferrals
    ids: list[int]

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        self.repo.mark_handed_off(referral_id, at)


@dataclass
class FakeQueue:
    available: bool = True
    #: referral ids, one per call that reached the queue
    opened: list[int] = field(default_factory=list)
    #: become unavailable after this many jobs (None: never)
    fail_after: int | None = None

    def open_case(self, referral_id: int) -> None:
        if not self.available or (
            self.fail_after is not None and len(self.opened) >= self.fail_after
        ):
            raise QueueUnavailable("ConnectionError")
        self.opened.append(referral_id)


@dataclass
class FixedClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
