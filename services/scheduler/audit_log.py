"""Reading the audit trail back: a page of events for admins, and the CSV export.

A CSV opened in a spreadsheet runs any cell that starts like a formula, and audit cells
hold text that came from outside (an address, a detail), so such cells get a leading
apostrophe (OWASP's "CSV injection" advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from services.scheduler.bootstrap import Container
from services.scheduler.store import audit
from services.scheduler.store.audit import AuditEvent, AuditFilter

PAGE_SIZE = 50
EXPORT_BATCH = 500
CSV_HEADER = (
    "id",
    "at_utc",
    "action",
    "actor_id",
    "actor_email",
    "case_reference",
    "detail",
    "remote_addr",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    total: int
    number: int
    pages: int


def audit_page(c: Container, where: AuditFilter, number: int) -> AuditPage:
    """Page ``number`` (past the last page: the last page)."""
    with c.engine.connect() as conn:
        total = audit.count(conn, where)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(max(1, number), pages)
        events = audit.newest(conn, where, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    return AuditPage(events, total, number, pages)


def known_actions(c: Container) -> list[str]:
    with c.engine.connect() as conn:
        return audit.actions(conn)


def all_events(c: Container, where: AuditFilter) -> Iterator[AuditEvent]:
    """Every matching event, newest first, read in batches (a short connection each)."""
    before: int | None = None
    while True:
        with c.engine.connect() as conn:
            batch = audit.newest(conn, where, limit=EXPORT_BATCH, before_id=before)
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        before = batch[-1].id


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_row(event: AuditEvent) -> list[str]:
    return [
        safe_cell(v)
        for v in (
            event.id,
            event.at.isoformat(),
            event.action,
            event.actor_id,
            event.actor_email,
            event.case_reference,
            event.detail,
            event.remote_addr,
        )
    ]


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The header, then one CSV line per event (streamed: an export may be long)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for event in events:
        writer.writerow(csv_row(event))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():  # no events: the header alone
        yield buffer.getvalue()
