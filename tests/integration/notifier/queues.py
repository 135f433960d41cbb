"""Running the notifier queue the way its worker does, in the test process."""

from __future__ import annotations

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job


def drain(redis_conn: Redis) -> None:
    SimpleWorker(["notifier"], connection=redis_conn).work(burst=True)


def release_due_retries(redis_conn: Redis) -> None:
    """What RQ's scheduler does once a retry's interval (30 s here) has passed."""
    queue = Queue("notifier", connection=redis_conn)
    registry = queue.scheduled_job_registry
    for job_id in registry.get_job_ids():
        registry.remove(job_id)
        queue.enqueue_job(Job.fetch(job_id, connection=redis_conn))


def done_and_forgotten(redis_conn: Redis, job: Job) -> bool:
    """A job whose arguments carry a secret ran to the end and left nothing in Redis."""
    failed = Queue(job.origin, connection=redis_conn).failed_job_registry
    return job.id not in failed.get_job_ids() and not redis_conn.exists(job.key)
