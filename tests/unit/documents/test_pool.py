"""The unoserver pool's choice of server, fail-over and time limit, against fake clients."""

from __future__ import annotations

import threading
import xmlrpc.client
from dataclasses import dataclass, field

import pytest

from services.documents.fakes import InMemoryLocks
from services.documents.pool import Endpoint, UnoserverPool, parse_pool
from services.documents.ports import ConversionError, ConversionTimeout

A = Endpoint("127.0.0.1", 2003)
B = Endpoint("127.0.0.1", 2005)
PDF = b"%PDF-1.7 fake"


@dataclass
class FakeClock:
    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class FakeClients:
    """Client factory: what each endpoint does when asked to convert."""

    def __init__(self, behaviour: dict[Endpoint, object]) -> None:
        self.behaviour = behaviour
        self.used: list[Endpoint] = []

    def __call__(self, endpoint: Endpoint) -> FakeClients._Client:
        return FakeClients._Client(self, endpoint)

    @dataclass
    class _Client:
        owner: FakeClients
        endpoint: Endpoint

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
            if isinstance(outcome, threading.Event):
                outcome.wait(10)
                return PDF
            assert isinstance(outcome, bytes)
            return outcome


def make_pool(
    clients: FakeClients,
    locks: InMemoryLocks | None = None,
    timeout: float = 30,
    clock: FakeClock | None = None,
) -> UnoserverPool:
    clock = clock or FakeClock()
    return UnoserverPool(
        [A, B],
        locks or InMemoryLocks(),
        timeout=timeout,
        client_factory=clients,
        clock=clock,
        sleep=clock.sleep,
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


def test_a_busy_server_is_passed_over_for_a_free_one() -> None:
    clients = FakeClients({})
    locks = InMemoryLocks()
    locks.acquire(str(A), 60_000)  # another worker process is converting on A
    assert make_pool(clients, locks).to_pdf(b"docx") == PDF
    assert clients.used == [B]
    assert set(locks.held) == {str(A)}


def test_a_server_refusing_connections_fails_over_to_the_next() -> None:
    clients = FakeClients({A: ConnectionRefusedError(111, "Connection refused")})
    pool = make_pool(clients)
    assert pool.to_pdf(b"docx") == PDF
    assert clients.used == [A, B]
    # while it is marked down the next conversion goes to B first
    assert pool.to_pdf(b"docx") == PDF
    assert clients.used == [A, B, B]


def test_a_dropped_connection_also_fails_over() -> None:
    clients = FakeClients({A: xmlrpc.client.ProtocolError("127.0.0.1:2003/RPC2", 502, "", {})})
    assert make_pool(clients).to_pdf(b"docx") == PDF
    assert clients.used == [A, B]


def test_when_every_server_refuses_it_gives_up_after_the_timeout() -> None:
    refused = ConnectionRefusedError(111, "Connection refused")
    clients = FakeClients({A: refused, B: refused})
    clock = FakeClock()
    locks = InMemoryLocks()
    with pytest.raises(
        ConversionTimeout, match=r"within 30s.*refused: 127\.0\.0\.1:2003, 127\.0\.0\.1:2005"
    ):
        make_pool(clients, locks, timeout=30, clock=clock).to_pdf(b"docx")
    assert clock.now >= 1030
    assert locks.held == {}


def test_when_every_server_stays_busy_it_gives_up_after_the_timeout() -> None:
    locks = InMemoryLocks()
    locks.acquire(str(A), 60_000)
    locks.acquire(str(B), 60_000)
    clients = FakeClients({})
    with pytest.raises(ConversionTimeout):
        make_pool(clients, locks, timeout=5).to_pdf(b"docx")
    assert clients.used == []


def test_a_document_libreoffice_cannot_convert_is_not_retried_elsewhere() -> None:
    clients = FakeClients({A: xmlrpc.client.Fault(1, "conversion failed")})
    with pytest.raises(ConversionError, match="Fault") as failure:
        make_pool(clients).to_pdf(b"docx")
    assert not isinstance(failure.value, ConversionTimeout)
    assert clients.used == [A]


def test_an_answer_that_is_not_a_pdf_is_an_error() -> None:
    with pytest.raises(ConversionError, match="no PDF"):
        make_pool(FakeClients({A: b"<html>"})).to_pdf(b"docx")


def test_a_hanging_conversion_is_abandoned_at_the_timeout() -> None:
    hang = threading.Event()
    clients = FakeClients({A: hang})
    locks = InMemoryLocks()
    # real clock: the conversion runs in a thread the pool stops waiting for
    pool = UnoserverPool([A, B], locks, timeout=0.2, client_factory=clients)
    try:
        with pytest.raises(ConversionTimeout, match="did not finish"):
            pool.to_pdf(b"docx")
        # still converting there: the lock is left to expire rather than released
        assert set(locks.held) == {str(A)}
    finally:
        hang.set()
