"""The unoserver pool's choice of server, fail-over and time limits, against fake clients."""

from __future__ import annotations

import http.client
import logging
import xmlrpc.client
from dataclasses import dataclass, field

import pytest

from services.documents.pool import DOWN_SECONDS, Endpoint, UnoserverPool, parse_pool
from services.documents.ports import ConversionError, ConversionTimeout
from tests.unit.documents.fakes import InMemoryLocks

A = Endpoint("127.0.0.1", 2003)
B = Endpoint("127.0.0.1", 2005)
PDF = b"%PDF-1.7 fake"
REFUSED = ConnectionRefusedError(111, "Connection refused")


@dataclass
class FakeClock:
    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Hang:
    """A server that never answers: the socket times out after the attempt's timeout."""


class FakeClients:
    """Client factory and probe: what each endpoint does when asked to convert, and
    whether it answers ``info()``."""

    def __init__(
        self,
        behaviour: dict[Endpoint, object],
        clock: FakeClock | None = None,
        answering: dict[Endpoint, bool] | None = None,
    ) -> None:
        self.behaviour = behaviour
        self.clock = clock or FakeClock()
        self.answering = answering or {}
        self.used: list[Endpoint] = []
        self.timeouts: list[float] = []
        self.probed: list[Endpoint] = []

    def __call__(self, endpoint: Endpoint, timeout: float) -> FakeClients._Client:
        self.timeouts.append(timeout)
        return FakeClients._Client(self, endpoint, timeout)

    def probe(self, endpoint: Endpoint, timeout: float) -> bool:
        self.probed.append(endpoint)
        return self.answering.get(endpoint, True)

    @dataclass
    class _Client:
        owner: FakeClients
        endpoint: Endpoint
        timeout: float

        def convert(
            self, *, indata: bytes, convert_to: str, filter_options: list[str]
        ) -> bytes | None:
            # every document an archival, tagged PDF
            assert convert_to == "pdf"
            assert filter_options == ["SelectPdfVersion=2", "UseTaggedPDF=true"]
            self.owner.used.append(self.endpoint)
            outcome = self.owner.behaviour.get(self.endpoint, PDF)
            if isinstance(outcome, BaseException):
                raise outcome
            if isinstance(outcome, Hang):
                self.owner.clock.now += self.timeout
                raise TimeoutError("timed out")
            assert isinstance(outcome, bytes)
            return outcome


def make_pool(
    clients: FakeClients, locks: InMemoryLocks | None = None, timeout: float = 30
) -> UnoserverPool:
    return UnoserverPool(
        [A, B],
        locks or InMemoryLocks(),
        timeout=timeout,
        client_factory=clients,
        clock=clients.clock,
        sleep=clients.clock.sleep,
        probe=clients.probe,
    )


def test_parse_pool() -> None:
    assert parse_pool("127.0.0.1:2003, unoserver-2:2005,") == [A, Endpoint("unoserver-2", 2005)]
    for bad in ("", "host", "host:port", ":2003"):
        with pytest.raises(ValueError):
            parse_pool(bad)


def test_the_first_free_server_converts_and_its_lock_is_released() -> None:
    clients = FakeClients({})
    locks = InMemoryLocks()
    assert make_pool(clients, locks).to_pdf(b"docx") == PDF
    assert clients.used == [A]
    assert locks.held == {}
    assert clients.probed == []  # no info() round trip before a conversion


def test_one_attempt_gets_a_third_of_the_conversion_timeout() -> None:
    clients = FakeClients({})
    make_pool(clients, timeout=120).to_pdf(b"docx")
    assert clients.timeouts == [40]


def test_a_busy_server_is_passed_over_for_a_free_one() -> None:
    clients = FakeClients({})
    locks = InMemoryLocks()
    locks.acquire(str(A), 60_000)  # another worker process is converting on A
    assert make_pool(clients, locks).to_pdf(b"docx") == PDF
    assert clients.used == [B]
    assert set(locks.held) == {str(A)}


def test_a_server_refusing_connections_fails_over_and_comes_back_once_it_answers() -> None:
    clients = FakeClients({A: REFUSED})
    pool = make_pool(clients)
    assert pool.to_pdf(b"docx") == PDF
    assert clients.used == [A, B]
    # while it is marked down the next conversion goes to B, without asking A
    assert pool.to_pdf(b"docx") == PDF
    assert clients.used == [A, B, B]
    assert clients.probed == []
    # later A is asked whether it answers again, and converts when it does
    clients.clock.now += DOWN_SECONDS
    del clients.behaviour[A]
    locks = pool.locks
    assert isinstance(locks, InMemoryLocks)
    locks.acquire(str(B), 60_000)
    assert pool.to_pdf(b"docx") == PDF
    assert clients.probed == [A]
    assert clients.used[-1] == A


@pytest.mark.parametrize(
    "dropped",
    [
        http.client.RemoteDisconnected("Remote end closed connection without response"),
        ConnectionResetError(104, "Connection reset by peer"),
        http.client.IncompleteRead(b"<?xml"),
        xmlrpc.client.ProtocolError("127.0.0.1:2003/RPC2", 502, "Bad Gateway", {}),
    ],
    ids=type,
)
def test_a_dropped_connection_is_retried_on_another_server(
    dropped: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    clients = FakeClients({A: dropped})
    locks = InMemoryLocks()
    with caplog.at_level(logging.WARNING, logger="services.documents.pool"):
        assert make_pool(clients, locks).to_pdf(b"docx") == PDF
    assert clients.used == [A, B]
    assert locks.held == {}  # the server is gone: nothing to wait for
    assert "unoserver 127.0.0.1:2003 dropped the connection" in caplog.text


def test_a_server_that_does_not_answer_in_time_is_left_locked_and_retried_elsewhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clients = FakeClients({A: Hang()})
    locks = InMemoryLocks()
    with caplog.at_level(logging.WARNING, logger="services.documents.pool"):
        assert make_pool(clients, locks, timeout=30).to_pdf(b"docx") == PDF
    assert clients.used == [A, B]
    assert clients.timeouts == [10, 10]
    # still converting there, perhaps: its lock is left to expire, not released
    assert set(locks.held) == {str(A)}
    assert "unoserver 127.0.0.1:2003 did not answer within 10s" in caplog.text


def test_when_every_server_hangs_it_gives_up_at_the_deadline() -> None:
    clients = FakeClients({A: Hang(), B: Hang()}, answering={A: False, B: False})
    with pytest.raises(
        ConversionTimeout,
        match=r"within 30s \(127\.0\.0\.1:2003 did not answer within 10s; "
        r"127\.0\.0\.1:2005 did not answer within 10s",
    ):
        make_pool(clients, timeout=30).to_pdf(b"docx")
    assert clients.used == [A, B]
    assert clients.clock.now == pytest.approx(1030, abs=0.1)


def test_when_every_server_refuses_it_gives_up_after_the_timeout() -> None:
    clients = FakeClients({A: REFUSED, B: REFUSED}, answering={A: False, B: False})
    locks = InMemoryLocks()
    with pytest.raises(
        ConversionTimeout,
        match=r"within 30s \(127\.0\.0\.1:2003 refused the connection; "
        r"127\.0\.0\.1:2005 refused the connection",
    ):
        make_pool(clients, locks, timeout=30).to_pdf(b"docx")
    assert clients.clock.now >= 1030
    assert locks.held == {}
    # tried once each, then only asked (now and then) whether they answer again
    assert clients.used == [A, B]
    assert set(clients.probed) == {A, B}
    assert len(clients.probed) <= 2 * 30 / DOWN_SECONDS


def test_when_every_server_stays_busy_it_gives_up_after_the_timeout() -> None:
    locks = InMemoryLocks()
    locks.acquire(str(A), 60_000)
    locks.acquire(str(B), 60_000)
    clients = FakeClients({})
    with pytest.raises(ConversionTimeout):
        make_pool(clients, locks, timeout=5).to_pdf(b"docx")
    assert clients.used == []


def test_a_document_libreoffice_cannot_convert_is_not_retried_elsewhere() -> None:
    fault = xmlrpc.client.Fault(1, "<class 'RuntimeError'>:Could not load document")
    clients = FakeClients({A: fault})
    locks = InMemoryLocks()
    with pytest.raises(
        ConversionError,
        match=r"LibreOffice on unoserver 127\.0\.0\.1:2003 could not convert the document "
        r"\(Fault 1: <class 'RuntimeError'>:Could not load document\)",
    ) as failure:
        make_pool(clients, locks).to_pdf(b"docx")
    assert not isinstance(failure.value, ConversionTimeout)
    assert clients.used == [A]
    assert clients.probed == [A]  # the server still answers: the document is at fault
    assert locks.held == {}


def test_a_fault_from_a_server_whose_libreoffice_died_is_retried_elsewhere() -> None:
    fault = xmlrpc.client.Fault(1, "<class 'uno.com.sun.star.uno.RuntimeException'>:…")
    clients = FakeClients({A: fault}, answering={A: False})
    assert make_pool(clients).to_pdf(b"docx") == PDF
    assert clients.used == [A, B]


def test_an_answer_that_is_not_a_pdf_is_an_error() -> None:
    with pytest.raises(ConversionError, match="no PDF"):
        make_pool(FakeClients({A: b"<html>"})).to_pdf(b"docx")
