"""Test data for the scoping request made by the owning services' own code: the agency and
its link through the scheduler's agency store, the letter through the documents service's
own object store and records, and the documents app served over HTTP."""

from __future__ import annotations

import hashlib
import io
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject
from sqlalchemy import select
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from devstack.procs import free_port
from services.documents.bootstrap import Container as DocumentsContainer
from services.documents.ports import DocumentRecord, NewDocument
from services.scheduler.domain.agencies import AgencyDetails, link_expiry
from services.scheduler.store.agencies import add_case_agency, issue_link, remove_case_agency
from services.scheduler.tables import case

AGENCY = "Greenwich Police"
REPRESENTATIVE = "Priya Shah"
AGENCY_EMAIL = "priya.shah@police.example"
LETTER_TEXT = "Letter to accompany the Initial Scoping and Information Sharing Form"


@dataclass(frozen=True)
class IssuedLink:
    case_agency_id: int
    serial: int
    token: str
    due_on: date
    expires_at: datetime


def add_agency(
    engine: Engine,
    reference: str,
    *,
    now: datetime,
    name: str = AGENCY,
    email: str = AGENCY_EMAIL,
) -> int:
    """An agency put on case ``reference`` by ops, typed in."""
    with engine.begin() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar_one()
        details = AgencyDetails(
            name=name, kind="police", representative=REPRESENTATIVE, email=email
        )
        return add_case_agency(conn, case_id, details, source="typed", at=now)


def send_link(
    engine: Engine,
    case_agency_id: int,
    *,
    now: datetime,
    due_on: date | None = None,
    expires_at: datetime | None = None,
) -> IssuedLink:
    """A new scoping link for the agency, as the scheduler issues it (the hash stored)."""
    token = secrets.token_urlsafe(32)
    due = due_on or now.date() + timedelta(days=7)
    expires = expires_at or link_expiry(due, 5)
    with engine.begin() as conn:
        serial = issue_link(
            conn,
            case_agency_id,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            due_on=due,
            expires_at=expires,
            at=now,
        )
    return IssuedLink(case_agency_id, serial, token, due, expires)


def remove_agency(engine: Engine, case_agency_id: int, *, now: datetime) -> None:
    with engine.begin() as conn:
        remove_case_agency(conn, case_agency_id, at=now)


def letter_pdf(reference: str) -> bytes:
    """A one-page PDF with a line of text (the letter's own maker is the documents job)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica})}
    )
    content = ContentStream(None, writer)
    content.set_data(f"BT /F1 11 Tf 56 780 Td ({LETTER_TEXT} {reference}) Tj ET".encode())
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def store_letter(documents: DocumentsContainer, reference: str, *, now: datetime) -> DocumentRecord:
    """The letter's PDF kept as the documents service keeps its files: the object in S3 and
    its row, with the SHA-256, in ``documents_document``."""
    data = letter_pdf(reference)
    key = f"cases/{reference}/scoping-letter/{reference}-scoping-letter-greenwich-police.pdf"
    stored = documents.store.put(key, data, "application/pdf")
    [record] = documents.records.upsert(
        [
            NewDocument(
                case_reference=reference,
                kind="scoping_letter",
                format="pdf",
                object_key=key,
                filename=key.rsplit("/", 1)[-1],
                content_type="application/pdf",
                sha256=stored.sha256,
                size=stored.size,
            )
        ],
        now,
    )
    return record


@dataclass
class ServedApp:
    url: str


@contextmanager
def serve(app: object) -> Iterator[ServedApp]:
    """A WSGI app on a free loopback port, in a thread, while the ``with`` block runs."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedApp(f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(5)
