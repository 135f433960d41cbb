"""Keyword-only test data for the emails to agencies (scoping requests)."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime
from typing import Any

from pypdf import PdfWriter

from services.notifier.agencies import AgencySettings
from services.notifier.documents_client import FetchedDocument
from services.scheduler.readmodel import ScopingRequest
from shared.forms import samples
from shared.forms.registry import get_form

REFERENCE = "GSCP-2026-0001"
CASE_AGENCY_ID = 12
AGENCY = "Greenwich Police"
REPRESENTATIVE = "Priya Shah"
AGENCY_EMAIL = "priya.shah@police.example"
OPS = "safeguarding-partnership@partnership.example"
CHILD_NAME = "Amelia Hartley-O'Brien"
CHILD_DOB = "2019-03-14"
OUTLINE = "Admitted to hospital with unexplained injuries; siblings placed with grandparents."
#: a urlsafe token as the scheduler makes them (secrets.token_urlsafe(32))
TOKEN = "Vb7Qk2_xR9mYtL4nWc0PzH8eJs-3dUfGa6oKiN1wXyE"
LETTER_ID = 41
LETTER_NAME = "GSCP-2026-0001-scoping-letter-greenwich-police.pdf"


def make_settings(
    *,
    partnership_name: str = "Greenwich Safeguarding Children Partnership",
    intake_url: str = "https://forms.partnership.example",
    mail_from: str = "cspr@partnership.example",
) -> AgencySettings:
    return AgencySettings(
        partnership_name=partnership_name,
        intake_url=intake_url,
        mail_from=mail_from,
        contact_name="the Partnership Operations Team",
        contact_phone="020 8921 8732",
        contact_email=OPS,
    )


def referral_answers() -> dict[str, Any]:
    """The serious-incident form's sample answers, with a recognisable child and outline."""
    found = samples.answers(get_form("serious-incident"), today=date(2026, 11, 20))
    found.update(child_name=CHILD_NAME, child_date_of_birth=CHILD_DOB, outline=OUTLINE)
    return found


def make_request(
    *,
    case_agency_id: int = CASE_AGENCY_ID,
    agency_name: str = AGENCY,
    representative: str = REPRESENTATIVE,
    email: str = AGENCY_EMAIL,
    serial: int = 1,
    due_on: date = date(2026, 12, 14),
    expires_at: datetime = datetime(2026, 12, 19, 17, 0, tzinfo=UTC),
    revoked: bool = False,
    replaced: bool = False,
    removed: bool = False,
    summary_of_case: str | None = None,
) -> ScopingRequest:
    """The scheduler's read model of one link; ops' summary of the case names the child, as
    it may (the email must not use it)."""
    return ScopingRequest(
        case_agency_id=case_agency_id,
        case_reference=REFERENCE,
        case_state="scoping",
        referral_id=1,
        agency_name=agency_name,
        representative=representative,
        email=email,
        link_id=100 + serial,
        serial=serial,
        due_on=due_on,
        expires_at=expires_at,
        revoked=revoked,
        replaced=replaced,
        removed=removed,
        summary_of_case=(
            summary_of_case
            if summary_of_case is not None
            else f"{CHILD_NAME} (born {CHILD_DOB}). {OUTLINE}"
        ),
        time_period="From the child's birth to the incident",
    )


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Letter to accompany the scoping form"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_letter(
    *,
    document_id: int = LETTER_ID,
    data: bytes | None = None,
    filename: str = LETTER_NAME,
    content_type: str = "application/pdf",
    sha256: str | None = None,
) -> FetchedDocument:
    data = pdf_bytes() if data is None else data
    return FetchedDocument(
        document_id=document_id,
        filename=filename,
        content_type=content_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest() if sha256 is None else sha256,
    )
