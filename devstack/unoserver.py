"""The LibreOffice conversion pool: unoservers under Debian's Python, started and watched.

``python3-uno`` binds to Debian's ``/usr/bin/python3``, not to the project's Python, so
unoserver runs from its own virtualenv (``.venv-uno``, made with ``--system-site-packages``
to see ``uno``); the client side (``unoserver.client``) is plain XML-RPC and works from the
project's ``.venv``. One unoserver converts one document at a time: ``make run`` and the
tests start a pool of them on their own ports.

Readiness: unoserver binds its XML-RPC port before LibreOffice has accepted the UNO
connection, and only serves requests once the converter is connected, so an open port means
nothing. A server is ready when an ``info()`` call returns within a short socket timeout.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from devstack.procs import REPO_ROOT, Managed, wait_until

UNO_VENV = REPO_ROOT / ".venv-uno"
SYSTEM_PYTHON = Path("/usr/bin/python3")
UNOSERVER_REQUIREMENT = "unoserver>=3.1,<4"
#: a conversion taking longer makes unoserver kill LibreOffice and exit (we restart it): the
#: time the pool gives one server, a third of CONVERSION_TIMEOUT's default (120 s)
CONVERSION_TIMEOUT = 40
#: recycle LibreOffice after this many conversions (UNOSERVER_STOP_AFTER's default)
STOP_AFTER = 200


def _installed(venv: Path) -> bool:
    site = list(venv.glob("lib/python3*/site-packages/unoserver-3.*.dist-info"))
    return (venv / "bin" / "python").is_file() and bool(site)


def ensure_uno_venv(venv: Path = UNO_VENV) -> Path:
    """Make ``.venv-uno`` (Debian's Python + python3-uno + unoserver) unless it is there.

    Returns the virtualenv's directory. Quick (no process started) when already done.
    """
    if _installed(venv):
        return venv
    if not SYSTEM_PYTHON.is_file():
        raise RuntimeError(f"{SYSTEM_PYTHON} not found: install python3 and python3-uno")
    check = subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True)
    if check.returncode != 0:
        raise RuntimeError(
            "python3-uno is not installed (apt-get install python3-uno libreoffice-writer-nogui)"
        )
    if not (venv / "bin" / "python").is_file():
        subprocess.run(
            [str(SYSTEM_PYTHON), "-m", "venv", "--system-site-packages", str(venv)], check=True
        )
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            UNOSERVER_REQUIREMENT,
        ],
        cwd=venv,
        check=True,
    )  # not the repo: pip would see cspr.egg-info there
    if not _installed(venv):
        raise RuntimeError(f"unoserver did not install into {venv}")
    return venv


def unoserver_argv(
    port: int,
    uno_port: int,
    python: Path | None = None,
    conversion_timeout: int = CONVERSION_TIMEOUT,
    stop_after: int = STOP_AFTER,
) -> list[str]:
    python = python or UNO_VENV / "bin" / "python"
    return [
        str(python),
        "-m",
        "unoserver.server",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--uno-interface",
        "127.0.0.1",
        "--uno-port",
        str(uno_port),
        "--conversion-timeout",
        str(conversion_timeout),
        "--stop-after",
        str(stop_after),
    ]


def unoserver_process(
    name: str,
    port: int,
    uno_port: int,
    log_dir: Path,
    *,
    conversion_timeout: int = CONVERSION_TIMEOUT,
    stop_after: int = STOP_AFTER,
) -> Managed:
    """One unoserver (XML-RPC on ``port``, LibreOffice's UNO socket on ``uno_port``).

    ``restart=True``: the supervisor brings it back after ``--stop-after`` recycles it, a
    conversion timeout kills it, or LibreOffice crashes. Each run gets a fresh temporary
    LibreOffice profile (unoserver's default), so two servers never share one.
    """
    venv = ensure_uno_venv()
    argv = unoserver_argv(port, uno_port, venv / "bin" / "python", conversion_timeout, stop_after)
    return Managed(name, argv, log_dir=log_dir, restart=True)


def unoserver_ready(host: str, port: int, timeout: float = 5.0) -> bool:
    """True when the server answers ``info()`` (the service's own readiness probe)."""
    from services.documents.unoserver_rpc import unoserver_info

    try:
        unoserver_info(host, port, timeout)
        return True
    except Exception:
        return False


def wait_for_unoserver(
    proc: Managed | None, port: int, timeout: float = 120, host: str = "127.0.0.1"
) -> None:
    """Block until the unoserver on ``port`` answers ``info()`` (LibreOffice connected)."""
    wait_until(
        lambda left: unoserver_ready(host, port, timeout=min(5.0, max(left, 0.1))),
        timeout=timeout,
        what=f"unoserver on {host}:{port} not ready",
        proc=proc,
        interval=0.25,
    )


def start_pool(
    ports: Sequence[tuple[int, int]],
    log_dir: Path,
    timeout: float = 120,
    stop_after: int = STOP_AFTER,
) -> list[Managed]:
    """Start one unoserver per (XML-RPC port, UNO port) and wait until each converts.

    They start in parallel (LibreOffice's start-up dominates); if one fails to come up,
    all are stopped and the error is raised.
    """
    procs: list[Managed] = []
    try:
        for index, (port, uno_port) in enumerate(ports):
            procs.append(
                unoserver_process(
                    f"unoserver-{index + 1}-{port}", port, uno_port, log_dir, stop_after=stop_after
                ).start()
            )
        for proc, (port, _uno) in zip(procs, ports, strict=True):
            wait_for_unoserver(proc, port, timeout)
    except BaseException:
        stop_pool(procs)
        raise
    return procs


def stop_pool(procs: Sequence[Managed], timeout: float = 5.0) -> None:
    """Stop the servers (SIGTERM to each process group, SIGKILL after ``timeout``: a
    LibreOffice that has converted documents sometimes ignores the polite request)."""
    for proc in reversed(procs):
        proc.restart = False
        proc.stop(timeout=timeout)


def pool_setting(ports: Sequence[tuple[int, int]], host: str = "127.0.0.1") -> str:
    """The UNOSERVER_POOL value for a pool started on ``ports``."""
    return ",".join(f"{host}:{port}" for port, _uno in ports)
