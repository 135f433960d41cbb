"""``make bench``: how fast intake takes referrals through ``POST /api/v1/referrals``.

Starts intake under gunicorn (sync workers, as ``make run`` does) on a fresh PostgreSQL
database built by the migrations and a private Redis, makes an API token with ``cspr tokens
create``, then posts the serious-incident form's typical answers (each stored with its
reference and handed to Redis as an ``open_case`` job, as in production):

* (a) one client, submissions one after another: median and p95;
* (b) 20 clients, each submitting once a second: median, p95 and errors;
* (c) 20 clients submitting back to back: requests per second at saturation.

Every request opens its own connection (sync workers close it after each answer). The
temporary database and Redis are removed afterwards.

Run: ``.venv/bin/python -m bench.referral_submission [--sequential 200] [--seconds 20]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from devstack import pgdb
from devstack.infra import ensure_postgres, redis_argv
from devstack.procs import REPO_ROOT, Managed, free_port, stop_all, wait_for_port
from services.intake.references import london_date
from services.intake.tables import referral
from shared.clock import utc_now
from shared.db import make_engine
from shared.forms import samples
from shared.forms.registry import FORMS

BIN = REPO_ROOT / ".venv" / "bin"
PATH = "/api/v1/referrals"
GOAL_P95_MS = 100.0


@dataclass
class Phase:
    name: str
    clients: int
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, seconds: float | None) -> None:
        with self.lock:
            if seconds is None:
                self.errors += 1
            else:
                self.seconds.append(seconds)

    def ms(self, q: float) -> float:
        if not self.seconds:
            return float("nan")
        if len(self.seconds) == 1:
            return self.seconds[0] * 1000
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[int(q) - 1] * 1000

    @property
    def rate(self) -> float:
        return len(self.seconds) / self.elapsed if self.elapsed else 0.0

    def row(self) -> str:
        return (
            f"{self.name:<44} {self.clients:>7} {len(self.seconds):>6} {self.errors:>6} "
            f"{self.ms(50):>9.1f} {self.ms(95):>8.1f} {self.rate:>7.1f}"
        )


class Client:
    def __init__(self, port: int, token: str, body: bytes) -> None:
        self.port, self.body = port, body
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def submit(self, phase: Phase) -> None:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request("POST", PATH, self.body, self.headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 201
            finally:
                conn.close()
        except OSError:
            ok = False
        phase.record(time.perf_counter() - started if ok else None)


def in_threads(clients: int, work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sequential(client: Client, count: int) -> Phase:
    phase = Phase("(a) one client, one after another", 1)
    started = time.perf_counter()
    for _ in range(count):
        client.submit(phase)
    phase.elapsed = time.perf_counter() - started
    return phase


def paced(client: Client, clients: int, seconds: float) -> Phase:
    """Each client submits once a second, starting at a random point of the first second."""
    phase = Phase("(b) each client once a second", clients)
    start = time.monotonic() + 0.1
    end = start + seconds

    def work(_index: int) -> None:
        next_at = start + random.random()
        while next_at < end:
            time.sleep(max(0.0, next_at - time.monotonic()))
            client.submit(phase)
            next_at = max(next_at + 1.0, time.monotonic())

    began = time.perf_counter()
    in_threads(clients, work)
    phase.elapsed = time.perf_counter() - began
    return phase


def saturated(client: Client, clients: int, seconds: float) -> Phase:
    phase = Phase("(c) back to back (saturation)", clients)
    end = time.monotonic() + seconds

    def work(_index: int) -> None:
        while time.monotonic() < end:
            client.submit(phase)

    began = time.perf_counter()
    in_threads(clients, work)
    phase.elapsed = time.perf_counter() - began
    return phase


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new PostgreSQL database migrated to head; dropped afterwards."""
    admin_url = os.environ.get("TEST_POSTGRES_ADMIN_URL") or ensure_postgres()
    url = ""
    try:
        with pgdb.fresh_database(admin_url, "cspr_bench") as url:
            yield url
    finally:
        if url:
            print(f"Dropped database {url.rsplit('/', 1)[1]}.", flush=True)


def start(stack: ExitStack, proc: Managed, port: int) -> None:
    proc.start()
    stack.callback(stop_all, [proc])
    wait_for_port("127.0.0.1", port, 60, proc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequential", type=int, default=200, help="submissions in (a)")
    parser.add_argument("--clients", type=int, default=20, help="clients in (b) and (c)")
    parser.add_argument("--seconds", type=float, default=20, help="length of (b)")
    parser.add_argument("--saturation-seconds", type=float, default=10, help="length of (c)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="cspr-bench-api-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, True)
        database_url = stack.enter_context(fresh_database())
        redis_port, web_port = free_port(), free_port()
        logs = workdir / "log"
        redis = Managed("bench-redis", redis_argv(redis_port, workdir / "redis"), log_dir=logs)
        start(stack, redis, redis_port)
        env = {
            "CSPR_ENV": "development",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
        made = subprocess.run(
            [str(BIN / "cspr"), "tokens", "create", "--email", "bench@partnership.example"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        token = made.stdout.splitlines()[-1]
        print(f"Starting intake: gunicorn, {args.workers} sync workers …", flush=True)
        gunicorn = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{web_port}"]
        gunicorn += ["--workers", str(args.workers), "services.intake.app:create_app()"]
        start(stack, Managed("bench-intake", gunicorn, env=env, log_dir=logs), web_port)

        form = FORMS["serious-incident"]
        answers = samples.answers(form, today=london_date(utc_now()))
        body = json.dumps({"form": form.id, "answers": answers}).encode()
        client = Client(web_port, token, body)
        # every worker has loaded the app and opened its connections before we measure
        warm = [saturated(client, args.workers * 2, 2.0), sequential(client, 10)]
        if any(w.errors for w in warm):
            raise SystemExit(f"intake refused warm-up requests; see {logs}")

        load_before = os.getloadavg()[0]
        phases = [
            sequential(client, args.sequential),
            paced(client, args.clients, args.seconds),
            saturated(client, args.clients, args.saturation_seconds),
        ]
        engine = make_engine(database_url)
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(referral)).scalar_one()
        engine.dispose()
        accepted = sum(len(p.seconds) for p in [*warm, *phases])
        print(
            f"\nPOST {PATH}: serious-incident, typical answers ({len(body):,} bytes); "
            f"{args.workers} sync workers; {os.cpu_count()} CPUs; PostgreSQL and Redis local"
        )
        print(
            f"{'phase':<44} {'clients':>7} {'201s':>6} {'errors':>6} "
            f"{'median ms':>9} {'p95 ms':>8} {'req/s':>7}"
        )
        print("-" * 93)
        for phase in phases:
            print(phase.row())
        print("-" * 93)
        p95 = phases[1].ms(95)
        verdict = "met" if p95 < GOAL_P95_MS else "NOT met"
        print(
            f"goal: p95 under {GOAL_P95_MS:.0f} ms at {args.clients} clients, once a second "
            f"each: {p95:.1f} ms, {verdict}"
        )
        print(f"saturation: {phases[2].rate:.0f} referrals/s stored and handed off")
        print(f"referrals in the database: {stored:,} (accepted: {accepted:,})")
        print(
            f"1-minute load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
            "(other work on the machine shows in the tail latencies)"
        )


if __name__ == "__main__":
    main()
