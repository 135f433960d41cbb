"""Start, watch and stop the local processes of the development stack and the tests.

Used by ``make run`` (devstack.run) and by the integration/e2e fixtures, so the tests start
LibreOffice, SeaweedFS, SMTP and the services exactly the way a developer's machine does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VAR = REPO_ROOT / "var"


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    ready: Callable[[float], bool],
    *,
    timeout: float,
    what: str,
    proc: Managed | None = None,
    interval: float = 0.1,
) -> None:
    """Poll ``ready(seconds_left)`` until it is true; fail early if ``proc`` has exited."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if ready(left):
            return
        if proc is not None and proc.popen is not None and not proc.alive:
            raise RuntimeError(f"{proc.name} exited ({proc.returncode}); see {proc.log_path}")
        time.sleep(interval)
    raise TimeoutError(f"{what} after {timeout:.0f}s")


def wait_for_port(host: str, port: int, timeout: float, proc: Managed | None = None) -> None:
    wait_until(
        lambda _left: port_open(host, port),
        timeout=timeout,
        what=f"nothing answered on {host}:{port}",
        proc=proc,
    )


@dataclass
class Managed:
    """One child process in its own process group, its output in a log file."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path = REPO_ROOT
    log_dir: Path = VAR / "log"
    #: restart when it exits unexpectedly (unoserver after --stop-after, a crash)
    restart: bool = False
    popen: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self.popen is None else self.popen.poll()

    def start(self) -> Managed:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed below
        try:
            self.popen = subprocess.Popen(
                list(self.argv),
                cwd=self.cwd,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        return self

    def ensure_running(self) -> bool:
        """Restart if it died and may restart; True when a restart happened."""
        if self.restart and self.popen is not None and not self.alive:
            self.restarts += 1
            self.start()
            return True
        return False

    def stop(self, timeout: float = 10.0) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)


def stop_all(procs: Sequence[Managed], timeout: float = 10.0) -> None:
    """Ask every process to stop at once, then wait (a slow LibreOffice delays no other)."""
    for proc in procs:
        proc.restart = False
        if proc.popen is not None and proc.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in reversed(procs):
        proc.stop(timeout=max(deadline - time.monotonic(), 0.1))
