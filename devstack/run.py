"""``make run``: the whole cspr stack on one machine, without Docker.

Starts (or reuses) Redis, SeaweedFS as the S3 store (unless S3_ENDPOINT is set), a local SMTP
server with a development outbox page, a pool of unoservers (UNOSERVER_COUNT of them, by
default one per CPU core), then the four services and their RQ workers and the cron
scheduler; prints the URLs and a development sign-in; stops everything on Ctrl-C. The e2e
tests start the same ``Stack`` on free ports.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from devstack.procs import REPO_ROOT, VAR, Managed, port_open, stop_all, wait_for_port

BIN = REPO_ROOT / ".venv" / "bin"
WEB_SERVICES = ("intake", "scheduler", "documents", "notifier")
DEV_STAFF_EMAIL = "ops@localhost"
#: the first unoserver's LibreOffice UNO port; its XML-RPC port is the next, and so on
FIRST_UNOSERVER_PORT = 2002


def cpu_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def unoserver_count(value: str) -> int:
    """The UNOSERVER_COUNT setting: empty for one unoserver per CPU core."""
    if not value.strip():
        return max(cpu_cores(), 1)
    if not value.strip().isdigit() or int(value) < 1:
        raise SystemExit(f"UNOSERVER_COUNT must be a whole number of at least 1, not {value!r}")
    return int(value)


def unoserver_ports(count: int) -> tuple[tuple[int, int], ...]:
    """(XML-RPC port, UNO port) of ``count`` unoservers: (2003, 2002), (2005, 2004), …"""
    first = FIRST_UNOSERVER_PORT
    return tuple((first + 2 * i + 1, first + 2 * i) for i in range(count))


def worker_argv(service: str) -> list[str]:
    """The RQ worker of ``service`` (listens on ``shared.worker.queues_for(service)``)."""
    return [str(BIN / "python"), "-m", "shared.worker", service]


@dataclass
class Ports:
    intake: int = 8001
    scheduler: int = 8002
    documents: int = 8003
    notifier: int = 8004
    smtp: int = 1025
    outbox: int = 8025
    s3: int = 8333
    #: (XML-RPC port, LibreOffice UNO port) of each unoserver in the pool
    unoservers: tuple[tuple[int, int], ...] = field(
        default_factory=lambda: unoserver_ports(unoserver_count(""))
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Ports:
        ports = cls()
        for name in ("intake", "scheduler", "documents", "notifier", "smtp", "outbox", "s3"):
            value = environ.get(f"CSPR_{name.upper()}_PORT")
            if value:
                setattr(ports, name, int(value))
        ports.unoservers = unoserver_ports(unoserver_count(environ.get("UNOSERVER_COUNT", "")))
        return ports


@dataclass
class Stack:
    ports: Ports = field(default_factory=Ports)
    var: Path = VAR
    #: settings passed to every service (shared.config names), over the defaults below
    settings: dict[str, str] = field(default_factory=dict)
    web_workers: int = 2
    procs: list[Managed] = field(default_factory=list)

    @property
    def log_dir(self) -> Path:
        return self.var / "log"

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{getattr(self.ports, service)}"

    def environment(self) -> dict[str, str]:
        env = {
            "CSPR_ENV": "development",
            "DATABASE_URL": f"sqlite:///{self.var / 'cspr.db'}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "S3_ENDPOINT": f"127.0.0.1:{self.ports.s3}",
            "UNOSERVER_POOL": ",".join(f"127.0.0.1:{p}" for p, _ in self.ports.unoservers),
            "DOCUMENTS_URL": self.url("documents"),
            "CONSOLE_URL": self.url("scheduler"),
            "INTAKE_URL": self.url("intake"),
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(self.ports.smtp),
        }
        env.update(self.settings)
        return env

    # -- starting -------------------------------------------------------------------------
    def _add(self, proc: Managed) -> Managed:
        self.procs.append(proc.start())
        return proc

    def _check_ports_free(self, env: Mapping[str, str]) -> None:
        wanted = [getattr(self.ports, s) for s in WEB_SERVICES]
        wanted += [self.ports.smtp, self.ports.outbox]
        wanted += [p for pair in self.ports.unoservers for p in pair]
        taken = [p for p in wanted if port_open("127.0.0.1", p)]
        if taken:
            raise SystemExit(
                f"port(s) {', '.join(map(str, taken))} already in use: is another `make run` "
                "still running? Stop it, or choose other ports (see README)."
            )

    def start(self) -> None:
        from devstack.devmail import devmail_process
        from devstack.infra import redis_process
        from devstack.seaweed import seaweed_process, wait_for_seaweed
        from devstack.unoserver import unoserver_process, wait_for_unoserver
        from services.documents.pool import attempt_timeout
        from shared.config import load_config

        env = self.environment()
        documents = load_config("documents", env)
        self._check_ports_free(env)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        redis = redis_process(env["REDIS_URL"], self.log_dir)
        if redis is not None:
            self._add(redis)
        seaweed = None
        if "S3_ENDPOINT" not in self.settings or self.settings.get("CSPR_START_S3") == "1":
            seaweed = self._add(
                seaweed_process(
                    self.var / "s3",
                    self.ports.s3,
                    documents["S3_ACCESS_KEY"],
                    documents["S3_SECRET_KEY"],
                    self.log_dir,
                )
            )
        self._add(
            devmail_process(self.ports.smtp, self.ports.outbox, self.var / "mail", self.log_dir)
        )
        # a server kills its LibreOffice when the pool stops waiting for it
        conversion_timeout = math.ceil(attempt_timeout(float(documents["CONVERSION_TIMEOUT"])))
        unos = [
            self._add(
                unoserver_process(
                    f"unoserver-{i + 1}",
                    port,
                    uno,
                    self.log_dir,
                    conversion_timeout=conversion_timeout,
                    stop_after=documents.integer("UNOSERVER_STOP_AFTER"),
                )
            )
            for i, (port, uno) in enumerate(self.ports.unoservers)
        ]
        if redis is not None:
            wait_for_port(
                "127.0.0.1", int(env["REDIS_URL"].split(":")[-1].split("/")[0]), 20, redis
            )
        self._cspr(env, "db", "upgrade")
        if seaweed is not None:
            wait_for_seaweed(seaweed, self.ports.s3, env)
        for proc in self.procs:
            if proc.name == "devmail":
                wait_for_port("127.0.0.1", self.ports.smtp, 30, proc)
        for proc, (port, _uno) in zip(unos, self.ports.unoservers, strict=True):
            wait_for_unoserver(proc, port)
        for service in WEB_SERVICES:
            self._add(
                Managed(
                    f"{service}-web",
                    [
                        str(BIN / "gunicorn"),
                        "--bind",
                        f"127.0.0.1:{getattr(self.ports, service)}",
                        "--workers",
                        str(self.web_workers),
                        "--timeout",
                        "120",
                        "--access-logfile",
                        "-",
                        f"services.{service}.app:create_app()",
                    ],
                    env=env,
                    log_dir=self.log_dir,
                    restart=True,
                )
            )
            self._add(
                Managed(
                    f"{service}-worker",
                    worker_argv(service),
                    env=env,
                    log_dir=self.log_dir,
                    restart=True,
                )
            )
        self._add(
            Managed(
                "cron",
                [str(BIN / "python"), "-m", "shared.cron"],
                env=env,
                log_dir=self.log_dir,
                restart=True,
            )
        )
        for proc in self.procs:
            if proc.name.endswith("-web"):
                service = proc.name.removesuffix("-web")
                wait_for_port("127.0.0.1", getattr(self.ports, service), 60, proc)

    def _cspr(
        self,
        env: Mapping[str, str],
        *args: str,
        extra: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "cspr"), *args],
            env={**os.environ, **env, **(extra or {})},
            cwd=REPO_ROOT,
            check=check,
            capture_output=True,
            text=True,
        )

    def ensure_staff(self, email: str, password: str, name: str, role: str) -> None:
        result = self._cspr(
            self.environment(),
            "users",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--role",
            role,
            extra={"CSPR_PASSWORD": password},
            check=False,
        )
        if result.returncode != 0 and "already" not in (result.stdout + result.stderr):
            raise RuntimeError(f"could not create {email}: {result.stderr or result.stdout}")

    def supervise_once(self) -> None:
        for proc in self.procs:
            if proc.ensure_running():
                print(f"  restarted {proc.name} (exited); log: {proc.log_path}", flush=True)

    def stop(self) -> None:
        stop_all(self.procs)
        self.procs.clear()


def dev_staff_password(var: Path) -> str:
    """A random development password, made once and kept in var/ (never a fixed default)."""
    path = var / "dev-staff.json"
    if path.exists():
        return str(json.loads(path.read_text())["password"])
    password = secrets.token_urlsafe(12)
    var.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"email": DEV_STAFF_EMAIL, "password": password}))
    path.chmod(0o600)
    return password


def main() -> None:
    settings = {
        k: v
        for k, v in os.environ.items()
        if k
        in {
            "DATABASE_URL",
            "REDIS_URL",
            "S3_ENDPOINT",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "S3_BUCKET",
            "S3_SECURE",
            "PARTNERSHIP_NAME",
            "REFERENCE_PREFIX",
            "CLOSURE_DAYS",
            "OPS_EMAIL",
            "CHAIR_EMAIL",
            "MAIL_FROM",
            "LOG_LEVEL",
            "CONVERSION_TIMEOUT",
            "UNOSERVER_STOP_AFTER",
        }
    }
    stack = Stack(ports=Ports.from_env(os.environ), settings=settings)
    stopping = False

    def _stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("Starting cspr (logs in var/log/) …", flush=True)
    try:
        stack.start()
        password = dev_staff_password(stack.var)
        stack.ensure_staff(DEV_STAFF_EMAIL, password, "Development ops user", "ops")
        xmlrpc_ports = [port for port, _uno in stack.ports.unoservers]
        unoservers = f"{len(xmlrpc_ports)} unoserver(s), 127.0.0.1:{xmlrpc_ports[0]}"
        if len(xmlrpc_ports) > 1:
            unoservers += f" to :{xmlrpc_ports[-1]}"
        print(
            f"""
cspr is running:
  Referral forms (intake)        {stack.url("intake")}
  Ops console (scheduler)        {stack.url("scheduler")}
      sign in as {DEV_STAFF_EMAIL} with password {password}
  Documents service              {stack.url("documents")}/healthz
  Notifier                       {stack.url("notifier")}/healthz
  Development outbox (SMTP {stack.ports.smtp})  http://127.0.0.1:{stack.ports.outbox}
  LibreOffice pool               {unoservers}
Press Ctrl-C to stop.""",
            flush=True,
        )
        while not stopping:
            stack.supervise_once()
            time.sleep(1)
    except (Exception, SystemExit) as exc:
        print(f"cspr could not start: {exc}", file=sys.stderr)
        stack.stop()
        raise SystemExit(1) from exc
    print("\nStopping cspr …", flush=True)
    stack.stop()
    print("Stopped.")


if __name__ == "__main__":
    main()
