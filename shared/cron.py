"""Periodic jobs, enqueued by RQ's cron scheduler: ``python -m shared.cron``.

``--check`` is the container health check: has a cron scheduler sent a heartbeat lately?
"""

from __future__ import annotations

import argparse
import logging

from redis import Redis
from rq.cron import CronScheduler
from rq.utils import import_attribute

from shared.config import load_config
from shared.logsafe import configure_logging
from shared.queue import JOBS

#: (job name, every N seconds)
PERIODIC: tuple[tuple[str, int], ...] = (
    ("services.intake.jobs.relay_pending_referrals", 60),
    ("services.intake.jobs.delete_expired_drafts", 3600),
    ("services.scheduler.jobs.evaluate_clocks", 900),
    ("services.scheduler.jobs.remind_agencies", 900),
    ("services.scheduler.jobs.overdue_digest", 900),
    ("services.notifier.jobs.check_messages", 300),
)


def build_scheduler(connection: Redis) -> CronScheduler:
    cron = CronScheduler(connection=connection, logging_level=logging.INFO)
    for name, interval in PERIODIC:
        spec = JOBS[name]
        cron.register(
            import_attribute(name), spec.queue, interval=interval, job_timeout=spec.timeout
        )
    return cron


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    config = load_config("intake")
    configure_logging("cron", config["LOG_LEVEL"])
    connection = Redis.from_url(config["REDIS_URL"])
    if args.check:
        raise SystemExit(0 if CronScheduler.all(connection) else 1)
    build_scheduler(connection).start()


if __name__ == "__main__":
    main()
