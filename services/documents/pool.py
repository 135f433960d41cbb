"""``Converter`` over a pool of unoservers, shared by every worker process of the host(s).

One unoserver converts one document at a time (a plain SimpleXMLRPCServer in front of one
LibreOffice), so a second request to a busy server waits behind the first. Each endpoint
therefore has a lock in Redis (``SET NX PX``, expiring, released only by its holder): a
conversion takes the first free endpoint, so two worker processes convert on two servers in
parallel. An endpoint that refuses connections (restarting after ``--stop-after``, dead) is
skipped for the next one. Nothing finishes within CONVERSION_TIMEOUT: ConversionTimeout.
"""

from __future__ import annotations

import http.client
import logging
import secrets
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from unoserver.client import UnoClient

from services.documents.ports import ConversionError, ConversionTimeout

log = logging.getLogger(__name__)

LOCK_PREFIX = "cspr:documents:unoserver-lock:"
#: how long to wait before looking again when every endpoint is busy or down
POLL_SECONDS = 0.05
#: an endpoint that refused is not tried again for this long (others are tried first)
DOWN_SECONDS = 2.0
#: LibreOffice's PDF export: PDF/A-2b (ISO 19005-2, conformance B: fonts embedded, sRGB
#: output intent, XMP metadata with pdfaid:part 2) and tagged for accessibility (structure
#: tree, reading order, headings), every document an archival record
PDF_EXPORT_OPTIONS = ("SelectPdfVersion=2", "UseTaggedPDF=true")


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_pool(value: str) -> list[Endpoint]:
    """``"host:port,host:port"`` (the UNOSERVER_POOL setting) as endpoints."""
    endpoints = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        host, sep, port = part.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(f"UNOSERVER_POOL entry {part!r} is not host:port")
        endpoints.append(Endpoint(host, int(port)))
    if not endpoints:
        raise ValueError("UNOSERVER_POOL names no unoserver")
    return endpoints


class EndpointLocks(Protocol):
    def acquire(self, name: str, ttl_ms: int) -> str | None:
        """A token when the lock was free (now held for ``ttl_ms``), else None."""
        ...

    def release(self, name: str, token: str) -> None: ...


class ConvertClient(Protocol):
    def convert(
        self, *, indata: bytes, convert_to: str, filter_options: list[str]
    ) -> bytes | None: ...


ClientFactory = Callable[[Endpoint], ConvertClient]

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisLocks:
    """Locks every process sees. The expiry frees a lock its holder died with."""

    def __init__(self, redis: Any, prefix: str = LOCK_PREFIX) -> None:
        self.redis = redis
        self.prefix = prefix

    def acquire(self, name: str, ttl_ms: int) -> str | None:
        token = secrets.token_hex(16)
        if self.redis.set(self.prefix + name, token, nx=True, px=ttl_ms):
            return token
        return None

    def release(self, name: str, token: str) -> None:
        # compare-and-delete: never free a lock that expired and was taken by someone else
        self.redis.eval(_RELEASE, 1, self.prefix + name, token)


class _FailFastClient(UnoClient):
    # UnoClient retries a refused connection 5 times, 10 s apart; the pool has other
    # servers to try, so one attempt is enough.
    def _connect(self, proxy: Any, retries: int = 1, sleep: float = 0) -> Any:
        return super()._connect(proxy, retries=1, sleep=0)


def unoserver_client(endpoint: Endpoint) -> ConvertClient:
    """``UnoClient(host, port, host_location="remote")``: the document travels as bytes."""
    return _FailFastClient(endpoint.host, str(endpoint.port), host_location="remote")


def _endpoint_unavailable(exc: BaseException) -> bool:
    """Refused, reset, dropped: the server, not the document, is the problem. (A Fault is
    LibreOffice failing on this document; another server would fail the same way.)"""
    return isinstance(exc, OSError | http.client.HTTPException | xmlrpc.client.ProtocolError)


class UnoserverPool:
    def __init__(
        self,
        endpoints: Sequence[Endpoint],
        locks: EndpointLocks,
        timeout: float = 120.0,
        client_factory: ClientFactory = unoserver_client,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not endpoints:
            raise ValueError("a unoserver pool needs at least one endpoint")
        self.endpoints = list(endpoints)
        self.locks = locks
        self.timeout = timeout
        self.client_factory = client_factory
        self.clock = clock
        self.sleep = sleep
        self._down_until: dict[Endpoint, float] = {}

    def _candidates(self) -> list[Endpoint]:
        now = self.clock()
        up = [e for e in self.endpoints if self._down_until.get(e, 0) <= now]
        return up + [e for e in self.endpoints if e not in up]

    def to_pdf(self, docx: bytes) -> bytes:
        deadline = self.clock() + self.timeout
        # the lock outlives the longest conversion we wait for, plus a margin
        ttl_ms = int((self.timeout + 10) * 1000)
        refused: list[str] = []
        while True:
            for endpoint in self._candidates():
                token = self.locks.acquire(str(endpoint), ttl_ms)
                if token is None:
                    continue
                release = True
                try:
                    remaining = deadline - self.clock()
                    if remaining <= 0:
                        break
                    return self._convert(endpoint, docx, remaining)
                except ConversionTimeout:
                    # The server is still busy with the abandoned conversion: its lock
                    # stays until it expires, so nobody queues behind it meanwhile.
                    release = False
                    raise
                except ConversionError as exc:
                    if not _endpoint_unavailable(exc.__cause__ or exc):
                        raise
                    refused.append(str(endpoint))
                    self._down_until[endpoint] = self.clock() + DOWN_SECONDS
                    log.warning(
                        "unoserver %s refused the connection; trying the next one", endpoint
                    )
                finally:
                    if release:
                        self.locks.release(str(endpoint), token)
            if self.clock() >= deadline:
                detail = f" (refused: {', '.join(sorted(set(refused)))})" if refused else ""
                raise ConversionTimeout(
                    f"no unoserver converted the document within {self.timeout:g}s{detail}"
                )
            self.sleep(POLL_SECONDS)

    def _convert(self, endpoint: Endpoint, docx: bytes, timeout: float) -> bytes:
        """One conversion, abandoned after ``timeout`` (XML-RPC has no timeout of its own;
        unoserver's --conversion-timeout kills a stuck LibreOffice, ending the call)."""
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                client = self.client_factory(endpoint)
                outcome["pdf"] = client.convert(
                    indata=docx, convert_to="pdf", filter_options=list(PDF_EXPORT_OPTIONS)
                )
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc

        thread = threading.Thread(target=run, name=f"unoserver-{endpoint}", daemon=True)
        started = self.clock()
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise ConversionTimeout(f"unoserver {endpoint} did not finish within {timeout:.0f}s")
        if "error" in outcome:
            error = outcome["error"]
            raise ConversionError(f"unoserver {endpoint} failed: {type(error).__name__}") from error
        pdf = outcome.get("pdf")
        if not isinstance(pdf, bytes | bytearray) or not bytes(pdf).startswith(b"%PDF"):
            raise ConversionError(f"unoserver {endpoint} returned no PDF")
        log.info("converted on %s in %.2fs", endpoint, self.clock() - started)
        return bytes(pdf)

    def check(self) -> None:
        """Readiness: every endpoint answers ``info()`` (LibreOffice connected)."""
        failing = []
        for endpoint in self.endpoints:
            try:
                unoserver_info(endpoint.host, endpoint.port, timeout=3.0)
            except Exception:
                failing.append(str(endpoint))
        if failing:
            raise ConversionError(f"unoserver(s) not answering: {', '.join(failing)}")


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def unoserver_info(host: str, port: int, timeout: float = 5.0) -> dict[str, Any]:
    """A server's ``info()`` answer, within ``timeout``. unoserver binds its port before
    LibreOffice is connected and serves nothing until it is, so only an answer here (not an
    open port) means the server can convert."""
    transport = _TimeoutTransport(timeout)
    with xmlrpc.client.ServerProxy(
        f"http://{host}:{port}", transport=transport, allow_none=True
    ) as proxy:
        info = proxy.info()
    if not isinstance(info, dict) or "unoserver" not in info:
        raise ConversionError(f"unexpected info() answer from {host}:{port}")
    return info
