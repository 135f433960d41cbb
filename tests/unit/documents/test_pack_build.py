"""Building a pack with fakes (``pack_build.build_pack``): the parts in order, the returns
kept as documents of their own, the progress, the files stored as the pack's next version;
a second run finds them; a failure is kept with its reason and the job raised again."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from services.documents import pack_build, pack_parts
from services.documents.generation import Making, store_version
from services.documents.pack_ports import PackMissing, PackNotReady
from services.documents.ports import ConversionError
from services.documents.template_source import built_in_templates
from shared.forms import samples
from shared.forms.registry import get_form
from shared.packs import DONE, FAILED
from tests.support.pdf_outline import titles
from tests.unit.documents.factories import PARTNERSHIP
from tests.unit.documents.fakes import (
    InMemoryRecords,
    InMemoryStore,
    RecordingAnnouncer,
)
from tests.unit.documents.pack_fakes import (
    Agency,
    InMemoryPackBuilds,
    InMemoryPackSource,
    PackCaseData,
    PdfConverter,
    Request,
    Return,
    Step,
    tagged_pdf,
)
from tests.unit.documents.rr_factories import make_report

NOW = datetime(2026, 12, 6, 17, 45, tzinfo=UTC)
REF = "GSCP-2026-0001"
SCHOOL, POLICE, HEALTH = "Riverside Primary School", "Metropolitan Police", "Health Visiting"


class World:
    def __init__(self, *, workers: int = 2) -> None:
        self.store, self.records = InMemoryStore(), InMemoryRecords()
        self.announcer, self.builds = RecordingAnnouncer(), InMemoryPackBuilds()
        self.converter = PdfConverter(pages=2)
        self.source = InMemoryPackSource()
        self.source.cases[REF] = PackCaseData(
            reference=REF,
            steps={
                "record_panel_notification": Step(
                    "Record the notification to the national Panel",
                    NOW.date(),
                    "The local authority notified the national Panel",
                    rows=(("DfE notification reference", "SIN-2026-000123"),),
                )
            },
            agencies=(Agency(1, SCHOOL), Agency(2, POLICE), Agency(3, HEALTH)),
        )
        scoping = get_form("scoping")
        self.source.scoping_returns = {
            1: Return(1, "returned", samples.answers(scoping, today=NOW.date())),
            2: Return(2, "not_known", {}),
        }
        self.source.requests[7] = Request(7, REF, "rapid-review-meeting")
        self.workers = workers

    def store_document(self, kind: str, source: str, pages: int) -> None:
        store_version(
            Making(REF, kind, source, "answers.docx sha256:0; form serious-incident v1"),
            {"docx": b"PK fake docx of " + kind.encode(), "pdf": tagged_pdf(pages)},
            metadata={},
            store=self.store,
            records=self.records,
            now=NOW,
        )

    def tools(self) -> pack_build.Tools:
        return pack_build.Tools(
            sources=pack_parts.Sources(
                self.source,
                self.store,
                self.records,
                PARTNERSHIP,
                "job-1",
                built_in_templates(PARTNERSHIP),
            ),
            builds=self.builds,
            converter=self.converter,
            announcer=self.announcer,
            clock=lambda: NOW,
            workers=self.workers,
        )


@pytest.fixture
def world() -> World:
    made = World()
    made.store_document("referral", "referral", pages=3)
    return made


def test_the_meeting_pack_holds_its_documents_in_order(world: World) -> None:
    built = pack_build.build_pack(7, world.tools())
    assert not built.reused
    by_format = {r.format: r for r in built.records}
    assert sorted(by_format) == ["pdf", "zip"]
    assert by_format["pdf"].object_key == f"cases/{REF}/meeting-pack/v1.pdf"
    assert by_format["pdf"].source == "pack-7"
    pdf = world.store.get(by_format["pdf"].object_key)
    assert titles(pdf) == [
        "Contents",
        "Referral of a serious incident (Appendix i)",
        "Notification details",
        "Scoping returns",
        f"  Scoping return: {SCHOOL}",
    ]
    # contents 2 pages (the fake converter's), referral 3, then 2 each
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2 + 3 + 2 + 2
    names = zipfile.ZipFile(io.BytesIO(world.store.get(by_format["zip"].object_key))).namelist()
    assert names == [
        "01 Referral of a serious incident (Appendix i).docx",
        "02 Notification details.docx",
        f"03 Scoping return - {SCHOOL}.docx",
    ]
    build = world.builds.get(7)
    assert build is not None and build.status == DONE and build.version == 1
    assert world.builds.progress[0] == (0, 5) and world.builds.progress[-1] == (5, 5)
    returned = world.records.latest(REF, "scoping-return-1", "pdf")
    assert returned is not None and returned.source == "returned-20261125T093000"
    assert {r.kind for r in world.announcer.announced} == {"meeting-pack"}


def test_a_finished_pack_is_found_not_made_again(world: World) -> None:
    first = pack_build.build_pack(7, world.tools())
    calls, puts = world.converter.calls, world.store.puts
    again = pack_build.build_pack(7, world.tools())
    assert again.reused and {r.id for r in again.records} == {r.id for r in first.records}
    assert (world.converter.calls, world.store.puts) == (calls, puts)


def test_a_later_pack_uses_the_returns_already_made(world: World) -> None:
    pack_build.build_pack(7, world.tools())
    world.source.requests[8] = Request(8, REF, "rapid-review-meeting")
    calls = world.converter.calls
    built = pack_build.build_pack(8, world.tools())
    # everything the first build converted but the return, which was kept
    assert world.converter.calls - calls == calls - 1
    assert {r.version for r in built.records} == {2}
    assert world.records.next_version(REF, "scoping-return-1") == 2


def test_a_draft_report_is_in_the_pack_as_it_stands(world: World) -> None:
    world.source.cases[REF] = PackCaseData(reference=REF, newest_report_version=2)
    world.source.reports[(REF, 2)] = make_report(reference=REF, version=2, status="draft")
    built = pack_build.build_pack(7, world.tools())
    pdf = world.store.get(next(r for r in built.records if r.format == "pdf").object_key)
    assert titles(pdf)[-1] == "Report of Rapid Review (version 2, draft)"


def test_a_conversion_that_fails_is_kept_with_its_reason(world: World) -> None:
    world.converter.fail_with = ConversionError("LibreOffice on unoserver x could not convert")
    with pytest.raises(ConversionError):
        pack_build.build_pack(7, world.tools())
    build = world.builds.get(7)
    assert build is not None and build.status == FAILED
    assert build.reason.startswith("LibreOffice could not convert a document")
    assert world.records.latest(REF, "meeting-pack", "pdf") is None
    world.converter.fail_with = None
    pack_build.build_pack(7, world.tools())
    build = world.builds.get(7)
    assert build is not None and (build.status, build.attempts) == (DONE, 2)


def test_a_pack_waits_for_the_documents_it_holds() -> None:
    world = World()  # no referral document yet
    with pytest.raises(PackNotReady):
        pack_build.build_pack(7, world.tools())
    build = world.builds.get(7)
    assert build is not None and build.reason.startswith("Waiting: the referral document")
    with pytest.raises(PackMissing):
        pack_build.build_pack(99, world.tools())


def test_the_panel_pack_holds_the_approved_report_and_the_letter(world: World) -> None:
    world.source.reports[(REF, 1)] = make_report(reference=REF, version=1)
    world.source.requests[9] = Request(9, REF, "panel")
    with pytest.raises(PackNotReady, match="Report of Rapid Review"):
        pack_build.build_pack(9, world.tools())
    world.store_document("rapid-review-report", "report-v1", pages=4)
    world.store_document("panel-letter", "report-v1", pages=1)
    built = pack_build.build_pack(9, world.tools())
    pdf = world.store.get(next(r for r in built.records if r.format == "pdf").object_key)
    assert titles(pdf) == [
        "Contents",
        "Letter to the Child Safeguarding Practice Review Panel",
        "Report of Rapid Review (version 1)",
    ]
    assert built.records[0].object_key.startswith(f"cases/{REF}/panel-pack/v1.")


def test_a_report_not_approved_by_all_three_makes_no_panel_pack(world: World) -> None:
    world.source.reports[(REF, 1)] = make_report(reference=REF, approved_by=("police",))
    world.source.requests[9] = Request(9, REF, "panel")
    with pytest.raises(PackNotReady, match="approved by all three"):
        pack_build.build_pack(9, world.tools())
