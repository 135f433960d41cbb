"""Merging a pack's parts (``pack_pdf.merge``): pages in order, a bookmark per part (grouped
ones under their group), one structure tree whose parts keep their elements and pages, the
PDF/A-2b identification and the pack's title, author and subject."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pikepdf
import pytest
from pypdf import PdfReader

from services.documents.pack_pdf import PackPdfError, PdfPart, merge, page_count
from services.documents.render import DocumentProperties
from tests.support.pdf_outline import outline
from tests.support.pdf_records import pdfa_identification
from tests.unit.documents.pack_fakes import tagged_pdf

NOW = datetime(2026, 12, 6, 17, 45, tzinfo=UTC)
PROPS = DocumentProperties("Rapid Review meeting pack", "A Partnership", "Case GSCP-2026-0001")


def _merged() -> tuple[bytes, list[int]]:
    return merge(
        [
            PdfPart("Contents", tagged_pdf(1)),
            PdfPart("Referral", tagged_pdf(3)),
            PdfPart("Scoping return: Riverside Primary School", tagged_pdf(2), "Scoping returns"),
            PdfPart("Scoping return: Metropolitan Police", tagged_pdf(1), "Scoping returns"),
            PdfPart("Report of Rapid Review", tagged_pdf(2)),
        ],
        PROPS,
        NOW,
    )


def test_parts_follow_one_another_with_a_bookmark_each() -> None:
    pdf, starts = _merged()
    assert starts == [1, 2, 5, 7, 8]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 9
    assert outline(reader) == [
        (0, "Contents", 1),
        (0, "Referral", 2),
        (0, "Scoping returns", 5),
        (1, "Scoping return: Riverside Primary School", 5),
        (1, "Scoping return: Metropolitan Police", 7),
        (0, "Report of Rapid Review", 8),
    ]


def test_the_pack_is_described_and_identified_as_pdf_a_2b() -> None:
    pdf, _ = _merged()
    reader = PdfReader(io.BytesIO(pdf))
    assert pdfa_identification(reader) == ("2", "B")
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.subject) == (
        "Rapid Review meeting pack",
        "A Partnership",
        "Case GSCP-2026-0001",
    )


def test_one_structure_tree_keeps_every_part_and_its_pages() -> None:
    pdf, _ = _merged()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        tree = opened.Root.StructTreeRoot
        assert opened.Root.MarkInfo.Marked
        parts = list(tree.K.K)
        assert [str(p.T) for p in parts][:2] == ["Contents", "Referral"]
        assert all(pikepdf.Name.Part == p.S for p in parts)
        keys = [int(p.obj.StructParents) for p in opened.pages]
        assert keys == list(range(9)), "renumbered: one key per page, none shared"
        assert int(tree.ParentTreeNextKey) == 9
        nums = list(tree.ParentTree.Nums)
        assert [int(k) for k in nums[::2]] == keys
        pages = {p.obj.objgen for p in opened.pages}
        for elements in nums[1::2]:
            for element in elements:
                assert element.Pg.objgen in pages, "each element points at a page of the pack"


def test_a_part_that_is_not_a_pdf_is_named() -> None:
    with pytest.raises(PackPdfError, match="Referral"):
        merge([PdfPart("Referral", b"%PDF-1.4 not really")], PROPS, NOW)
    with pytest.raises(PackPdfError):
        page_count(b"nothing")
    with pytest.raises(PackPdfError):
        merge([], PROPS, NOW)
