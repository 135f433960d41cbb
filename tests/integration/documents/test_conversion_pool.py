"""The unoserver pool against real unoservers and Redis locks: fail-over when one dies or
hangs in the middle of a batch; the direct XML-RPC call against UnoClient's."""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import signal
import socket
import threading
import time
import xmlrpc.client
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xmlrpc.server import SimpleXMLRPCServer

import pytest
from pypdf import PdfReader
from redis import Redis
from unoserver.client import UnoClient

from devstack.procs import Managed, free_port, stop_all
from devstack.unoserver import pool_setting, start_pool
from services.documents.pool import (
    PDF_EXPORT_OPTIONS,
    ConvertClient,
    Endpoint,
    RedisLocks,
    UnoserverPool,
    parse_pool,
    unoserver_client,
)
from services.documents.referral import referral_context
from services.documents.template_source import built_in_templates
from services.documents.unoserver_rpc import TimeoutTransport, XmlRpcConvertClient
from tests.unit.documents.factories import PARTNERSHIP, make_answers, make_case


def referral_docx(child_name: str) -> bytes:
    case = make_case(answers=make_answers(child_name=child_name))
    answers = built_in_templates(PARTNERSHIP).resolve("answers")
    return answers.render(referral_context(case, PARTNERSHIP))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def recording_factory(
    used: list[Endpoint], barrier: threading.Barrier | None = None
) -> Callable[[Endpoint, float], ConvertClient]:
    def factory(endpoint: Endpoint, timeout: float) -> ConvertClient:
        used.append(endpoint)
        if barrier is not None:
            # both conversions must hold a server at the same moment: a pool that
            # serialised them would leave this barrier broken
            barrier.wait()
        return unoserver_client(endpoint, timeout)

    return factory


def test_two_worker_processes_convert_on_two_servers_at_once(
    unoserver_pool: str, redis_conn: Redis
) -> None:
    endpoints = parse_pool(unoserver_pool)
    barrier = threading.Barrier(2, timeout=60)
    used: list[Endpoint] = []
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def worker(child: str) -> None:
        # one pool object per "process", sharing only Redis, as two RQ workers would
        pool = UnoserverPool(
            endpoints,
            RedisLocks(redis_conn),
            timeout=60,
            client_factory=recording_factory(used, barrier),
        )
        try:
            results[child] = pool.to_pdf(referral_docx(child))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("Ava One", "Ben Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert errors == []
    assert sorted(used, key=str) == sorted(endpoints, key=str)
    for child, pdf in results.items():
        assert pdf.startswith(b"%PDF")
        assert child in pdf_text(pdf)
    assert not redis_conn.keys("cspr:documents:unoserver-lock:*")


def test_a_server_refusing_connections_is_skipped(unoserver_pool: str, redis_conn: Redis) -> None:
    dead = Endpoint("127.0.0.1", free_port())
    live = parse_pool(unoserver_pool)[0]
    used: list[Endpoint] = []
    pool = UnoserverPool(
        [dead, live], RedisLocks(redis_conn), timeout=60, client_factory=recording_factory(used)
    )
    pdf = pool.to_pdf(referral_docx("Cara Three"))
    assert "Cara Three" in pdf_text(pdf)
    assert used == [dead, live]


def test_readiness_names_a_server_that_does_not_answer(
    unoserver_pool: str, redis_conn: Redis
) -> None:
    live = parse_pool(unoserver_pool)
    UnoserverPool(live, RedisLocks(redis_conn)).check()
    dead = Endpoint("127.0.0.1", free_port())
    try:
        UnoserverPool([*live, dead], RedisLocks(redis_conn)).check()
    except Exception as exc:
        assert str(dead) in str(exc)
    else:
        raise AssertionError("a dead unoserver passed the readiness check")


def test_redis_locks_are_exclusive_expiring_and_released_only_by_their_holder(
    redis_conn: Redis,
) -> None:
    locks = RedisLocks(redis_conn)
    token = locks.acquire("127.0.0.1:2003", 5000)
    assert token is not None
    assert locks.acquire("127.0.0.1:2003", 5000) is None
    assert 0 < redis_conn.pttl("cspr:documents:unoserver-lock:127.0.0.1:2003") <= 5000
    locks.release("127.0.0.1:2003", "someone-elses-token")
    assert locks.acquire("127.0.0.1:2003", 5000) is None
    locks.release("127.0.0.1:2003", token)
    assert locks.acquire("127.0.0.1:2003", 5000) is not None


# -- the direct XML-RPC call ------------------------------------------------------------------


def test_the_direct_call_sends_what_unoclient_sends_without_its_info_call() -> None:
    """The same arguments (the pool's with no index update), and no info() first."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def info() -> dict[str, Any]:
        calls.append(("info", ()))
        return {"unoserver": "3.7", "api": "3", "import_filters": {}, "export_filters": {}}

    def convert(*args: Any) -> xmlrpc.client.Binary:
        calls.append(("convert", args))
        return xmlrpc.client.Binary(b"%PDF-1.7 " + args[1].data)

    server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False)
    server.register_function(info)
    server.register_function(convert)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    options = list(PDF_EXPORT_OPTIONS)
    try:
        UnoClient("127.0.0.1", str(port), host_location="remote").convert(
            indata=b"docx", convert_to="pdf", filter_options=options
        )
        theirs = list(calls)
        calls.clear()
        endpoint = Endpoint("127.0.0.1", port)
        same = XmlRpcConvertClient(endpoint, 5, update_index=True).convert(
            indata=b"docx", convert_to="pdf", filter_options=options
        )
        pools = unoserver_client(endpoint, 5).convert(
            indata=b"docx", convert_to="pdf", filter_options=options
        )
    finally:
        server.shutdown()
        server.server_close()
    assert [name for name, _args in theirs] == ["info", "convert"]
    sent = theirs[1][1]
    assert sent[1] == xmlrpc.client.Binary(b"docx") and sent[5] == options and sent[6] is True
    # inpath, indata, outpath, convert_to, filtername, filter_options, update_index, …
    assert calls == [("convert", sent), ("convert", (*sent[:6], False, *sent[7:]))]
    assert same == pools == b"%PDF-1.7 docx"


def test_a_server_that_never_answers_times_the_call_out() -> None:
    # a listening socket nobody serves: connecting and sending succeed, no answer comes
    with socket.create_server(("127.0.0.1", 0)) as listening:
        endpoint = Endpoint("127.0.0.1", listening.getsockname()[1])
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            unoserver_client(endpoint, 0.3).convert(
                indata=b"docx", convert_to="pdf", filter_options=[]
            )
    assert time.monotonic() - started < 5


# -- a server dying or hanging in the middle of a batch -----------------------------------------


class _ThenStrike(TimeoutTransport):
    """Sends the request, then does ``strike`` (to the server), then waits for the answer."""

    def __init__(self, timeout: float, strike: Callable[[], None]) -> None:
        super().__init__(timeout)
        self.strike = strike

    def send_content(self, connection: http.client.HTTPConnection, request_body: Any) -> None:
        super().send_content(connection, request_body)
        self.strike()


class _StrikingClient(XmlRpcConvertClient):
    def __init__(self, endpoint: Endpoint, timeout: float, strike: Callable[[], None]) -> None:
        super().__init__(endpoint, timeout)
        self.strike = strike

    def transport(self) -> xmlrpc.client.Transport:
        return _ThenStrike(self.timeout, self.strike)


@dataclass
class OwnPool:
    procs: list[Managed]
    endpoints: list[Endpoint]


@pytest.fixture
def own_pool(tmp_path: Path) -> Iterator[OwnPool]:
    """Two unoservers of this test's own, to kill (the session's pool stays whole)."""
    ports = [(free_port(), free_port()) for _ in range(2)]
    procs = start_pool(ports, tmp_path / "log")
    try:
        yield OwnPool(procs, parse_pool(pool_setting(ports)))
    finally:
        for proc in procs:  # a stopped one first goes on, to hear the SIGTERM
            if proc.alive and proc.popen is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.popen.pid, signal.SIGCONT)
        stop_all(procs, timeout=5)  # both at once
        for proc in procs:  # a LibreOffice outliving its unoserver (after SIGSTOP) too
            assert proc.popen is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.popen.pid, signal.SIGKILL)


@dataclass
class Batch:
    """Every conversion attempt of a batch, by document; strikes one server with ``signum``
    (its whole process group: unoserver and its LibreOffice) once its request is sent."""

    pool: OwnPool
    signum: signal.Signals
    names: dict[bytes, str]
    attempts: list[tuple[str, Endpoint, str]] = field(default_factory=list)
    requests: Counter[Endpoint] = field(default_factory=Counter)
    struck: Endpoint | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, endpoint: Endpoint, timeout: float) -> ConvertClient:
        with self.lock:
            self.requests[endpoint] += 1
            # The first server asked for a second document: its first has converted (a
            # server's lock serialises its requests), and by pigeonhole one server is asked
            # by the third conversion of eight, so the batch is under way.
            strike = self.struck is None and self.requests[endpoint] == 2
            if strike:
                self.struck = endpoint
        if not strike:
            return _Recorded(self, endpoint, XmlRpcConvertClient(endpoint, timeout))
        popen = self.pool.procs[self.pool.endpoints.index(endpoint)].popen
        assert popen is not None
        return _Recorded(
            self,
            endpoint,
            _StrikingClient(endpoint, timeout, lambda: os.killpg(popen.pid, self.signum)),
        )


@dataclass
class _Recorded:
    batch: Batch
    endpoint: Endpoint
    client: XmlRpcConvertClient

    def convert(self, *, indata: bytes, convert_to: str, filter_options: list[str]) -> bytes | None:
        name = self.batch.names[indata]
        try:
            pdf = self.client.convert(
                indata=indata, convert_to=convert_to, filter_options=filter_options
            )
        except BaseException as exc:
            self.batch.attempts.append((name, self.endpoint, type(exc).__name__))
            raise
        self.batch.attempts.append((name, self.endpoint, "pdf"))
        return pdf


@pytest.mark.parametrize(
    ("signum", "failures"),
    [
        (signal.SIGKILL, {"RemoteDisconnected", "ConnectionResetError"}),
        (signal.SIGSTOP, {"TimeoutError"}),
    ],
    ids=["server-dies", "server-hangs"],
)
def test_a_server_failing_mid_batch_leaves_every_document_converted_once(
    own_pool: OwnPool, redis_conn: Redis, signum: signal.Signals, failures: set[str]
) -> None:
    names = [f"Child{letter} Batch" for letter in "ABCDEFGH"]
    documents = {name: referral_docx(name) for name in names}
    batch = Batch(own_pool, signum, {docx: name for name, docx in documents.items()})
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def worker(mine: list[str]) -> None:
        # one pool object per "worker process", sharing only the Redis locks
        pool = UnoserverPool(
            own_pool.endpoints,
            RedisLocks(redis_conn),
            timeout=60,
            attempt_seconds=6,
            client_factory=batch.client,
        )
        for name in mine:
            try:
                results[name] = pool.to_pdf(documents[name])
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(names[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)

    assert errors == []
    assert batch.struck is not None
    struck = [(name, outcome) for name, e, outcome in batch.attempts if e == batch.struck]
    assert struck[0][1] == "pdf", batch.attempts
    assert struck[1][1] in failures, batch.attempts
    # every document converted exactly once, to a PDF of its own
    converted = Counter(name for name, _e, outcome in batch.attempts if outcome == "pdf")
    assert converted == Counter(names), batch.attempts
    assert sorted(results) == sorted(names)
    for name, pdf in results.items():
        text = pdf_text(pdf)
        assert name in text
        assert not [other for other in names if other != name and other in text]
    # the struck server's document went to the other one
    (other,) = (e for e in own_pool.endpoints if e != batch.struck)
    assert (struck[1][0], other, "pdf") in batch.attempts
    if signum == signal.SIGKILL:
        assert not own_pool.procs[own_pool.endpoints.index(batch.struck)].alive
        assert not redis_conn.keys("cspr:documents:unoserver-lock:*")
