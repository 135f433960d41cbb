"""Making an agency's scoping letter with every port faked: what is stored and announced,
the hand-over to the notifier, links no longer usable, re-runs, and the token kept out."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from docx import Document

from services.documents import jobs
from services.documents.app import create_app
from services.documents.common import sha256_hex
from services.documents.generation import LetterGenerated, generate_scoping_letter
from services.documents.ports import ConversionTimeout, ScopingRequestMissing
from services.scheduler.readmodel import ScopingRequest
from shared import runtime
from shared.config import load_config
from tests.unit.documents.factories import (
    AGENCY,
    LETTER_SETTINGS,
    NOW,
    REPRESENTATIVE,
    TOKEN,
    Fakes,
    make_scoping_request,
)
from tests.unit.documents.fakes import ScopingMailRequest

PREFIX = "cases/GSCP-2026-0001/scoping-letter-3/v1"
DOCX_KEY, PDF_KEY = f"{PREFIX}.docx", f"{PREFIX}.pdf"


def generate(fakes: Fakes, case_agency_id: int = 3, serial: int = 1) -> LetterGenerated:
    return generate_scoping_letter(
        case_agency_id,
        serial,
        TOKEN,
        requests=fakes.scoping_requests,
        store=fakes.store,
        converter=fakes.converter,
        records=fakes.records,
        announcer=fakes.announcer,
        failures=fakes.failures,
        mailer=fakes.scoping_mailer,
        settings=LETTER_SETTINGS,
        clock=lambda: NOW,
    )


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_letter_is_stored_as_docx_and_pdf_then_handed_to_the_notifier() -> None:
    fakes = Fakes(requests=(make_scoping_request(),))
    result = generate(fakes)

    assert set(fakes.store.objects) == {DOCX_KEY, PDF_KEY}
    docx, pdf = fakes.store.objects[DOCX_KEY], fakes.store.objects[PDF_KEY]
    assert fakes.converter.calls == [docx.data]
    assert pdf.data.startswith(b"%PDF")
    text = docx_text(docx.data)
    assert f"Dear {REPRESENTATIVE}," in text
    assert AGENCY in text
    assert "Our reference: GSCP-2026-0001" in text
    assert "5.00 pm on Monday 30 November 2026" in text
    assert docx.metadata == {
        "case-reference": "GSCP-2026-0001",
        "kind": "scoping-letter",
        "document": "scoping-letter-3",
        "version": "1",
        "source": "link-1",
        "template-version": docx.metadata["template-version"],
        "job-id": "",
        "case-agency-id": "3",
        "link-serial": "1",
        "sha256": sha256_hex(docx.data),
    }
    docx_record, pdf_record = result.records
    assert (docx_record.kind, docx_record.format, pdf_record.format) == (
        "scoping-letter-3",
        "docx",
        "pdf",
    )
    assert pdf_record.filename == "GSCP-2026-0001-scoping-letter-3-v1.pdf"
    assert pdf_record.sha256 == sha256_hex(pdf.data)
    assert pdf_record.created_at == NOW
    # the scheduler hears what the files are, whichever agency's they are
    assert fakes.announcer.announced == [replace(r, kind="scoping-letter") for r in result.records]
    assert fakes.scoping_mailer.sent == [ScopingMailRequest(3, 1, TOKEN, pdf_record.id)]
    assert (result.reused, result.handed_over) == (False, True)


def test_each_agency_and_each_new_link_has_a_letter_of_its_own() -> None:
    fakes = Fakes(
        requests=(
            make_scoping_request(case_agency_id=3, serial=1),
            make_scoping_request(case_agency_id=4, serial=1, agency_name="Metropolitan Police"),
            make_scoping_request(case_agency_id=3, serial=2),
        )
    )
    made = [generate(fakes, 3, 1), generate(fakes, 4, 1), generate(fakes, 3, 2)]

    assert len(fakes.store.objects) == len(fakes.records.rows) == 6
    pdf_ids = [r.records[1].id for r in made]
    assert len(set(pdf_ids)) == 3
    # agency 3's new link's letter is the next version of its letter
    assert [r.records[1].object_key for r in made] == [
        "cases/GSCP-2026-0001/scoping-letter-3/v1.pdf",
        "cases/GSCP-2026-0001/scoping-letter-4/v1.pdf",
        "cases/GSCP-2026-0001/scoping-letter-3/v2.pdf",
    ]
    assert [(m.case_agency_id, m.serial, m.document_id) for m in fakes.scoping_mailer.sent] == [
        (3, 1, pdf_ids[0]),
        (4, 1, pdf_ids[1]),
        (3, 2, pdf_ids[2]),
    ]


def test_running_again_reuses_the_stored_files_and_hands_over_again() -> None:
    fakes = Fakes(requests=(make_scoping_request(),))
    first = generate(fakes)
    second = generate(fakes)

    assert (second.reused, second.handed_over) == (True, True)
    assert second.records == first.records
    assert len(fakes.converter.calls) == 1
    assert fakes.store.puts == 2
    assert len(fakes.records.rows) == 2
    assert len(fakes.announcer.announced) == 4
    # the notifier's job id (agency and serial) makes it one email
    assert fakes.scoping_mailer.sent == [ScopingMailRequest(3, 1, TOKEN, first.records[1].id)] * 2


def test_a_damaged_stored_letter_is_made_again_as_the_next_version() -> None:
    fakes = Fakes(requests=(make_scoping_request(),))
    first = generate(fakes)
    fakes.store.corrupt(PDF_KEY, b"truncated")

    second = generate(fakes)

    assert second.reused is False
    assert {r.id for r in second.records}.isdisjoint(r.id for r in first.records)
    assert [r.version for r in second.records] == [2, 2]
    assert fakes.store.objects[PDF_KEY].data == b"truncated", "never overwritten"
    assert second.records[1].object_key == "cases/GSCP-2026-0001/scoping-letter-3/v2.pdf"


@pytest.mark.parametrize(
    "request_",
    [
        make_scoping_request(revoked=True),
        make_scoping_request(replaced=True),
        make_scoping_request(removed=True),
        make_scoping_request(expires_at=NOW),
        make_scoping_request(expires_at=NOW - timedelta(days=1)),
    ],
    ids=["revoked", "replaced", "agency-removed", "expiring-now", "expired"],
)
def test_a_link_no_longer_usable_makes_and_sends_nothing(request_: ScopingRequest) -> None:
    fakes = Fakes(requests=(request_,))
    result = generate(fakes)

    assert result == LetterGenerated(records=[], reused=False, handed_over=False)
    assert fakes.store.objects == {}
    assert fakes.records.rows == {}
    assert fakes.converter.calls == []
    assert fakes.announcer.announced == []
    assert fakes.scoping_mailer.sent == []


def test_a_link_not_readable_yet_raises_so_the_job_is_retried() -> None:
    fakes = Fakes(requests=(make_scoping_request(serial=1),))
    with pytest.raises(ScopingRequestMissing):
        generate(fakes, 3, 2)
    assert fakes.store.objects == {}
    assert fakes.scoping_mailer.sent == []


def test_a_failed_conversion_stores_records_and_sends_nothing() -> None:
    fakes = Fakes(requests=(make_scoping_request(),))
    fakes.converter.fail_with = ConversionTimeout("no unoserver converted the document")
    with pytest.raises(ConversionTimeout):
        generate(fakes)
    assert fakes.store.objects == {}
    assert fakes.records.rows == {}
    assert fakes.announcer.announced == []
    assert fakes.scoping_mailer.sent == []


def test_the_token_is_neither_stored_nor_logged(caplog: pytest.LogCaptureFixture) -> None:
    fakes = Fakes(requests=(make_scoping_request(),))
    with caplog.at_level(logging.DEBUG):
        generate(fakes)
        generate(fakes)

    assert TOKEN not in caplog.text
    for stored in fakes.store.objects.values():
        assert TOKEN not in str(stored.metadata)
        assert TOKEN.encode() not in stored.data
    assert all(TOKEN not in str(r) for r in fakes.records.rows.values())
    assert all(TOKEN not in str(r) for r in fakes.announcer.announced)


@pytest.fixture
def job_fakes() -> Iterator[Fakes]:
    runtime.clear()
    fakes = Fakes(requests=(make_scoping_request(),))
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "SERVICE_TOKEN": "unit-test-service-token-0123456789",
            "UNOSERVER_POOL": "127.0.0.1:9",
            "PARTNERSHIP_CONTACT_NAME": "Sam Rivers",
            "PARTNERSHIP_CONTACT_PHONE": "020 7946 0000",
            "CHAIR_NAME": "Dr Helen Okafor",
        },
    )
    create_app(config, **fakes.overrides())
    yield fakes
    runtime.clear()


def test_the_job_fills_the_letter_from_the_settings(job_fakes: Fakes) -> None:
    result = jobs.render_scoping_letter(case_agency_id=3, serial=1, token=TOKEN)

    docx_record, pdf_record = job_fakes.records.for_case("GSCP-2026-0001")
    assert result == {
        "documents": [docx_record.id, pdf_record.id],
        "reused": False,
        "handed_over": True,
    }
    assert TOKEN not in str(result)
    text = docx_text(job_fakes.store.objects[DOCX_KEY].data)
    assert "please contact Sam Rivers on 020 7946 0000." in text
    assert "Yours sincerely,\nDr Helen Okafor\nChair of the Learning from Practice Group" in text
    assert job_fakes.scoping_mailer.sent == [ScopingMailRequest(3, 1, TOKEN, pdf_record.id)]
