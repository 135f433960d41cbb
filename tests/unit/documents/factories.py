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
from shared.forms import samples
from shared.forms.registry import get_form

CHILD_NAME = "Amelia Hartley-O'Brien"
CHILD_DOB = "2019-03-14"
PARTNERSHIP = "Greenwich Safeguarding Children Partnership"
OUTLINE = (
    "Admitted to hospital with unexplained injuries.\n"
    "Seen by the on-call paediatrician.\n"
    "\n"
    "Siblings placed with grandparents."
)
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def make_answers(
    *, form_id: str = "serious-incident", items: int = 1, **answers: Any
) -> dict[str, Any]:
    """Every question of ``form_id`` answered (``items`` of each repeating group), with a
    recognisable child and outline; keyword arguments replace answers."""
    found = samples.answers(get_form(form_id), today=date(2026, 11, 20), items=items)
    found.update(child_name=CHILD_NAME, child_date_of_birth=CHILD_DOB, outline=OUTLINE)
    found.update(answers)
    return found


def make_case(
    *,
    reference: str = "GSCP-2026-0001",
    received_on: date = date(2026, 11, 20),
    form_id: str = "serious-incident",
    form_version: int = 1,
    answers: dict[str, Any] | None = None,
) -> CaseSnapshot:
    form = get_form(form_id)
    return CaseSnapshot(
        reference=reference,
        route=form.route,
        state="referral_received",
        received_at=datetime.combine(received_on, datetime.min.time(), UTC),
        received_on=received_on,
        referral_id=1,
        form_id=form_id,
        form_version=form_version,
        answers=make_answers(form_id=form_id) if answers is None else answers,
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
