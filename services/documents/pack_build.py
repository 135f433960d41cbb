"""Building a pack: gather its parts (``pack_parts``), convert those not yet converted in
parallel across the unoserver pool (one thread per unoserver; rendering the next document
overlaps another's conversion), keep a returned scoping form as a document of its own, put
the contents page in front, merge into one PDF with bookmarks (``pack_pdf``), zip the
original .docx files, and store both as the pack document's next version, never overwriting.

Progress is kept as steps done of all steps (each document, the contents page, the merge),
so the case page and the API can say how far it has gone. A failure is kept with a reason in
staff's words, and the job raises so RQ tries again; a build run again after it finished
finds its files and makes nothing.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from jinja2 import TemplateError

from services.documents import pack_contents, versions
from services.documents.catalogue import PACK_CONTENTS
from services.documents.common import DOCX, PDF, ZIP
from services.documents.generation import Making, intact, store_version
from services.documents.pack_contents import Entry
from services.documents.pack_parts import Part, Plan, Sources, meeting_plan, panel_plan
from services.documents.pack_pdf import PackPdfError, PdfPart, merge, page_count
from services.documents.pack_ports import PackBuild, PackBuilds, PackMissing, PackNotReady
from services.documents.ports import (
    Announcer,
    ConversionError,
    ConversionTimeout,
    Converter,
    DocumentRecord,
    StoreError,
)
from services.documents.render import DocumentProperties
from shared.packs import DONE, MEETING, PACK_FORMATS, PackKind, pack_kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackBuilt:
    records: list[DocumentRecord]
    #: True when the finished build's files were found instead of made again
    reused: bool


@dataclass(frozen=True)
class Tools:
    sources: Sources
    builds: PackBuilds
    converter: Converter
    announcer: Announcer
    clock: Callable[[], datetime]
    #: conversions at once: one per unoserver
    workers: int = 1


def failure_reason(exc: BaseException) -> str:
    """Why a build failed, in staff's words (no personal data: exceptions here carry
    references, titles and LibreOffice's own messages)."""
    if isinstance(exc, PackNotReady):
        return f"Waiting: {exc}. It will be tried again."
    if isinstance(exc, ConversionTimeout):
        return f"LibreOffice did not convert a document in time ({exc}). It will be tried again."
    if isinstance(exc, ConversionError):
        return f"LibreOffice could not convert a document: {exc}"
    if isinstance(exc, StoreError):
        return f"The document store did not answer ({exc}). It will be tried again."
    if isinstance(exc, TemplateError):
        return f"A template could not be filled: {exc}"
    if isinstance(exc, PackPdfError):
        return f"The documents could not be put together: {exc}"
    return f"Something went wrong ({type(exc).__name__}). It will be tried again."


def _finished(build: PackBuild | None, tools: Tools) -> list[DocumentRecord] | None:
    if build is None or build.status != DONE or build.pdf_document_id is None:
        return None
    records = tools.sources.records
    found = [records.get(i) for i in (build.pdf_document_id, build.zip_document_id) if i]
    files = [r for r in found if r is not None]
    if len(files) != len(PACK_FORMATS):
        return None
    return files if all(intact(tools.sources.store, r) for r in files) else None


class _Progress:
    """Steps done of ``total``: each part converted (or found), the contents page, the
    merge and store."""

    def __init__(self, builds: PackBuilds, pack_id: int, total: int) -> None:
        self.builds, self.pack_id, self.total, self.done = builds, pack_id, total, 0
        self._lock = threading.Lock()
        builds.advance(pack_id, 0, total)

    def step(self) -> None:
        with self._lock:
            self.done += 1
            self.builds.advance(self.pack_id, self.done, self.total)


def _convert_all(plan: Plan, tools: Tools, progress: _Progress, now: datetime) -> None:
    """Convert every part without a PDF, and store those kept as documents of their own.

    A pipeline: this thread fills each template and hands the .docx to one converting
    thread per unoserver, so filling the next document overlaps converting this one."""
    sources = tools.sources

    def convert(part: Part, docx: bytes) -> None:
        part.pdf = tools.converter.to_pdf(docx)
        if part.making is not None:
            store_version(
                part.making,
                {DOCX: docx, PDF: part.pdf},
                metadata={"kind": part.making.kind.rsplit("-", 1)[0]},
                store=sources.store,
                records=sources.records,
                now=now,
            )
        progress.step()

    with ThreadPoolExecutor(max_workers=max(1, tools.workers)) as pool:
        running = []
        for part in plan.parts:
            if part.pdf is not None:
                progress.step()
                continue
            properties = DocumentProperties(
                part.title, sources.partnership_name, f"Case {plan.reference}"
            )
            running.append(pool.submit(convert, part, part.filled(properties, now)))
            if any(f.done() and f.exception() for f in running):
                break  # a conversion failed: fill no more
        for future in running:
            future.result()  # the first failure is raised, once the others are done


def _contents(kind: PackKind, plan: Plan, tools: Tools, now: datetime) -> bytes:
    """The contents page's PDF, giving each part's first page in the whole pack. The page
    numbers depend on how long the contents page is: laid out again if it grew."""
    sources = tools.sources
    counts = [page_count(p.pdf or b"") for p in plan.parts]
    own_pages = 1
    for _ in range(3):
        starts, page = [], own_pages + 1
        for count in counts:
            starts.append(page)
            page += count
        entries = [Entry(p.title, start) for p, start in zip(plan.parts, starts, strict=True)]
        context = pack_contents.contents_context(
            kind,
            plan.reference,
            sources.partnership_name,
            now,
            entries,
            plan.outstanding,
            plan.not_known,
        )
        properties = DocumentProperties(
            f"{kind.title}: contents", sources.partnership_name, f"Case {plan.reference}"
        )
        docx = sources.templates.resolve(PACK_CONTENTS).render(context, properties, now)
        pdf = tools.converter.to_pdf(docx)
        if page_count(pdf) == own_pages:
            return pdf
        own_pages = page_count(pdf)
    raise PackPdfError("the contents page's length did not settle")


def _zip(parts: Sequence[Part]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, part in enumerate(parts, start=1):
            entry = zipfile.ZipInfo(pack_contents.zip_name(position, part.title))
            entry.date_time = (2026, 1, 1, 0, 0, 0)
            entry.compress_type = zipfile.ZIP_DEFLATED
            assert part.docx is not None, "every part was filled before it was converted"
            archive.writestr(entry, part.docx)
    return buffer.getvalue()


def assemble(
    kind: PackKind, plan: Plan, tools: Tools, pack_id: int, now: datetime
) -> list[DocumentRecord]:
    """Convert the plan's parts, put the contents page in front, merge, zip the .docx files
    and store both as the pack's next version: its records (PDF, then .zip)."""
    sources = tools.sources
    progress = _Progress(tools.builds, pack_id, total=len(plan.parts) + 2)
    _convert_all(plan, tools, progress, now)
    contents_pdf = _contents(kind, plan, tools, now)
    progress.step()
    properties = DocumentProperties(kind.title, sources.partnership_name, f"Case {plan.reference}")
    pdf_parts = [PdfPart("Contents", contents_pdf)] + [
        PdfPart(p.title, p.pdf or b"", p.group) for p in plan.parts
    ]
    pack_pdf, _ = merge(pdf_parts, properties, now)
    making = Making(
        plan.reference,
        kind.document_kind,
        versions.pack_source(pack_id),
        sources.templates.resolve(PACK_CONTENTS).version,
        sources.job_id,
    )
    made = store_version(
        making,
        {PDF: pack_pdf, ZIP: _zip(plan.parts)},
        metadata={"kind": kind.document_kind, "pack-id": str(pack_id)},
        store=sources.store,
        records=sources.records,
        now=now,
    )
    progress.step()
    return made


def build_pack(pack_id: int, tools: Tools) -> PackBuilt:
    """Build pack ``pack_id`` (a request the scheduler keeps) and store it."""
    sources = tools.sources
    request = sources.source.request(pack_id)
    if request is None:
        raise PackMissing(f"pack {pack_id} is not readable (yet)")
    existing = _finished(tools.builds.get(pack_id), tools)
    if existing is not None:
        for record in existing:
            tools.announcer.document_stored(record)
        return PackBuilt(existing, reused=True)
    kind = pack_kind(request.kind)
    reference = request.case_reference
    now = tools.clock()
    tools.builds.start(pack_id, reference, kind.name, sources.job_id, now)
    try:
        plan = (
            meeting_plan(sources, reference) if kind == MEETING else panel_plan(sources, reference)
        )
        made = assemble(kind, plan, tools, pack_id, now)
    except Exception as exc:
        tools.builds.fail(pack_id, failure_reason(exc), tools.clock())
        log.warning("pack %s of %s failed: %s", pack_id, reference, type(exc).__name__)
        raise
    by_format = {r.format: r for r in made}
    tools.builds.finish(
        pack_id, made[0].version, by_format[PDF].id, by_format[ZIP].id, tools.clock()
    )
    for record in made:
        tools.announcer.document_stored(record)
    log.info("pack %s of %s stored as version %s", pack_id, reference, made[0].version)
    return PackBuilt(made, reused=False)
