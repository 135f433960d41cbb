"""Keyword-only test data for the documents service's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.documents.fakes import (
    FakeConverter,
    InMemoryCases,
    InMemoryRecords,
    InMemoryStore,
    RecordingAnnouncer,
)
from services.scheduler.readmodel import CaseSnapshot

CHILD_NAME = "Amelia Hartley-O'Brien"
CHILD_DOB = date(2019, 3, 14)
PARTNERSHIP = "Greenwich Safeguarding Children Partnership"
OUTLINE = (
    "Admitted to hospital with unexplained injuries.\n"
    "Seen by the on-call paediatrician.\n"
    "\n"
    "Siblings placed with grandparents."
)
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def make_case(
    *,
    reference: str = "GSCP-2026-0001",
    received_on: date = date(2026, 11, 20),
    child_name: str = CHILD_NAME,
    child_date_of_birth: date | None = CHILD_DOB,
    referrer_name: str = "Sam Practitioner",
    referrer_agency: str = "Designated Safeguarding Lead, Riverside Primary School",
    referrer_email: str = "sam.practitioner@school.example",
    outline: str = OUTLINE,
    details: dict[str, Any] | None = None,
) -> CaseSnapshot:
    return CaseSnapshot(
        reference=reference,
        route="serious_incident",
        state="referral_received",
        received_at=datetime.combine(received_on, datetime.min.time(), UTC),
        received_on=received_on,
        child_name=child_name,
        child_date_of_birth=child_date_of_birth,
        referrer_name=referrer_name,
        referrer_agency=referrer_agency,
        referrer_email=referrer_email,
        details={"outline": outline} if details is None else details,
    )


class Fakes:
    """Every port of the documents service as an in-memory fake."""

    def __init__(self, *cases: CaseSnapshot) -> None:
        self.cases = InMemoryCases(*cases)
        self.store = InMemoryStore()
        self.converter = FakeConverter()
        self.records = InMemoryRecords()
        self.announcer = RecordingAnnouncer()

    def overrides(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "store": self.store,
            "converter": self.converter,
            "records": self.records,
            "announcer": self.announcer,
            "clock": lambda: NOW,
        }
