"""Run the RQ worker of one service: ``python -m shared.worker documents``.

The worker builds its service with the same ``create_app`` as the web process (so jobs find
the same adapters through ``shared.runtime``), then listens on that service's queue.
``--check`` is the container health check: is a worker of this host on that queue alive?
"""

from __future__ import annotations

import argparse
import importlib
import logging
import socket

from redis import Redis
from rq import Queue, Worker

from shared.config import SERVICES, load_config

log = logging.getLogger(__name__)


def queues_for(service: str) -> list[str]:
    """A service's worker listens on the queue named after it (see shared.queue.JOBS)."""
    return [service]


def check(service: str, connection: Redis) -> bool:
    host = socket.gethostname()
    for queue_name in queues_for(service):
        workers = Worker.all(queue=Queue(queue_name, connection=connection))
        if not any(w.hostname == host for w in workers):
            return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--burst", action="store_true", help="drain the queue, then exit")
    parser.add_argument("--check", action="store_true", help="health check, then exit")
    args = parser.parse_args(argv)
    config = load_config(args.service)
    connection = Redis.from_url(config["REDIS_URL"])
    if args.check:
        raise SystemExit(0 if check(args.service, connection) else 1)
    module = importlib.import_module(f"services.{args.service}.app")
    module.create_app(config)
    worker = Worker(queues_for(args.service), connection=connection)
    log.info("worker for %s listening on %s", args.service, queues_for(args.service))
    worker.work(with_scheduler=True, burst=args.burst, logging_level=config["LOG_LEVEL"])


if __name__ == "__main__":
    main()
