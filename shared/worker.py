"""Run the RQ worker of one service: ``python -m shared.worker documents``.

The worker builds its service with the same ``create_app`` as the web process (so jobs find
the same adapters through ``shared.runtime``), then listens on that service's queue.
"""

from __future__ import annotations

import argparse
import importlib
import logging

from redis import Redis
from rq import Worker

from shared.config import SERVICES, load_config

log = logging.getLogger(__name__)


def queues_for(service: str) -> list[str]:
    """A service's worker listens on the queue named after it."""
    return [service]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--burst", action="store_true", help="drain the queue, then exit")
    args = parser.parse_args(argv)
    config = load_config(args.service)
    module = importlib.import_module(f"services.{args.service}")
    module.create_app(config)
    connection = Redis.from_url(config["REDIS_URL"])
    worker = Worker(queues_for(args.service), connection=connection,
                    name=None)
    log.info("worker for %s listening on %s", args.service, queues_for(args.service))
    worker.work(with_scheduler=True, burst=args.burst, logging_level=config["LOG_LEVEL"])


if __name__ == "__main__":
    main()
