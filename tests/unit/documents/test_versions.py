"""Where a version of a case's document lives and what it is saved as."""

from __future__ import annotations

import pytest

from services.documents import versions


def test_keys_and_file_names_name_the_case_the_document_and_the_version() -> None:
    assert versions.object_key("GSCP-2026-0001", "panel-letter", 2, "pdf") == (
        "cases/GSCP-2026-0001/panel-letter/v2.pdf"
    )
    assert versions.object_key("GSCP-2026-0001", "scoping-letter-3", 1, "docx") == (
        "cases/GSCP-2026-0001/scoping-letter-3/v1.docx"
    )
    assert versions.filename("GSCP-2026-0001", "rapid-review-report", 12, "pdf") == (
        "GSCP-2026-0001-rapid-review-report-v12.pdf"
    )
    assert versions.scoping_letter_kind(3) == "scoping-letter-3"
    assert (versions.link_source(2), versions.report_source(4)) == ("link-2", "report-v4")


@pytest.mark.parametrize(
    ("reference", "kind", "version", "fmt"),
    [
        ("../etc", "referral", 1, "pdf"),
        ("GSCP/2026", "referral", 1, "pdf"),
        ("GSCP-2026-0001", "../referral", 1, "pdf"),
        ("GSCP-2026-0001", "Referral", 1, "pdf"),
        ("GSCP-2026-0001", "referral", 0, "pdf"),
        ("GSCP-2026-0001", "referral", True, "pdf"),
        ("GSCP-2026-0001", "referral", 1, "exe"),
    ],
)
def test_keys_refuse_what_is_not_a_reference_a_kind_a_version_or_a_format(
    reference: str, kind: str, version: int, fmt: str
) -> None:
    with pytest.raises(ValueError):
        versions.object_key(reference, kind, version, fmt)
    with pytest.raises(ValueError):
        versions.filename(reference, kind, version, fmt)


def test_an_agency_is_named_by_its_id() -> None:
    for bad in (0, -1, True):
        with pytest.raises(ValueError):
            versions.scoping_letter_kind(bad)
