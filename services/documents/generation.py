"""Making a case's referral document: fill the template, convert, store, record, announce.

Idempotent: keys are deterministic and rows are upserted by key, and when both files of a
case are already stored intact (the recorded SHA-256 matches the object's) nothing is made
again; the scheduler is told about them again, which it ignores when it knows them already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.documents.ports import (
    Announcer,
    CaseMissing,
    CaseReader,
    Converter,
    DocumentRecord,
    DocumentRecords,
    DocumentStore,
    NewDocument,
)
from services.documents.referral import (
    CONTENT_TYPES,
    DOCX,
    FORMATS,
    KIND,
    PDF,
    check_reference,
    filename,
    object_key,
    referral_context,
)
from services.documents.render import ANSWERS_TEMPLATE, render_docx

log = logging.getLogger(__name__)

Render = Callable[[dict[str, Any]], bytes]


def render_referral_docx(context: dict[str, Any]) -> bytes:
    return render_docx(ANSWERS_TEMPLATE, context)


@dataclass(frozen=True)
class Generated:
    records: list[DocumentRecord]
    #: True when intact stored files were reused instead of made again
    reused: bool


def _intact(store: DocumentStore, record: DocumentRecord) -> bool:
    found = store.stat(record.object_key)
    return found is not None and found.sha256 == record.sha256 and found.size == record.size


def _existing(
    reference: str, store: DocumentStore, records: DocumentRecords
) -> list[DocumentRecord] | None:
    found = [records.find(reference, KIND, fmt) for fmt in FORMATS]
    complete = [r for r in found if r is not None]
    if len(complete) == len(FORMATS) and all(_intact(store, r) for r in complete):
        return complete
    return None


def generate_referral(
    reference: str,
    *,
    cases: CaseReader,
    store: DocumentStore,
    converter: Converter,
    records: DocumentRecords,
    announcer: Announcer,
    partnership_name: str,
    clock: Callable[[], datetime],
    render: Render = render_referral_docx,
) -> Generated:
    check_reference(reference)
    case = cases.fetch(reference)
    if case is None:
        raise CaseMissing(f"case {reference} is not readable (yet)")
    existing = _existing(reference, store, records)
    if existing is not None:
        log.info("referral documents of %s already stored; announcing again", reference)
        made, reused = existing, True
    else:
        docx = render(referral_context(case, partnership_name))
        pdf = converter.to_pdf(docx)
        new = []
        for fmt, data in ((DOCX, docx), (PDF, pdf)):
            key = object_key(reference, fmt)
            stored = store.put(
                key, data, CONTENT_TYPES[fmt], metadata={"case-reference": reference, "kind": KIND}
            )
            new.append(
                NewDocument(
                    case_reference=reference,
                    kind=KIND,
                    format=fmt,
                    object_key=key,
                    filename=filename(reference, fmt),
                    content_type=CONTENT_TYPES[fmt],
                    sha256=stored.sha256,
                    size=stored.size,
                )
            )
        # rows only after both objects are stored: a row always points at a real object
        made, reused = records.upsert(new, clock()), False
        log.info(
            "referral documents of %s stored as %s", reference, ", ".join(str(r.id) for r in made)
        )
    for record in made:
        announcer.document_stored(record)
    return Generated(records=made, reused=reused)
