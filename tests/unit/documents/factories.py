"""Keyword-only test data for the documents service's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.documents.scoping_letter import LetterSettings
from services.scheduler.readmodel import CaseSnapshot, ScopingRequest
from shared.forms import samples
from shared.forms.registry import get_form
from tests.unit.documents.failure_fakes import InMemoryFailures
from tests.unit.documents.fakes import (
    FakeConverter,
    InMemoryCases,
    InMemoryRecords,
    InMemoryScopingRequests,
    InMemoryStore,
    RecordingAnnouncer,
    RecordingScopingMailer,
)
from tests.unit.documents.template_fakes import InMemoryTemplates

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


#: a scoping link's token as the scheduler issues it (urlsafe, 43 characters)
TOKEN = "Zq3_uVw-8kLmN0pQrStUvWxYz0123456789AbCdEfGh"
REPRESENTATIVE = "Priya Chandrasekhar"
AGENCY = "Oxleas NHS Foundation Trust"
#: the return's due date, a Monday
DUE_ON = date(2026, 11, 30)
LETTER_SETTINGS = LetterSettings(
    partnership_name=PARTNERSHIP,
    contact_name="the Partnership Operations Team",
    contact_phone="020 8921 8732",
)


def make_scoping_request(
    *,
    case_agency_id: int = 3,
    serial: int = 1,
    reference: str = "GSCP-2026-0001",
    agency_name: str = AGENCY,
    representative: str = REPRESENTATIVE,
    due_on: date = DUE_ON,
    expires_at: datetime | None = None,
    revoked: bool = False,
    replaced: bool = False,
    removed: bool = False,
) -> ScopingRequest:
    """One agency's scoping request as the scheduler's read model gives it."""
    return ScopingRequest(
        case_agency_id=case_agency_id,
        case_reference=reference,
        case_state="scoping",
        referral_id=1,
        agency_name=agency_name,
        representative=representative,
        email="safeguarding@oxleas.example",
        link_id=case_agency_id * 10 + serial,
        serial=serial,
        due_on=due_on,
        expires_at=expires_at or NOW + timedelta(days=15),
        revoked=revoked,
        replaced=replaced,
        removed=removed,
        summary_of_case="",
        time_period="",
    )


class Fakes:
    """Every port of the documents service as an in-memory fake."""

    def __init__(self, *cases: CaseSnapshot, requests: tuple[ScopingRequest, ...] = ()) -> None:
        self.cases = InMemoryCases(*cases)
        self.scoping_requests = InMemoryScopingRequests(*requests)
        self.store = InMemoryStore()
        self.converter = FakeConverter()
        self.records = InMemoryRecords()
        self.announcer = RecordingAnnouncer()
        self.scoping_mailer = RecordingScopingMailer()
        self.failures = InMemoryFailures()
        self.template_library = InMemoryTemplates()

    def overrides(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "scoping_requests": self.scoping_requests,
            "store": self.store,
            "converter": self.converter,
            "records": self.records,
            "announcer": self.announcer,
            "scoping_mailer": self.scoping_mailer,
            "failures": self.failures,
            "template_library": self.template_library,
            "clock": lambda: NOW,
        }
