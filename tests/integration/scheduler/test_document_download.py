"""Downloading a document: the console's real HttpDocumentsClient over real HTTP.

The documents service (services.documents) is being built in parallel; until its
``create_app`` exists, a tiny WSGI app that speaks the agreed contract
(``GET /api/documents/<id>/content`` with ``Authorization: Bearer <SERVICE_TOKEN>``) stands in
for it on a free port. No mock: bytes travel over a socket.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from devstack.procs import free_port
from services.scheduler import casework, create_app
from services.scheduler.bootstrap import Container
from services.scheduler.tables import audit_event
from shared import runtime
from shared.config import Config
from tests.integration.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import add_staff, insert_referral
from tests.unit.scheduler.web_helpers import page, sign_in, text

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 600  # 150 KB: several read chunks


@dataclass
class StandIn:
    url: str
    seen_auth: list[str] = field(default_factory=list)


@pytest.fixture
def documents_service() -> Iterator[StandIn]:
    stand_in = StandIn(url="")

    @Request.application
    def wsgi(request: Request) -> Response:
        stand_in.seen_auth.append(request.headers.get("Authorization", ""))
        if request.headers.get("Authorization") != f"Bearer {SERVICE_TOKEN}":
            return Response('{"error": "unauthorised"}', 401, mimetype="application/json")
        if request.path == "/api/documents/7/content":
            return Response(PDF, mimetype="application/pdf")
        return Response('{"error": "not_found"}', 404, mimetype="application/json")

    port = free_port()
    server: BaseWSGIServer = make_server("127.0.0.1", port, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{port}"
    try:
        yield stand_in
    finally:
        server.shutdown()
        thread.join(5)


def console_for(config: Config, engine: Engine, **settings: str) -> tuple[FlaskClient, Container]:
    app = create_app(config.with_overrides(**settings), engine=engine)
    app.testing = True
    c: Container = app.extensions["cspr"]
    add_staff(c)
    casework.open_case(c, insert_referral(engine, reference="GSCP-2026-0301"))
    casework.record_document(
        c,
        document_id=7,
        case_reference="GSCP-2026-0301",
        kind="referral",
        format="pdf",
        filename="GSCP-2026-0301-referral.pdf",
        sha256="c" * 64,
        size=len(PDF),
    )
    client = app.test_client()
    assert sign_in(client, "ops.person@partnership.example").status_code == 302
    return client, c


@pytest.fixture(autouse=True)
def _clear_runtime() -> Iterator[None]:
    yield
    runtime.clear()


def test_download_through_the_documents_service(
    scheduler_config: Config, engine: Engine, documents_service: StandIn
) -> None:
    client, _ = console_for(scheduler_config, engine, DOCUMENTS_URL=documents_service.url)

    response = client.get("/cases/GSCP-2026-0301/documents/7")

    assert response.status_code == 200
    assert response.get_data() == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="GSCP-2026-0301-referral.pdf"'
    )
    assert documents_service.seen_auth == [f"Bearer {SERVICE_TOKEN}"]
    with engine.connect() as conn:
        event = conn.execute(
            select(audit_event).where(audit_event.c.action == "document.downloaded")
        ).one()
    assert (event.case_reference, event.actor_email) == (
        "GSCP-2026-0301",
        "ops.person@partnership.example",
    )
    assert "document_id=7" in event.detail


def test_a_refused_token_is_a_502_page(
    scheduler_config: Config, engine: Engine, documents_service: StandIn
) -> None:
    client, _ = console_for(
        scheduler_config,
        engine,
        DOCUMENTS_URL=documents_service.url,
        SERVICE_TOKEN="a-token-the-documents-service-does-not-know",
    )
    response = client.get("/cases/GSCP-2026-0301/documents/7")
    assert response.status_code == 502
    assert text(page(response), "h1") == "Sorry, the document cannot be downloaded now"


def test_documents_service_down_is_a_502_page(scheduler_config: Config, engine: Engine) -> None:
    client, _ = console_for(
        scheduler_config, engine, DOCUMENTS_URL=f"http://127.0.0.1:{free_port()}"
    )
    response = client.get("/cases/GSCP-2026-0301/documents/7")
    assert response.status_code == 502
    with engine.connect() as conn:
        downloads = conn.execute(
            select(audit_event).where(audit_event.c.action == "document.downloaded")
        ).all()
    assert downloads == []
