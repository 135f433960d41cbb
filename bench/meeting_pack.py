"""``make bench``: the Rapid Review meeting pack against raw LibreOffice, side by side.

The same 13 documents (for 5 agencies one App. ii letter and one pre-filled App. iii each,
the referral, the Report of Rapid Review and the Panel letter, each the catalogue's made-up
data) are measured three ways, alternating so each sees the same machine load:

* raw: the 13 .docx (filled beforehand) converted one after another by one warm unoserver
  through unoserver's own client, with the pool's PDF/A-2b tagged export options;
* cspr's meeting pack with a pool of 1, then of 2 unoservers: fill every template, convert,
  put the contents page in front, merge with bookmarks, zip the .docx files, store both in
  S3 and record them (``pack_build.assemble``, the code the ``build_pack`` job runs);
* beside them: each conversion's time inside the pack, against a cold
  ``soffice --headless --convert-to pdf`` (fresh profile) of the referral.

Starts its own SeaweedFS, two unoservers and (if none answers) Redis on free ports, keeps its
records in a throw-away SQLite database, and stops everything it started.

Run: ``.venv/bin/python -m bench.meeting_pack [--reps 3] [--cold-reps 2]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from unoserver.client import UnoClient

from bench.referral_document import cold_soffice, redis_for_locks
from devstack.procs import free_port
from devstack.seaweed import free_port_pair, start_seaweed
from devstack.unoserver import start_pool, stop_pool
from services.documents.catalogue import ANSWERS, PANEL_LETTER, RAPID_REVIEW_REPORT, spec
from services.documents.common import sha256_hex
from services.documents.pack_build import Tools, assemble
from services.documents.pack_parts import Part, Plan, Sources, filling
from services.documents.pack_records import SqlPackBuilds
from services.documents.pool import PDF_EXPORT_OPTIONS, RedisLocks, UnoserverPool
from services.documents.ports import DocumentRecord
from services.documents.records import SqlDocuments
from services.documents.referral import form_sections
from services.documents.render import DocumentProperties
from services.documents.s3store import MinioStore, S3Settings
from services.documents.template_source import Templates, built_in_templates
from services.documents.unoserver_rpc import Endpoint
from shared import migrate
from shared.config import load_config
from shared.db import make_engine
from shared.forms import samples
from shared.forms.registry import get_form
from shared.packs import MEETING

REFERENCE = "GSCP-2026-0101"
AGENCIES = (
    "Riverside Primary School",
    "Metropolitan Police",
    "Royal Borough Children's Services",
    "South East London ICB Health Visiting",
    "Oxleas NHS Foundation Trust",
)


def thirteen(templates: Templates, partnership: str, today: date) -> list[Part]:
    """The 13 documents as parts of a pack, each filling its template when asked."""
    scoping = get_form("scoping")
    parts = [
        Part(
            "Referral of a serious incident (Appendix i)",
            fill=filling(templates.resolve(ANSWERS), spec(ANSWERS).sample(partnership, today)),
        )
    ]
    letter = spec("scoping_letter")
    for number, agency in enumerate(AGENCIES, start=1):
        context: dict[str, Any] = {
            **letter.sample(partnership, today),
            "agency_name": agency,
            "representative": f"Representative {number}",
        }
        parts.append(
            Part(
                f"Letter to accompany the scoping form: {agency}",
                group="Letters",
                fill=filling(templates.resolve("scoping_letter"), context),
            )
        )
        answers = samples.answers(scoping, today=today, items=2)
        prefilled = {
            "partnership_name": partnership,
            "document_title": scoping.document_title,
            "caption": f"{scoping.caption} from {agency}",
            "reference": REFERENCE,
            "referral_date": "20 November 2026",
            "sections": form_sections(scoping, answers),
        }
        parts.append(
            Part(
                f"Scoping return: {agency}",
                group="Scoping returns",
                fill=filling(templates.resolve(ANSWERS), prefilled),
            )
        )
    for name, title in (
        (RAPID_REVIEW_REPORT, "Report of Rapid Review"),
        (PANEL_LETTER, "Letter to the Child Safeguarding Practice Review Panel"),
    ):
        parts.append(
            Part(
                title, fill=filling(templates.resolve(name), spec(name).sample(partnership, today))
            )
        )
    return parts


class TimedConverter:
    """The pool, with each conversion's seconds kept."""

    def __init__(self, pool: UnoserverPool) -> None:
        self.pool, self.seconds = pool, []  # type: ignore[var-annotated]

    def to_pdf(self, docx: bytes) -> bytes:
        started = time.perf_counter()
        try:
            return self.pool.to_pdf(docx)
        finally:
            self.seconds.append(time.perf_counter() - started)

    def check(self) -> None:
        self.pool.check()


class Quiet:
    def document_stored(self, record: DocumentRecord) -> None:
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each way")
    parser.add_argument("--cold-reps", type=int, default=2, help="cold soffice repetitions")
    args = parser.parse_args(argv)
    config = load_config("documents")
    partnership = config["PARTNERSHIP_NAME"]
    today = date(2026, 12, 4)
    workdir = Path(tempfile.mkdtemp(prefix="cspr-bench-pack-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, True)
        port = free_port_pair()
        access, secret = "bench-" + secrets.token_hex(4), secrets.token_urlsafe(24)
        print("Starting SeaweedFS and two unoservers …", flush=True)
        weed = start_seaweed(workdir / "s3", port, access, secret, workdir / "log")
        stack.callback(weed.stop)
        ports = [(free_port(), free_port()) for _ in range(2)]
        stack.callback(stop_pool, start_pool(ports, workdir / "log", stop_after=100_000))
        endpoints = [Endpoint("127.0.0.1", p) for p, _ in ports]
        redis = stack.enter_context(redis_for_locks(config["REDIS_URL"], workdir))
        locks = RedisLocks(redis, prefix=f"cspr:bench:{secrets.token_hex(4)}:")
        database = f"sqlite:///{workdir / 'bench.db'}"
        migrate.upgrade(database)
        engine = make_engine(database)
        store = MinioStore(S3Settings(f"127.0.0.1:{port}", access, secret, "cspr-bench"))
        store.ensure_bucket()
        records, builds = SqlDocuments(engine), SqlPackBuilds(engine)
        templates = built_in_templates(partnership)

        described = DocumentProperties("Meeting pack document", partnership, f"Case {REFERENCE}")
        filled = [
            p.filled(described, datetime.now(UTC)) for p in thirteen(templates, partnership, today)
        ]
        raw_client = UnoClient(endpoints[0].host, str(endpoints[0].port), host_location="remote")

        def raw() -> None:
            for docx in filled:
                raw_client.convert(
                    indata=docx, convert_to="pdf", filter_options=list(PDF_EXPORT_OPTIONS)
                )

        pack_ids = itertools.count(1)
        pools = {n: TimedConverter(UnoserverPool(endpoints[:n], locks)) for n in (1, 2)}

        def pack(n: int) -> Callable[[], None]:
            def build() -> None:
                pack_id = next(pack_ids)
                now = datetime.now(UTC)
                builds.start(pack_id, REFERENCE, MEETING.name, None, now)
                tools = Tools(
                    # assembling reads no request or case: the parts are given
                    Sources(None, store, records, partnership, None, templates),  # type: ignore[arg-type]
                    builds,
                    pools[n],
                    Quiet(),
                    lambda: now,
                    workers=n,
                )
                plan = Plan(REFERENCE, thirteen(templates, partnership, today))
                made = assemble(MEETING, plan, tools, pack_id, now)
                pdf = next(r for r in made if r.format == "pdf")
                assert sha256_hex(store.get(pdf.object_key)) == pdf.sha256

            return build

        for endpoint in endpoints:  # the first conversion loads Writer's filters: warm both
            UnoClient(endpoint.host, str(endpoint.port), host_location="remote").convert(
                indata=filled[0], convert_to="pdf"
            )
        pack(2)()  # and the Python side (imports, first S3 connection)
        for timed in pools.values():
            timed.seconds.clear()
        ways = {"raw": raw, "pool of 1": pack(1), "pool of 2": pack(2)}
        seconds: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.reps):
            for name, way in ways.items():
                started = time.perf_counter()
                way()
                seconds[name].append(time.perf_counter() - started)
        referral = workdir / "referral.docx"
        referral.write_bytes(filled[0])
        cold = []
        for _ in range(args.cold_reps):
            started = time.perf_counter()
            cold_soffice(referral, workdir)
            cold.append(time.perf_counter() - started)
    _report(seconds, pools, cold, args.reps)


def _report(
    seconds: dict[str, list[float]],
    pools: dict[int, TimedConverter],
    cold: list[float],
    reps: int,
) -> None:
    median = {name: statistics.median(values) for name, values in seconds.items()}
    raw = median["raw"]
    load = os.getloadavg()[0]
    print(f"\nMeeting pack of 13 documents, {reps} runs each, alternating (load {load:.2f})")
    print(f"{'way':<12} {'median ms':>10} {'runs ms':>26} {'x raw':>7}  goal")
    goals = {"raw": "", "pool of 1": "≤ 1.15 x", "pool of 2": "≤ 0.65 x"}
    for name, values in seconds.items():
        runs = ", ".join(f"{v * 1000:.0f}" for v in values)
        print(
            f"{name:<12} {median[name] * 1000:>10.0f} {runs:>26} "
            f"{median[name] / raw:>7.2f}  {goals[name]}"
        )
    conversions = [s for timed in pools.values() for s in timed.seconds]
    cold_s = min(cold)
    print(
        f"\nconversions inside the packs: {len(conversions)}, median "
        f"{statistics.median(conversions) * 1000:.0f} ms, slowest {max(conversions) * 1000:.0f} ms"
    )
    print(
        f"cold soffice --convert-to pdf (fresh profile): {cold_s * 1000:.0f} ms; "
        f"x the median conversion {cold_s / statistics.median(conversions):.1f}, "
        f"x the slowest {cold_s / max(conversions):.1f} (goal: every conversion ≥ 8 x faster)"
    )


if __name__ == "__main__":
    main()
