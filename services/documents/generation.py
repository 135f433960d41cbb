"""Making a case's documents: fill the template, convert, store, record, announce; the
referral (App. i) once per case, the scoping letter (App. ii) once per agency and link,
then handed to the notifier to email. The Rapid Review's report and Panel letter are made
in ``rr_generation`` with the helpers below.

Idempotent: keys are deterministic and rows are upserted by key, and when both files of a
document are already stored intact (the recorded SHA-256 matches the object's) nothing is
made again; the scheduler is told about them again, which it ignores when it knows them
already, and a letter is handed to the notifier again, whose job id sends it once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from services.documents import scoping_letter as letter
from services.documents.common import CONTENT_TYPES, DOCX, FORMATS, PDF, check_reference
from services.documents.ports import (
    Announcer,
    CaseMissing,
    CaseReader,
    Converter,
    DocumentRecord,
    DocumentRecords,
    DocumentStore,
    NewDocument,
    ScopingMailer,
    ScopingRequestMissing,
    ScopingRequests,
)
from services.documents.referral import KIND, filename, object_key, referral_context
from services.documents.render import (
    ANSWERS_TEMPLATE,
    SCOPING_LETTER_TEMPLATE,
    DocumentProperties,
    render_docx,
    with_properties,
)
from shared.forms.registry import get_form

log = logging.getLogger(__name__)

Render = Callable[[dict[str, Any]], bytes]


def render_referral_docx(context: dict[str, Any]) -> bytes:
    return render_docx(ANSWERS_TEMPLATE, context)


def render_scoping_letter_docx(context: dict[str, Any]) -> bytes:
    return render_docx(SCOPING_LETTER_TEMPLATE, context)


@dataclass(frozen=True)
class Generated:
    records: list[DocumentRecord]
    #: True when intact stored files were reused instead of made again
    reused: bool


def _intact(store: DocumentStore, record: DocumentRecord) -> bool:
    found = store.stat(record.object_key)
    return found is not None and found.sha256 == record.sha256 and found.size == record.size


def existing_files(
    reference: str, kind: str, store: DocumentStore, records: DocumentRecords
) -> list[DocumentRecord] | None:
    """Both recorded files of ``kind``, when both are stored intact."""
    found = [records.find(reference, kind, fmt) for fmt in FORMATS]
    complete = [r for r in found if r is not None]
    if len(complete) == len(FORMATS) and all(_intact(store, r) for r in complete):
        return complete
    return None


@dataclass(frozen=True)
class FileToStore:
    format: str
    data: bytes
    object_key: str
    filename: str


def store_files(
    files: list[FileToStore],
    *,
    reference: str,
    kind: str,
    metadata: dict[str, str],
    store: DocumentStore,
    records: DocumentRecords,
    now: datetime,
) -> list[DocumentRecord]:
    new = []
    for file in files:
        stored = store.put(file.object_key, file.data, CONTENT_TYPES[file.format], metadata)
        new.append(
            NewDocument(
                case_reference=reference,
                kind=kind,
                format=file.format,
                object_key=file.object_key,
                filename=file.filename,
                content_type=CONTENT_TYPES[file.format],
                sha256=stored.sha256,
                size=stored.size,
            )
        )
    # rows only after every object is stored: a row always points at a real object
    return records.upsert(new, now)


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
    existing = existing_files(reference, KIND, store, records)
    if existing is not None:
        log.info("referral documents of %s already stored; announcing again", reference)
        made, reused = existing, True
    else:
        now = clock()
        properties = DocumentProperties(
            get_form(case.form_id, case.form_version).title, partnership_name, f"Case {reference}"
        )
        docx = with_properties(render(referral_context(case, partnership_name)), properties, now)
        pdf = converter.to_pdf(docx)
        files = [
            FileToStore(fmt, data, object_key(reference, fmt), filename(reference, fmt))
            for fmt, data in ((DOCX, docx), (PDF, pdf))
        ]
        made = store_files(
            files,
            reference=reference,
            kind=KIND,
            metadata={"case-reference": reference, "kind": KIND},
            store=store,
            records=records,
            now=now,
        )
        reused = False
        log.info(
            "referral documents of %s stored as %s", reference, ", ".join(str(r.id) for r in made)
        )
    for record in made:
        announcer.document_stored(record)
    return Generated(records=made, reused=reused)


@dataclass(frozen=True)
class LetterGenerated:
    records: list[DocumentRecord]
    #: True when intact stored files were reused instead of made again
    reused: bool
    #: False when the link is no longer usable: nothing made, nothing emailed
    handed_over: bool


def generate_scoping_letter(
    case_agency_id: int,
    serial: int,
    token: str,
    *,
    requests: ScopingRequests,
    store: DocumentStore,
    converter: Converter,
    records: DocumentRecords,
    announcer: Announcer,
    mailer: ScopingMailer,
    settings: letter.LetterSettings,
    clock: Callable[[], datetime],
    render: Render = render_scoping_letter_docx,
) -> LetterGenerated:
    """Make the App. ii letter of agency ``case_agency_id``'s link ``serial`` and hand it,
    with ``token``, to the notifier. ``token`` is passed on only: never logged or stored."""
    if not token:
        raise ValueError("a scoping letter needs its link's token")
    request = requests.fetch(case_agency_id, serial)
    if request is None:
        raise ScopingRequestMissing(
            f"scoping link {serial} of case agency {case_agency_id} is not readable (yet)"
        )
    now = clock()
    if not request.usable(now):
        log.info(
            "scoping link %s of case agency %s is revoked, replaced, removed or expired: "
            "no letter made or sent",
            serial,
            case_agency_id,
        )
        return LetterGenerated(records=[], reused=False, handed_over=False)
    reference = check_reference(request.case_reference)
    kind = letter.record_kind(case_agency_id, serial)
    existing = existing_files(reference, kind, store, records)
    if existing is not None:
        log.info("scoping letter %s of %s already stored; handing over again", kind, reference)
        made, reused = existing, True
    else:
        context = letter.scoping_letter_context(request, settings, letter.letter_date(now))
        properties = DocumentProperties(
            f"{letter.TITLE}: {request.agency_name}",
            settings.partnership_name,
            f"Case {reference}",
        )
        docx = with_properties(render(context), properties, now)
        pdf = converter.to_pdf(docx)
        files = [
            FileToStore(
                fmt,
                data,
                letter.object_key(reference, case_agency_id, serial, fmt),
                letter.filename(reference, case_agency_id, serial, fmt),
            )
            for fmt, data in ((DOCX, docx), (PDF, pdf))
        ]
        metadata = {
            "case-reference": reference,
            "kind": letter.KIND,
            "case-agency-id": str(case_agency_id),
            "link-serial": str(serial),
        }
        made = store_files(
            files,
            reference=reference,
            kind=kind,
            metadata=metadata,
            store=store,
            records=records,
            now=now,
        )
        reused = False
        log.info("scoping letter %s of %s stored as %s", kind, reference, [r.id for r in made])
    for record in made:
        # the scheduler lists documents by what they are, not by which agency's they are
        announcer.document_stored(replace(record, kind=letter.KIND))
    pdf_record = next(r for r in made if r.format == PDF)
    mailer.send_scoping_request(
        case_agency_id=case_agency_id, serial=serial, token=token, document_id=pdf_record.id
    )
    return LetterGenerated(records=made, reused=reused, handed_over=True)
