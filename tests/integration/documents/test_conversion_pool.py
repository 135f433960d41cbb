"""The unoserver pool against real unoservers and Redis locks."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

from pypdf import PdfReader
from redis import Redis

from devstack.procs import free_port
from services.documents.pool import (
    ConvertClient,
    Endpoint,
    RedisLocks,
    UnoserverPool,
    parse_pool,
    unoserver_client,
)
from services.documents.referral import referral_context
from services.documents.render import ANSWERS_TEMPLATE, render_docx
from tests.unit.documents.factories import PARTNERSHIP, make_answers, make_case


def referral_docx(child_name: str) -> bytes:
    case = make_case(answers=make_answers(child_name=child_name))
    return render_docx(ANSWERS_TEMPLATE, referral_context(case, PARTNERSHIP))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def recording_factory(
    used: list[Endpoint], barrier: threading.Barrier | None = None
) -> Callable[[Endpoint], ConvertClient]:
    def factory(endpoint: Endpoint) -> ConvertClient:
        used.append(endpoint)
        if barrier is not None:
            # both conversions must hold a server at the same moment: a pool that
            # serialised them would leave this barrier broken
            barrier.wait()
        return unoserver_client(endpoint)

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
