"""Fakes for building packs in unit tests: a converter that returns real (tiny, tagged)
PDFs, the case as a pack reads it, and the builds' progress in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from services.documents.pack_ports import PackBuild
from services.documents.ports import ConversionError, RapidReviewReport
from shared.packs import BUILDING, DONE, FAILED


def tagged_pdf(pages: int = 1, title: str = "part") -> bytes:
    """A PDF of ``pages`` pages with a structure tree (one paragraph a page, each page's
    marked content in the parent tree), the way LibreOffice tags its export."""
    pdf = pikepdf.new()
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array())
    )
    nums = Array()
    for number in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.obj.StructParents = number
        paragraph = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page.obj, K=0)
        )
        document.K.append(paragraph)
        nums.append(number)
        nums.append(Array([paragraph]))
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


class PdfConverter:
    """Every .docx becomes a tagged PDF of ``pages`` pages; counts calls; can fail."""

    def __init__(self, pages: int = 1) -> None:
        self.pages = pages
        self.calls = 0
        self.fail_with: Exception | None = None

    def to_pdf(self, docx: bytes) -> bytes:
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        if not docx.startswith(b"PK"):
            raise ConversionError("not a .docx")
        return tagged_pdf(self.pages)

    def check(self) -> None:
        return None


@dataclass(frozen=True)
class Request:
    id: int
    case_reference: str
    kind: str


@dataclass(frozen=True)
class Step:
    label: str
    on: date | None
    summary: str
    reason: str = ""
    rows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Agency:
    case_agency_id: int
    name: str


@dataclass(frozen=True)
class PackCaseData:
    reference: str = "GSCP-2026-0001"
    received_on: date = date(2026, 11, 20)
    aware_on: date = date(2026, 11, 19)
    form_id: str = "serious-incident"
    form_version: int = 1
    steps: Mapping[str, Step] = field(default_factory=dict)
    agencies: tuple[Agency, ...] = ()
    newest_report_version: int | None = None


@dataclass(frozen=True)
class Return:
    case_agency_id: int
    status: str
    answers: dict[str, Any]
    submitted_at: datetime | None = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    form_id: str = "scoping"
    form_version: int = 1


@dataclass
class InMemoryPackSource:
    requests: dict[int, Request] = field(default_factory=dict)
    cases: dict[str, PackCaseData] = field(default_factory=dict)
    scoping_returns: dict[int, Return] = field(default_factory=dict)
    reports: dict[tuple[str, int], RapidReviewReport] = field(default_factory=dict)

    def request(self, pack_id: int) -> Request | None:
        return self.requests.get(pack_id)

    def case(self, reference: str) -> PackCaseData | None:
        return self.cases.get(reference)

    def returns(self, case_agency_ids: Iterable[int]) -> dict[int, Return]:
        return {i: self.scoping_returns[i] for i in case_agency_ids if i in self.scoping_returns}

    def report(self, reference: str, version: int | None) -> RapidReviewReport | None:
        if version is not None:
            return self.reports.get((reference, version))
        finals = [
            r for (ref, _), r in self.reports.items() if ref == reference and r.status == "final"
        ]
        return max(finals, key=lambda r: r.version, default=None)


@dataclass
class InMemoryPackBuilds:
    builds: dict[int, PackBuild] = field(default_factory=dict)
    #: every (done, total) reported, in order
    progress: list[tuple[int, int]] = field(default_factory=list)

    def start(
        self, pack_id: int, reference: str, kind: str, job_id: str | None, now: datetime
    ) -> None:
        old = self.builds.get(pack_id)
        self.builds[pack_id] = PackBuild(
            pack_id, reference, kind, BUILDING, 0, 0, "", (old.attempts if old else 0) + 1,
            now, None, None, None, None,
        )  # fmt: skip

    def advance(self, pack_id: int, done: int, total: int) -> None:
        self.progress.append((done, total))
        self.builds[pack_id] = replace(self.builds[pack_id], done=done, total=total)

    def finish(
        self, pack_id: int, version: int, pdf_document_id: int, zip_document_id: int, now: datetime
    ) -> None:
        build = self.builds[pack_id]
        self.builds[pack_id] = replace(
            build, status=DONE, done=build.total, finished_at=now, version=version,
            pdf_document_id=pdf_document_id, zip_document_id=zip_document_id,
        )  # fmt: skip

    def fail(self, pack_id: int, reason: str, now: datetime) -> None:
        self.builds[pack_id] = replace(
            self.builds[pack_id], status=FAILED, reason=reason, finished_at=now
        )

    def get(self, pack_id: int) -> PackBuild | None:
        return self.builds.get(pack_id)
