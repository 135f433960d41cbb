"""``make bench``: what the referral document costs, step by step, on this machine.

Starts its own SeaweedFS and a two-server unoserver pool on free ports (unless S3_ENDPOINT /
UNOSERVER_POOL are set in the environment, then uses those), and a Redis for the pool's
locks if none answers at REDIS_URL; stops everything it started. Measures, on the answers
template filled with a serious-incident referral (``shared.forms.samples``: typical answers
with three of each repeating group, or with ``--largest`` every text at its limit and every
group full):

* docxtpl render of the .docx;
* conversion to PDF through the pool (``UnoserverPool.to_pdf``: Redis lock + XML-RPC);
* storage of both files (two S3 puts with SHA-256);
* two conversions at once through the pool (wall time for the pair);
* beside them: the same .docx converted by one warm unoserver through its client directly,
  and by a cold ``soffice --headless --convert-to pdf`` with a fresh profile each time.

Run: ``.venv/bin/python -m bench.referral_document [--reps 10] [--cold-reps 3] [--largest]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis

from devstack.infra import redis_argv
from devstack.procs import Managed, free_port, wait_for_port
from devstack.seaweed import free_port_pair, start_seaweed
from devstack.unoserver import pool_setting, start_pool, stop_pool
from services.documents.pool import RedisLocks, UnoserverPool, parse_pool, unoserver_client
from services.documents.referral import referral_context
from services.documents.s3store import MinioStore, S3Settings
from services.documents.template_source import built_in_templates
from services.scheduler.readmodel import CaseSnapshot
from shared.config import load_config
from shared.forms import samples
from shared.forms.registry import get_form


def sample_case(*, largest: bool = False) -> CaseSnapshot:
    """A made-up case as the scheduler's read model gives it to the documents service."""
    form = get_form("serious-incident")
    received_at = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    return CaseSnapshot(
        reference="GSCP-2026-0101",
        route=form.route,
        state="referral_received",
        received_at=received_at,
        received_on=received_at.date(),
        referral_id=101,
        form_id=form.id,
        form_version=form.version,
        answers=samples.answers(form, today=received_at.date(), largest=largest, items=3),
    )


@dataclass
class Timing:
    step: str
    seconds: list[float]
    note: str = ""

    def row(self) -> str:
        ms = [s * 1000 for s in self.seconds]
        return (
            f"{self.step:<46} {len(ms):>4} {statistics.median(ms):>9.1f} {min(ms):>9.1f} "
            f"{max(ms):>9.1f}  {self.note}"
        )


def measure(step: str, reps: int, action: Callable[[], object], note: str = "") -> Timing:
    return measure_alternating(reps, (step, action))[0]


def measure_alternating(reps: int, *steps: tuple[str, Callable[[], object]]) -> list[Timing]:
    """Each repetition runs every step once, in turn: steps compared with each other see
    the same machine load and the same LibreOffice state."""
    timings = [Timing(step, []) for step, _ in steps]
    for _ in range(reps):
        for timing, (_step, action) in zip(timings, steps, strict=True):
            started = time.perf_counter()
            action()
            timing.seconds.append(time.perf_counter() - started)
    return timings


@contextmanager
def redis_for_locks(url: str, workdir: Path) -> Iterator[Redis]:
    redis = Redis.from_url(url)
    try:
        redis.ping()
        answering = True
    except Exception:
        answering = False
    if answering:
        yield redis
        return
    redis.close()  # none answering: a private one, stopped afterwards
    port = free_port()
    proc = Managed("bench-redis", redis_argv(port, workdir / "redis"), log_dir=workdir / "log")
    proc.start()
    try:
        wait_for_port("127.0.0.1", port, 20, proc)
        yield Redis(host="127.0.0.1", port=port)
    finally:
        proc.stop()


def cold_soffice(docx_path: Path, workdir: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=workdir))
    outdir = Path(tempfile.mkdtemp(prefix="out-", dir=workdir))
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        if not (outdir / docx_path.with_suffix(".pdf").name).is_file():
            raise RuntimeError("soffice produced no PDF")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10, help="repetitions of each warm step")
    parser.add_argument("--cold-reps", type=int, default=3, help="cold soffice repetitions")
    parser.add_argument(
        "--largest", action="store_true", help="the largest answers the form accepts"
    )
    args = parser.parse_args(argv)
    config = load_config("documents")
    workdir = Path(tempfile.mkdtemp(prefix="cspr-bench-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, True)
        started: list[str] = []

        if "S3_ENDPOINT" in os.environ:
            s3 = S3Settings.from_config(config)
        else:
            port = free_port_pair()
            access, secret = "bench-" + secrets.token_hex(4), secrets.token_urlsafe(24)
            print("Starting SeaweedFS …", flush=True)
            weed = start_seaweed(workdir / "s3", port, access, secret, workdir / "log")
            stack.callback(weed.stop)
            started.append(f"SeaweedFS on 127.0.0.1:{port}")
            s3 = S3Settings(f"127.0.0.1:{port}", access, secret, "cspr-bench")

        if "UNOSERVER_POOL" in os.environ:
            pool_value = config["UNOSERVER_POOL"]
        else:
            ports = [(free_port(), free_port()) for _ in range(2)]
            print("Starting two unoservers …", flush=True)
            procs = start_pool(ports, workdir / "log")
            stack.callback(stop_pool, procs)
            pool_value = pool_setting(ports)
            started.append(f"unoservers on {pool_value}")

        redis = stack.enter_context(redis_for_locks(config["REDIS_URL"], workdir))
        endpoints = parse_pool(pool_value)
        pool = UnoserverPool(
            endpoints,
            RedisLocks(redis, prefix=f"cspr:bench:{secrets.token_hex(4)}:"),
            timeout=float(config["CONVERSION_TIMEOUT"]),
        )
        store = MinioStore(s3)
        store.ensure_bucket()

        context = referral_context(sample_case(largest=args.largest), config["PARTNERSHIP_NAME"])
        answers = built_in_templates(config["PARTNERSHIP_NAME"]).resolve("answers")
        docx = answers.render(context)
        docx_path = workdir / "referral.docx"
        docx_path.write_bytes(docx)
        # first conversion on each server loads Writer's filters: warm every server once
        for endpoint in endpoints:
            unoserver_client(endpoint).convert(indata=docx, convert_to="pdf")
        pdf = pool.to_pdf(docx)
        print(
            f"Referral: .docx {len(docx):,} bytes, PDF {len(pdf):,} bytes; "
            f"{len(endpoints)} unoservers; {os.cpu_count()} CPUs",
            flush=True,
        )

        reps = args.reps
        key = "bench/GSCP-2026-0101/referral/GSCP-2026-0101-referral"

        def put_both() -> None:
            store.put(
                f"{key}.docx",
                docx,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            store.put(f"{key}.pdf", pdf, "application/pdf")

        def pair_through_pool() -> None:
            errors: list[BaseException] = []

            def one() -> None:
                try:
                    pool.to_pdf(docx)
                except BaseException as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=one) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if errors:
                raise errors[0]

        put_both()  # first request opens the HTTP connection: not what we measure
        direct = unoserver_client(endpoints[0])
        timings = [
            measure("docxtpl render (.docx)", reps, lambda: answers.render(context)),
            *measure_alternating(
                reps,
                ("PDF through the pool (UnoserverPool.to_pdf)", lambda: pool.to_pdf(docx)),
                (
                    "raw: one warm unoserver, client directly",
                    lambda: direct.convert(indata=docx, convert_to="pdf"),
                ),
            ),
            measure("storage: both puts to S3 (SHA-256 each)", reps, put_both),
            measure("pool: 2 conversions at once (wall, per pair)", reps, pair_through_pool),
            measure(
                "cold soffice --convert-to pdf, fresh profile",
                args.cold_reps,
                lambda: cold_soffice(docx_path, workdir),
            ),
        ]
        print()
        print(f"{'step':<46} {'reps':>4} {'median ms':>9} {'min ms':>9} {'max ms':>9}")
        print("-" * 82)
        for timing in timings:
            print(timing.row())
        by = {t.step: statistics.median(t.seconds) for t in timings}
        render_s = by["docxtpl render (.docx)"]
        pool_s = by["PDF through the pool (UnoserverPool.to_pdf)"]
        store_s = by["storage: both puts to S3 (SHA-256 each)"]
        print("-" * 82)
        print(
            f"referral job's own work (render + pool + store), median sum: "
            f"{(render_s + pool_s + store_s) * 1000:.0f} ms"
        )
        print(
            f"pool overhead over a direct warm call: "
            f"{(pool_s - by['raw: one warm unoserver, client directly']) * 1000:+.1f} ms; "
            f"pair at once vs two in a row: "
            f"{by['pool: 2 conversions at once (wall, per pair)'] / (2 * pool_s):.2f}x"
        )
        print(
            f"cold soffice / warm pool conversion: "
            f"{by['cold soffice --convert-to pdf, fresh profile'] / pool_s:.1f}x"
        )
        if started:
            print("Stopping " + ", ".join(started) + " …", flush=True)


if __name__ == "__main__":
    main()
