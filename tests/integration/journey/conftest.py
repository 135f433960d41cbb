"""All four services in one process on the real components: PostgreSQL, Redis (jobs drained
by burst workers), SeaweedFS, the unoserver pool, an SMTP server on loopback; the documents
app served over HTTP so intake fetches the referrer's PDF copy as it does in production."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from redis import Redis
from rq import SimpleWorker
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from devstack.procs import free_port
from services.documents.app import create_app as documents_app
from services.intake.app import create_app as intake_app
from services.notifier.app import create_app as notifier_app
from services.scheduler.app import create_app as scheduler_app
from shared import runtime
from shared.config import load_config
from shared.queue import QUEUES
from tests.fixtures.smtp import SmtpServer

TOKEN = "journey-service-token-0123456789"
OPS = "ops@partnership.example"
CHAIR = "chair@partnership.example"
INTAKE_URL = "https://refer.partnership.example"


@dataclass
class Stack:
    intake: Flask
    scheduler: Flask
    redis: Redis
    smtp: SmtpServer

    def drain(self) -> None:
        """Run every queued job (and the jobs those enqueue) to the end."""
        for _ in range(6):
            SimpleWorker(list(QUEUES), connection=self.redis).work(burst=True)
            if not any(self.redis.llen(f"rq:queue:{q}") for q in QUEUES):
                return


@pytest.fixture
def stack(
    database_url: str,
    redis_url: str,
    engine: Engine,
    redis_conn: Redis,
    s3_settings: dict[str, str],
    unoserver_pool: str,
    smtp_outbox: SmtpServer,
) -> Iterator[Stack]:
    common = {"CSPR_ENV": "test", "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    runtime.clear()
    documents = documents_app(
        load_config(
            "documents",
            {**common, "SERVICE_TOKEN": TOKEN, "UNOSERVER_POOL": unoserver_pool, **s3_settings},
        ),
        engine=engine,
        redis=redis_conn,
    )
    port = free_port()
    server = make_server("127.0.0.1", port, documents, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheduler = scheduler_app(
        load_config(
            "scheduler",
            {
                **common,
                "SERVICE_TOKEN": TOKEN,
                "SECRET_KEY": "s" * 40,
                # staff download documents and packs from the documents app served above
                "DOCUMENTS_URL": f"http://127.0.0.1:{port}",
            },
        ),
        engine=engine,
    )
    notifier_app(
        load_config(
            "notifier",
            {
                **common,
                "SMTP_HOST": smtp_outbox.host,
                "SMTP_PORT": str(smtp_outbox.port),
                "OPS_EMAIL": OPS,
                "CHAIR_EMAIL": CHAIR,
                "INTAKE_URL": INTAKE_URL,
                "SERVICE_TOKEN": TOKEN,
                "DOCUMENTS_URL": f"http://127.0.0.1:{port}",
            },
        ),
        engine=engine,
        redis=redis_conn,
    )
    intake = intake_app(
        load_config(
            "intake",
            {
                **common,
                "REFERENCE_PREFIX": "JRNY",
                "SERVICE_TOKEN": TOKEN,
                "DOCUMENTS_URL": f"http://127.0.0.1:{port}",
            },
        ),
        engine=engine,
    )
    try:
        yield Stack(intake=intake, scheduler=scheduler, redis=redis_conn, smtp=smtp_outbox)
    finally:
        server.shutdown()
        thread.join(5)
        runtime.clear()
