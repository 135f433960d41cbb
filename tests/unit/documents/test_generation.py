"""Making the referral documents with every port faked: keys, checksums, idempotency."""

from __future__ import annotations

import io

import pytest
from docx import Document

from services.documents.generation import Generated, generate_referral
from services.documents.ports import CaseMissing, ConversionTimeout
from services.documents.referral import sha256_hex
from shared.forms.registry import UnknownForm
from tests.unit.documents.factories import CHILD_NAME, NOW, PARTNERSHIP, Fakes, make_case

DOCX_KEY = "cases/GSCP-2026-0001/referral/v1.docx"
PDF_KEY = "cases/GSCP-2026-0001/referral/v1.pdf"


def generate(fakes: Fakes, reference: str = "GSCP-2026-0001") -> Generated:
    return generate_referral(
        reference,
        cases=fakes.cases,
        store=fakes.store,
        converter=fakes.converter,
        records=fakes.records,
        announcer=fakes.announcer,
        failures=fakes.failures,
        partnership_name=PARTNERSHIP,
        clock=lambda: NOW,
    )


def test_both_files_are_stored_under_deterministic_keys_with_checksums() -> None:
    fakes = Fakes(make_case())
    result = generate(fakes)

    assert set(fakes.store.objects) == {DOCX_KEY, PDF_KEY}
    docx = fakes.store.objects[DOCX_KEY]
    pdf = fakes.store.objects[PDF_KEY]
    assert docx.content_type.endswith("wordprocessingml.document")
    assert pdf.content_type == "application/pdf"
    assert fakes.converter.calls == [docx.data]
    assert pdf.data.startswith(b"%PDF")
    cells = [
        [c.text for c in row.cells]
        for table in Document(io.BytesIO(docx.data)).tables
        for row in table.rows
    ]
    assert ["Case reference", "GSCP-2026-0001"] in cells
    assert ["Name of Child", CHILD_NAME] in cells
    docx_record, pdf_record = result.records
    assert (docx_record.format, pdf_record.format) == ("docx", "pdf")
    assert docx_record.sha256 == sha256_hex(docx.data) == docx.metadata["sha256"]
    assert pdf_record.sha256 == sha256_hex(pdf.data)
    assert (docx_record.size, pdf_record.size) == (len(docx.data), len(pdf.data))
    assert (docx_record.filename, pdf_record.filename) == (
        "GSCP-2026-0001-referral-v1.docx",
        "GSCP-2026-0001-referral-v1.pdf",
    )
    assert (pdf_record.version, pdf_record.source) == (1, "referral")
    assert pdf_record.template_version.startswith("answers.docx sha256:")
    assert pdf_record.template_version.endswith("; form serious-incident v1")
    assert pdf.metadata["document"] == "referral" and pdf.metadata["version"] == "1"
    assert docx_record.created_at == NOW
    assert fakes.announcer.announced == result.records
    assert result.reused is False


def test_running_again_reuses_the_stored_files_and_announces_them_again() -> None:
    fakes = Fakes(make_case())
    first = generate(fakes)
    second = generate(fakes)

    assert second.reused is True
    assert second.records == first.records
    assert len(fakes.converter.calls) == 1
    assert fakes.store.puts == 2
    assert len(fakes.records.rows) == 2
    assert fakes.announcer.announced == first.records + first.records


def test_a_damaged_stored_file_is_made_again_as_the_next_version() -> None:
    fakes = Fakes(make_case())
    first = generate(fakes)
    fakes.store.objects[PDF_KEY].data = b"truncated"
    fakes.store.objects[PDF_KEY].metadata["sha256"] = sha256_hex(b"truncated")

    second = generate(fakes)

    assert second.reused is False
    assert [r.version for r in second.records] == [2, 2]
    assert {r.id for r in second.records}.isdisjoint(r.id for r in first.records)
    assert len(fakes.records.rows) == 4, "version 1 is kept as it is"
    assert fakes.store.objects[PDF_KEY].data == b"truncated"
    assert fakes.store.objects["cases/GSCP-2026-0001/referral/v2.pdf"].data.startswith(b"%PDF")
    # and run again, version 2 is what is found
    assert generate(fakes).records == second.records


def test_a_case_not_readable_yet_raises_so_the_job_is_retried() -> None:
    fakes = Fakes()
    with pytest.raises(CaseMissing):
        generate(fakes, "GSCP-2026-0404")
    assert fakes.store.objects == {}
    assert fakes.announcer.announced == []


def test_a_failed_conversion_stores_and_records_nothing() -> None:
    fakes = Fakes(make_case())
    fakes.converter.fail_with = ConversionTimeout("no unoserver converted the document")
    with pytest.raises(ConversionTimeout):
        generate(fakes)
    assert fakes.store.objects == {}
    assert fakes.records.rows == {}
    assert fakes.announcer.announced == []


def test_answers_of_an_unknown_form_version_store_nothing() -> None:
    fakes = Fakes(make_case(form_version=99))
    with pytest.raises(UnknownForm):
        generate(fakes)
    assert fakes.store.objects == {}
    assert fakes.announcer.announced == []


def test_a_bad_reference_is_refused_before_anything_is_read() -> None:
    fakes = Fakes(make_case())
    with pytest.raises(ValueError):
        generate(fakes, "../../etc")
