"""``Converter`` over a pool of unoservers, shared by every worker process of the host(s).

One unoserver converts one document at a time (a plain SimpleXMLRPCServer in front of one
LibreOffice), so a second request to a busy server waits behind the first. Each endpoint
therefore has a lock in Redis (``SET NX PX``, expiring, released only by its holder): a
conversion takes the first free endpoint, so two worker processes convert on two servers in
parallel.

One server gets a third of CONVERSION_TIMEOUT for one document. A server that refuses, drops
the connection (died, or recycled by ``--stop-after``) or does not answer within that time
(hung) is marked down and the document goes to another, until CONVERSION_TIMEOUT has passed
(ConversionTimeout). A server marked down gets documents again once it answers ``info()``.
LibreOffice failing on the document itself (an XML-RPC Fault from a server that still answers)
is not retried: another server would fail the same way.

The call is unoserver's XML-RPC ``convert`` itself, without what was ours in a conversion's
time (``bench/conversion_profile.py``): the ``info()`` call (every filter LibreOffice has, by
name) that ``UnoClient.convert`` makes before each one, and the index update
(``unoserver_rpc.UPDATE_INDEXES``).
"""

from __future__ import annotations

import http.client
import logging
import secrets
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from services.documents.ports import ConversionError, ConversionTimeout
from services.documents.unoserver_rpc import Endpoint, XmlRpcConvertClient, unoserver_info

log = logging.getLogger(__name__)

LOCK_PREFIX = "cspr:documents:unoserver-lock:"
#: how long to wait before looking again when every endpoint is busy or down
POLL_SECONDS = 0.05
#: an endpoint that failed is not tried again for this long, then only once it answers
DOWN_SECONDS = 2.0
#: how long a server marked down has to answer ``info()`` to be given documents again
PROBE_SECONDS = 3.0
#: one server gets 1/ATTEMPTS of the time a conversion may take in all
ATTEMPTS = 3
#: a lock outlives the attempt it guards by this much
LOCK_MARGIN_SECONDS = 10.0
#: LibreOffice's PDF export: PDF/A-2b (ISO 19005-2, conformance B: fonts embedded, sRGB
#: output intent, XMP metadata with pdfaid:part 2) and tagged for accessibility (structure
#: tree, reading order, headings), every document an archival record
PDF_EXPORT_OPTIONS = ("SelectPdfVersion=2", "UseTaggedPDF=true")


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


def attempt_timeout(conversion_timeout: float) -> float:
    """The seconds one server gets for one document (unoserver's --conversion-timeout)."""
    return conversion_timeout / ATTEMPTS


class EndpointLocks(Protocol):
    def acquire(self, name: str, ttl_ms: int) -> str | None:
        """A token when the lock was free (now held for ``ttl_ms``), else None."""
        ...

    def release(self, name: str, token: str) -> None: ...


class ConvertClient(Protocol):
    def convert(
        self, *, indata: bytes, convert_to: str, filter_options: list[str]
    ) -> bytes | None: ...


#: a client for one attempt on an endpoint, within a timeout in seconds
ClientFactory = Callable[[Endpoint, float], ConvertClient]
#: True when the endpoint answers ``info()`` within the timeout
Probe = Callable[[Endpoint, float], bool]

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


def unoserver_client(
    endpoint: Endpoint, timeout: float = attempt_timeout(120)
) -> XmlRpcConvertClient:
    return XmlRpcConvertClient(endpoint, timeout)


def answers_info(endpoint: Endpoint, timeout: float) -> bool:
    """The pool's probe of a server it marked down."""
    try:
        unoserver_info(endpoint.host, endpoint.port, timeout)
    except Exception:
        return False
    return True


class _EndpointDown(Exception):
    """The server, not the document, failed; ``busy``: it may still be converting."""

    def __init__(self, reason: str, *, busy: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.busy = busy


class UnoserverPool:
    def __init__(
        self,
        endpoints: Sequence[Endpoint],
        locks: EndpointLocks,
        timeout: float = 120.0,
        client_factory: ClientFactory = unoserver_client,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        probe: Probe = answers_info,
        attempt_seconds: float | None = None,
    ) -> None:
        if not endpoints:
            raise ValueError("a unoserver pool needs at least one endpoint")
        self.endpoints = list(endpoints)
        self.locks = locks
        self.timeout = timeout
        self.attempt_seconds = attempt_seconds or attempt_timeout(timeout)
        self.client_factory = client_factory
        self.clock = clock
        self.sleep = sleep
        self.probe = probe
        self._down_until: dict[Endpoint, float] = {}

    def _candidates(self) -> list[Endpoint]:
        """Those up, then those marked down whose time out is over (to be probed)."""
        now, down = self.clock(), self._down_until
        up = [e for e in self.endpoints if e not in down]
        return up + [e for e in self.endpoints if e in down and down[e] <= now]

    def to_pdf(self, docx: bytes) -> bytes:
        deadline = self.clock() + self.timeout
        ttl_ms = int((self.attempt_seconds + LOCK_MARGIN_SECONDS) * 1000)
        failures: list[str] = []
        while True:
            for endpoint in self._candidates():
                remaining = deadline - self.clock()
                if remaining <= 0:
                    break
                token = self.locks.acquire(str(endpoint), ttl_ms)
                if token is None:
                    continue
                keep_lock = False
                try:
                    if self._answers_again(endpoint, remaining, failures):
                        return self._attempt(endpoint, docx, min(self.attempt_seconds, remaining))
                except _EndpointDown as down:
                    # a hung server may still be converting: its lock stays until it
                    # expires, so no other process queues behind it meanwhile
                    keep_lock = down.busy
                    self._down_until[endpoint] = self.clock() + DOWN_SECONDS
                    failures.append(f"{endpoint} {down.reason}")
                    log.warning(
                        "unoserver %s %s; the document goes to another", endpoint, down.reason
                    )
                finally:
                    if not keep_lock:
                        self.locks.release(str(endpoint), token)
            if self.clock() >= deadline:
                detail = f" ({'; '.join(dict.fromkeys(failures))})" if failures else ""
                raise ConversionTimeout(
                    f"no unoserver converted the document within {self.timeout:g}s{detail}"
                )
            self.sleep(POLL_SECONDS)

    def _answers_again(self, endpoint: Endpoint, remaining: float, failures: list[str]) -> bool:
        if endpoint not in self._down_until:
            return True
        if self.probe(endpoint, min(PROBE_SECONDS, remaining)):
            self._down_until.pop(endpoint, None)
            log.info("unoserver %s answers again", endpoint)
            return True
        self._down_until[endpoint] = self.clock() + DOWN_SECONDS
        failures.append(f"{endpoint} still down")
        return False

    def _attempt(self, endpoint: Endpoint, docx: bytes, timeout: float) -> bytes:
        """One conversion on ``endpoint``; _EndpointDown when the server failed."""
        started = self.clock()
        client = self.client_factory(endpoint, timeout)
        try:
            pdf = client.convert(
                indata=docx, convert_to="pdf", filter_options=list(PDF_EXPORT_OPTIONS)
            )
        except xmlrpc.client.Fault as fault:
            # LibreOffice dying mid-conversion is a Fault too (some UNO RuntimeException),
            # and the server then exits: only a server still answering info() blames the
            # document
            if not self.probe(endpoint, PROBE_SECONDS):
                raise _EndpointDown("lost LibreOffice mid-conversion") from fault
            raise ConversionError(
                f"LibreOffice on unoserver {endpoint} could not convert the document "
                f"(Fault {fault.faultCode}: {fault.faultString})"
            ) from fault
        except TimeoutError as exc:
            raise _EndpointDown(f"did not answer within {timeout:g}s", busy=True) from exc
        except ConnectionRefusedError as exc:
            raise _EndpointDown("refused the connection") from exc
        except (OSError, http.client.HTTPException, xmlrpc.client.Error) as exc:
            raise _EndpointDown(f"dropped the connection ({type(exc).__name__})") from exc
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
