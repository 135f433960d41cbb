"""Where a .docx-to-PDF conversion's time goes: LibreOffice's own work, or the client's.

Starts one unoserver of its own (``devstack.unoserver``) and warms it, then, on 13 referral
documents (both referral forms with 1 to 6 of each repeating group, and the largest
serious-incident referral), alternates per document:

* ``UnoClient.convert``: unoserver's client, which calls ``info()`` (every filter LibreOffice
  has, by name) before each conversion;
* direct: unoserver's XML-RPC ``convert`` (``services.documents.unoserver_rpc``)
  with UnoClient's arguments, no ``info()``;
* pool: the same with ``update_index=False``, the call the pool makes (UPDATE_INDEXES).

Beside them: ``info()`` alone, a bare XML-RPC round trip (``system.listMethods``), and cold
``soffice --headless --convert-to pdf`` runs (fresh profile) of one file and of all 13 in one
call, whose difference is LibreOffice's own load, layout and export per document. Every
conversion is the pool's PDF/A-2b, tagged export.

Run: ``.venv/bin/python -m bench.conversion_profile [--reps 5]``. Not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import tempfile
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

from pypdf import PdfReader
from unoserver.client import UnoClient

from devstack.procs import free_port
from devstack.unoserver import start_pool, stop_pool
from services.documents.pool import PDF_EXPORT_OPTIONS
from services.documents.referral import referral_context
from services.documents.template_source import built_in_templates
from services.documents.unoserver_rpc import (
    Endpoint,
    TimeoutTransport,
    XmlRpcConvertClient,
    unoserver_info,
)
from services.scheduler.readmodel import CaseSnapshot
from shared.config import load_config
from shared.forms import samples
from shared.forms.registry import REFERRAL_FORMS, get_form

#: soffice's spelling of PDF_EXPORT_OPTIONS (LibreOffice 7.4+ JSON filter options)
SOFFICE_PDF = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "SelectPdfVersion": {"type": "long", "value": "2"},
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
    }
)


class Converting(Protocol):
    def convert(
        self, *, indata: bytes, convert_to: str, filter_options: list[str]
    ) -> bytes | None: ...


@dataclass(frozen=True)
class Sample:
    name: str
    docx: bytes


def samples_13(partnership: str) -> list[Sample]:
    received_at = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    wanted = [(form_id, items, False) for form_id in REFERRAL_FORMS for items in range(1, 7)]
    wanted.append((REFERRAL_FORMS[0], 1, True))
    found = []
    for index, (form_id, items, largest) in enumerate(wanted, start=1):
        form = get_form(form_id)
        case = CaseSnapshot(
            reference=f"GSCP-2026-{index:04d}",
            route=form.route,
            state="referral_received",
            received_at=received_at,
            received_on=received_at.date(),
            referral_id=index,
            form_id=form.id,
            form_version=form.version,
            answers=samples.answers(form, today=received_at.date(), largest=largest, items=items),
        )
        answers = built_in_templates(partnership).resolve("answers")
        docx = answers.render(referral_context(case, partnership))
        found.append(Sample(f"{form_id} {'largest' if largest else f'x{items}'}", docx))
    return found


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def cold_soffice(paths: Sequence[Path], workdir: Path) -> float:
    """Seconds for one cold ``soffice`` (fresh profile) converting ``paths`` in one call."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=workdir))
    outdir = Path(tempfile.mkdtemp(prefix="out-", dir=workdir))
    argv = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    argv += ["--convert-to", SOFFICE_PDF, "--outdir", str(outdir), *map(str, paths)]
    try:
        seconds = timed(lambda: subprocess.run(argv, check=True, capture_output=True, timeout=600))
        missing = [p.name for p in paths if not (outdir / p.with_suffix(".pdf").name).is_file()]
        if missing:
            raise RuntimeError(f"soffice produced no PDF for {', '.join(missing)}")
        return seconds
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)


#: the columns (what converts a document, alternately, for each document) and their widths
VARIANTS = {"UnoClient": 10, "direct": 8, "pool": 8}


def columns(ms: dict[str, float], decimals: int = 1) -> str:
    return " ".join(f"{ms[variant]:>{width}.{decimals}f}" for variant, width in VARIANTS.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="warm repetitions per document")
    parser.add_argument("--cold-reps", type=int, default=2, help="cold soffice repetitions")
    args = parser.parse_args(argv)
    config = load_config("documents")
    workdir = Path(tempfile.mkdtemp(prefix="cspr-conversion-profile-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, True)
        ports = [(free_port(), free_port())]
        print("Starting one unoserver …", flush=True)
        # not recycled half-way (each document is converted 3 * reps + 1 times)
        stack.callback(stop_pool, start_pool(ports, workdir / "log", stop_after=100_000))
        endpoint = Endpoint("127.0.0.1", ports[0][0])
        options = list(PDF_EXPORT_OPTIONS)
        clients: dict[str, Converting] = {
            "UnoClient": UnoClient(endpoint.host, str(endpoint.port), host_location="remote"),
            "direct": XmlRpcConvertClient(endpoint, 120, update_index=True),
            "pool": XmlRpcConvertClient(endpoint, 120),
        }

        def convert(variant: str, docx: bytes) -> bytes:
            pdf = clients[variant].convert(indata=docx, convert_to="pdf", filter_options=options)
            assert pdf is not None and pdf.startswith(b"%PDF")
            return pdf

        def list_methods() -> object:
            with xmlrpc.client.ServerProxy(
                f"http://{endpoint}", transport=TimeoutTransport(10)
            ) as proxy:
                return proxy.system.listMethods()

        docs = samples_13(config["PARTNERSHIP_NAME"])
        paths = []
        for index, doc in enumerate(docs, start=1):
            paths.append(workdir / f"doc-{index:02d}.docx")
            paths[-1].write_bytes(doc.docx)
        for doc in docs[:2]:  # the first conversions load Writer's filters and fonts
            convert("pool", doc.docx)

        print(
            f"\n{'document':<24} {'docx KB':>7} {'pages':>5} {'UnoClient':>10} {'direct':>8} "
            f"{'pool':>8}   ms, median of {args.reps}"
        )
        print("-" * 78)
        medians: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for doc in docs:
            seconds: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
            for _ in range(args.reps):  # alternating: each sees the same LibreOffice state
                for variant in VARIANTS:
                    seconds[variant].append(timed(partial(convert, variant, doc.docx)))
            pages = len(PdfReader(io.BytesIO(convert("pool", doc.docx))).pages)
            for variant in VARIANTS:
                medians[variant].append(statistics.median(seconds[variant]))
            print(
                f"{doc.name:<24} {len(doc.docx) / 1024:>7.1f} {pages:>5} "
                + columns({v: median_ms(seconds[v]) for v in VARIANTS})
            )
        print("-" * 78)
        totals = {variant: sum(medians[variant]) * 1000 for variant in VARIANTS}
        print(f"{'sum of the 13':<38} " + columns(totals, 0))
        print(f"{'median of the 13':<38} " + columns({v: median_ms(medians[v]) for v in VARIANTS}))

        reps = max(args.reps * 3, 10)
        info_ms = median_ms(
            [timed(lambda: unoserver_info(endpoint.host, endpoint.port)) for _ in range(reps)]
        )
        rpc_ms = median_ms([timed(list_methods) for _ in range(reps)])
        one_s = min(cold_soffice(paths[:1], workdir) for _ in range(args.cold_reps))
        all_s = min(cold_soffice(paths, workdir) for _ in range(args.cold_reps))
        # the same 12 documents on both sides: soffice's 13-file call minus its 1-file call
        libreoffice_ms = (all_s - one_s) / (len(paths) - 1) * 1000
        pool_12_ms = statistics.mean(medians["pool"][1:]) * 1000
        uno_total = totals["UnoClient"]
        info_saved = uno_total - totals["direct"]
        index_saved = totals["direct"] - totals["pool"]
        print(
            f"""
UnoClient = info() + convert; direct = convert, UnoClient's arguments; pool = convert,
update_index=False (the pool's call)
info() alone {info_ms:.1f} ms; a bare XML-RPC round trip (system.listMethods) {rpc_ms:.1f} ms
saved by dropping info(): {info_saved:.0f} ms over the 13 ({info_saved / uno_total:.1%}); \
by update_index=False: {index_saved:.0f} ms more ({index_saved / uno_total:.1%})
pool / UnoClient: {totals["pool"] / totals["UnoClient"]:.3f}x (sum of the 13)
cold soffice --convert-to pdf, fresh profile: 1 file {one_s * 1000:.0f} ms, all 13 in one \
call {all_s * 1000:.0f} ms
documents 2-13, mean per document: LibreOffice's own load + layout + export (soffice's 13 \
files minus 1, / 12) {libreoffice_ms:.0f} ms; the pool's warm conversion {pool_12_ms:.0f} ms \
(unoserver's UNO load and export path + XML-RPC: {pool_12_ms - libreoffice_ms:+.0f} ms)
cold soffice (1 file) / the pool's warm conversion of it: {one_s / medians["pool"][0]:.1f}x"""
        )


if __name__ == "__main__":
    main()
