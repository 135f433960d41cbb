"""The Panel letter's Word file reaching the case asks the notifier to tell the chair."""

from __future__ import annotations

from typing import Any

from services.scheduler import jobs
from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import insert_referral
from tests.unit.scheduler.fakes import FakeQueue

READY = "services.notifier.jobs.send_panel_letter_ready"


def letter(document_id: int, kind: str = "panel-letter", fmt: str = "docx") -> dict[str, Any]:
    return dict(
        document_id=document_id,
        case_reference="GSCP-2026-0007",
        kind=kind,
        format=fmt,
        filename=f"GSCP-2026-0007-{kind}.{fmt}",
        sha256="0" * 64,
        size=2048,
    )


def ready_jobs(queue: FakeQueue) -> list[dict[str, Any]]:
    return [kwargs for name, kwargs in queue.jobs if name == READY]


def test_the_letters_word_file_asks_for_the_chairs_email(
    container: Container, queue: FakeQueue
) -> None:
    jobs.open_case(insert_referral(container.engine, reference="GSCP-2026-0007"))
    assert jobs.record_document(**letter(21)) is True
    assert ready_jobs(queue) == [{"case_reference": "GSCP-2026-0007", "document_id": 21}]
    # a second run asks again (the job id and the notifier's key keep it to one email)
    assert jobs.record_document(**letter(21)) is False
    assert len(ready_jobs(queue)) == 2
    assert {tuple(sorted(k.items())) for k in ready_jobs(queue)} == {
        (("case_reference", "GSCP-2026-0007"), ("document_id", 21))
    }


def test_other_documents_and_the_letters_pdf_ask_for_nothing(
    container: Container, queue: FakeQueue
) -> None:
    jobs.open_case(insert_referral(container.engine, reference="GSCP-2026-0007"))
    jobs.record_document(**letter(22, fmt="pdf"))
    jobs.record_document(**letter(23, kind="rapid-review-report"))
    jobs.record_document(**letter(24, kind="referral", fmt="pdf"))
    assert ready_jobs(queue) == []
