"""An in-memory ``FailureLog`` with the SQL adapter's rules: one open failure per document
and source, its attempts counted, resolved by document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.documents.ports import DocumentFailure


@dataclass(frozen=True)
class FailureRow:
    failure: DocumentFailure
    attempts: int
    failed_at: datetime
    resolved_at: datetime | None = None


class InMemoryFailures:
    def __init__(self) -> None:
        self.rows: list[FailureRow] = []

    def failed(self, failure: DocumentFailure, now: datetime) -> int:
        for i, row in enumerate(self.rows):
            same = (row.failure.case_reference, row.failure.kind, row.failure.source) == (
                failure.case_reference,
                failure.kind,
                failure.source,
            )
            if same and row.resolved_at is None:
                self.rows[i] = replace(
                    row, failure=failure, attempts=row.attempts + 1, failed_at=now
                )
                return row.attempts + 1
        self.rows.append(FailureRow(failure, 1, now))
        return 1

    def resolved(self, case_reference: str, kind: str, now: datetime) -> None:
        self.rows = [
            replace(r, resolved_at=now)
            if r.resolved_at is None
            and (r.failure.case_reference, r.failure.kind) == (case_reference, kind)
            else r
            for r in self.rows
        ]

    def open(self) -> list[FailureRow]:
        return [r for r in self.rows if r.resolved_at is None]
