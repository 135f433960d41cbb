"""Make sure Redis and (for the tests) PostgreSQL answer, starting them when absent.

``python -m devstack.infra`` is what ``make test`` runs before pytest; it prints the
database admin URL the tests should use when it differs from the default.
"""

from __future__ import annotations

import argparse
import glob
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

from devstack.procs import VAR, Managed, port_open, wait_for_port

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def redis_address(url: str) -> tuple[str, int]:
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 6379


def redis_argv(port: int, data_dir: Path) -> list[str]:
    """A loopback-only redis-server that keeps nothing on disk (queues are rebuilt from
    the database: referrals not yet handed off are relayed again)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return [
        "redis-server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(data_dir),
    ]


def ensure_redis_daemon(url: str) -> None:
    """Start a daemonised redis-server (kept running after we exit: for the tests)."""
    host, port = redis_address(url)
    if port_open(host, port):
        return
    argv = redis_argv(port, VAR / "redis")
    argv += ["--daemonize", "yes", "--logfile", str(VAR / "redis" / "redis.log")]
    subprocess.run(argv, check=True)
    wait_for_port(host, port, 20)


def redis_process(url: str, log_dir: Path, data_dir: Path = VAR / "redis") -> Managed | None:
    """A redis-server owned by ``make run`` (stopped with it), or None if one answers."""
    host, port = redis_address(url)
    if port_open(host, port):
        return None
    return Managed("redis", redis_argv(port, data_dir), log_dir=log_dir)


def _can_connect(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def ensure_postgres() -> str:
    """Return an admin URL for a running PostgreSQL on 127.0.0.1:5432, starting it if needed."""
    if not port_open("127.0.0.1", 5432):
        clusters = sorted(glob.glob("/etc/postgresql/*/main"))
        if not clusters:
            raise SystemExit("PostgreSQL is not installed: run scripts/setup.sh test")
        version = Path(clusters[-1]).parent.name
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
        )
        deadline = time.monotonic() + 60
        while not port_open("127.0.0.1", 5432) and time.monotonic() < deadline:
            time.sleep(0.5)
    if _can_connect(POSTGRES_ADMIN_URL):
        return POSTGRES_ADMIN_URL
    # A stock Debian cluster asks for a password on TCP: give the postgres role one for tests.
    with_password = "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres"  # noqa: S105 - local test cluster only
    if _can_connect(with_password):
        return with_password
    if shutil.which("runuser"):
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                "psql",
                "-q",
                "-c",
                "ALTER USER postgres PASSWORD 'postgres'",
            ],
            check=True,
        )
        if _can_connect(with_password):
            return with_password
    raise SystemExit("cannot connect to PostgreSQL on 127.0.0.1:5432 as postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--env-file", type=Path, help="write TEST_POSTGRES_ADMIN_URL here")
    args = parser.parse_args()
    ensure_redis_daemon(args.redis_url)
    admin_url = ensure_postgres()
    if args.env_file:
        args.env_file.parent.mkdir(parents=True, exist_ok=True)
        args.env_file.write_text(f"TEST_POSTGRES_ADMIN_URL={admin_url}\n")
    print("PostgreSQL and Redis are answering.")


if __name__ == "__main__":
    main()
