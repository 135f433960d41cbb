"""From referral to download, through the real documents service.

open_case (scheduler worker) → render_referral (documents worker: docxtpl, LibreOffice
through the unoserver pool, S3) → record_document (scheduler worker) → a member of staff
downloads both files from the console, whose HttpDocumentsClient fetches them over HTTP
from the documents app served on a free port. Nothing is faked.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import select
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from devstack.procs import free_port
from services.documents.app import create_app as create_documents_app
from services.scheduler import casework
from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.tables import audit_event
from shared import runtime
from shared.config import Config, load_config
from tests.integration.scheduler.conftest import SERVICE_TOKEN
from tests.integration.scheduler.factories import open_case, store_referral
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import page, sign_in, text


@dataclass
class DocumentsService:
    url: str


@pytest.fixture
def documents_service(
    database_url: str,
    redis_url: str,
    engine: Engine,
    redis_conn: Redis,
    s3_settings: dict[str, str],
    unoserver_pool: str,
) -> Iterator[DocumentsService]:
    """The documents app (and its worker wiring) with real S3 and LibreOffice, on HTTP."""
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SERVICE_TOKEN": SERVICE_TOKEN,
            "UNOSERVER_POOL": unoserver_pool,
            **s3_settings,
        },
    )
    app = create_documents_app(config, engine=engine, redis=redis_conn)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DocumentsService(f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(5)
        runtime.clear()


@pytest.fixture(autouse=True)
def _forget_containers() -> Iterator[None]:
    yield
    runtime.clear()


def staff_console(config: Config, engine: Engine, **settings: str) -> tuple[FlaskClient, Container]:
    app = create_app(config.with_overrides(**settings), engine=engine)
    app.testing = True
    c: Container = app.extensions["cspr"]
    add_staff(c)
    client = app.test_client()
    assert sign_in(client, "ops.person@partnership.example").status_code == 302
    return client, c


def drain(redis_conn: Redis, queue: str) -> None:
    SimpleWorker([queue], connection=redis_conn).work(burst=True)


def downloads(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_event)
            .where(audit_event.c.action == "document.downloaded")
            .order_by(audit_event.c.id)
        )
        return [r.detail for r in rows]


def test_referral_to_download(
    scheduler_config: Config,
    engine: Engine,
    redis_conn: Redis,
    documents_service: DocumentsService,
) -> None:
    client, _ = staff_console(scheduler_config, engine, DOCUMENTS_URL=documents_service.url)
    reference = open_case(redis_conn, store_referral(engine).id)
    drain(redis_conn, "documents")
    drain(redis_conn, "scheduler")

    case_page = page(client.get(f"/cases/{reference}"))
    rows = case_page.select("#documents tbody tr")
    assert sorted(text(r, "td") for r in rows) == ["DOCX", "PDF"]
    for row in rows:
        link = row.select_one("a")
        assert link is not None
        response = client.get(str(link["href"]))
        body = response.get_data()
        assert response.status_code == 200
        code = row.select_one("code")
        assert code is not None
        assert hashlib.sha256(body).hexdigest() == code["title"]
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        if text(row, "td") == "PDF":
            assert response.mimetype == "application/pdf"
            assert body.startswith(b"%PDF")
        else:
            assert body.startswith(b"PK")
    assert len(downloads(engine)) == 2


def test_a_refused_token_is_a_502_page(
    scheduler_config: Config,
    engine: Engine,
    redis_conn: Redis,
    documents_service: DocumentsService,
) -> None:
    client, c = staff_console(
        scheduler_config,
        engine,
        DOCUMENTS_URL=documents_service.url,
        SERVICE_TOKEN="a-token-the-documents-service-does-not-know",
    )
    reference = open_case(redis_conn, store_referral(engine).id)
    casework.record_document(
        c,
        document_id=7,
        case_reference=reference,
        kind="referral",
        format="pdf",
        filename="x.pdf",
        sha256="0" * 64,
        size=1,
    )
    response = client.get(f"/cases/{reference}/documents/7")
    assert response.status_code == 502
    assert text(page(response), "h1") == "Sorry, the document cannot be downloaded now"
    assert downloads(engine) == []


def test_documents_service_down_is_a_502_page(
    scheduler_config: Config, engine: Engine, redis_conn: Redis
) -> None:
    client, c = staff_console(
        scheduler_config, engine, DOCUMENTS_URL=f"http://127.0.0.1:{free_port()}"
    )
    reference = open_case(redis_conn, store_referral(engine).id)
    casework.record_document(
        c,
        document_id=7,
        case_reference=reference,
        kind="referral",
        format="pdf",
        filename="x.pdf",
        sha256="0" * 64,
        size=1,
    )
    response = client.get(f"/cases/{reference}/documents/7")
    assert response.status_code == 502
    assert downloads(engine) == []
