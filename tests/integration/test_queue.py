from __future__ import annotations

from redis import Redis
from rq import Queue

from shared.queue import enqueue


def test_enqueue_is_idempotent_while_the_job_waits(redis_conn: Redis) -> None:
    first = enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=7)
    second = enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=7)
    assert first.id == second.id == "open-case-7"
    queue = Queue("scheduler", connection=redis_conn)
    assert queue.job_ids == ["open-case-7"]
    assert first.retries_left == 5
    assert first.timeout == 60
    assert first.kwargs == {"referral_id": 7}


def test_other_arguments_make_other_jobs(redis_conn: Redis) -> None:
    enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=1)
    enqueue(redis_conn, "services.scheduler.jobs.open_case", referral_id=2)
    assert sorted(Queue("scheduler", connection=redis_conn).job_ids) == [
        "open-case-1",
        "open-case-2",
    ]
