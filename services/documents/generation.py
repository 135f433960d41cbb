"""Making a case's documents: fill the template, convert, store, record, announce; the
referral (App. i) once per case, the scoping letter (App. ii) once per agency and link,
then handed to the notifier to email. The Rapid Review's report and Panel letter are made
in ``rr_generation`` with the helpers below.

Every generation of a document is a new version (``versions``), never overwriting one.
Idempotent all the same: when both files made from the same source (the referral, a link,
a report version) are stored intact (the recorded SHA-256 matches the object's) nothing is
made again; the scheduler is told about them again, which it ignores when it knows them
already, and a letter is handed to the notifier again, whose job id sends it once.

A document that cannot be made (its template, LibreOffice, the store) is recorded with
its reason for staff and stores nothing (``failures.failures_recorded``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from services.documents import scoping_letter as letter
from services.documents import versions
from services.documents.catalogue import ANSWERS, SCOPING_LETTER
from services.documents.common import CONTENT_TYPES, DOCX, FORMATS, PDF, check_reference
from services.documents.failures import failures_recorded
from services.documents.ports import (
    Announcer,
    CaseMissing,
    CaseReader,
    Converter,
    DocumentRecord,
    DocumentRecords,
    DocumentStore,
    FailureLog,
    NewDocument,
    ScopingMailer,
    ScopingRequestMissing,
    ScopingRequests,
)
from services.documents.referral import KIND, referral_context
from services.documents.render import DocumentProperties, with_properties
from services.documents.template_source import Templates, built_in_templates
from shared.forms.registry import get_form

log = logging.getLogger(__name__)

#: fills a context in instead of the resolved template (tests)
Render = Callable[[dict[str, Any]], bytes]


@dataclass(frozen=True)
class Generated:
    records: list[DocumentRecord]
    #: True when intact stored files were reused instead of made again
    reused: bool


def intact(store: DocumentStore, record: DocumentRecord) -> bool:
    """The object is stored with the size and SHA-256 its record says."""
    found = store.stat(record.object_key)
    return found is not None and found.sha256 == record.sha256 and found.size == record.size


@dataclass(frozen=True)
class Making:
    """One generation of a case's document: which document, what it is made from, with
    which template, by which job."""

    reference: str
    kind: str
    source: str
    template_version: str
    job_id: str | None = None


def existing_files(
    making: Making, store: DocumentStore, records: DocumentRecords
) -> list[DocumentRecord] | None:
    """Both files of the newest version made from the same source, when stored intact."""
    found = records.made_from(making.reference, making.kind, making.source)
    if {r.format for r in found} == set(FORMATS) and all(intact(store, r) for r in found):
        return found
    return None


def _new_version(making: Making, store: DocumentStore, records: DocumentRecords) -> int:
    """The next version, past any object a job stored before dying unrecorded: a stored
    object is never overwritten."""
    version = records.next_version(making.reference, making.kind)
    while any(
        store.exists(versions.object_key(making.reference, making.kind, version, fmt))
        for fmt in CONTENT_TYPES
    ):
        version += 1
    return version


def store_version(
    making: Making,
    files: dict[str, bytes],
    *,
    metadata: dict[str, str],
    store: DocumentStore,
    records: DocumentRecords,
    now: datetime,
) -> list[DocumentRecord]:
    """Store ``files`` (by format) as the document's next version, then record them."""
    reference, kind = making.reference, making.kind
    version = _new_version(making, store, records)
    described = {
        **metadata,
        "case-reference": reference,
        "document": kind,
        "version": str(version),
        "source": making.source,
        "template-version": making.template_version,
        "job-id": making.job_id or "",
    }
    new = []
    for fmt, data in files.items():
        key = versions.object_key(reference, kind, version, fmt)
        stored = store.put(key, data, CONTENT_TYPES[fmt], described)
        new.append(
            NewDocument(
                case_reference=reference,
                kind=kind,
                format=fmt,
                object_key=key,
                filename=versions.filename(reference, kind, version, fmt),
                content_type=CONTENT_TYPES[fmt],
                sha256=stored.sha256,
                size=stored.size,
                version=version,
                source=making.source,
                template_version=making.template_version,
                job_id=making.job_id,
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
    failures: FailureLog,
    partnership_name: str,
    clock: Callable[[], datetime],
    templates: Templates | None = None,
    render: Render | None = None,
    job_id: str | None = None,
) -> Generated:
    check_reference(reference)
    case = cases.fetch(reference)
    if case is None:
        raise CaseMissing(f"case {reference} is not readable (yet)")
    form = get_form(case.form_id, case.form_version)
    template = (templates or built_in_templates(partnership_name)).resolve(ANSWERS)
    making = Making(
        reference,
        KIND,
        versions.REFERRAL_SOURCE,
        f"{template.version}; form {form.id} v{form.version}",
        job_id,
    )
    existing = existing_files(making, store, records)
    if existing is not None:
        log.info("referral documents of %s already stored; announcing again", reference)
        made, reused = existing, True
    else:
        now = clock()
        properties = DocumentProperties(form.title, partnership_name, f"Case {reference}")
        with failures_recorded(making, properties.title, failures, now):
            context = referral_context(case, partnership_name)
            docx = with_properties((render or template.render)(context), properties, now)
            pdf = converter.to_pdf(docx)
            made = store_version(
                making,
                {DOCX: docx, PDF: pdf},
                metadata={"kind": KIND},
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
    failures: FailureLog,
    settings: letter.LetterSettings,
    clock: Callable[[], datetime],
    templates: Templates | None = None,
    render: Render | None = None,
    job_id: str | None = None,
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
    kind = versions.scoping_letter_kind(case_agency_id)
    resolver = templates or built_in_templates(settings.partnership_name)
    template = resolver.resolve(SCOPING_LETTER)
    making = Making(reference, kind, versions.link_source(serial), template.version, job_id)
    existing = existing_files(making, store, records)
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
        metadata = {
            "kind": letter.KIND,
            "case-agency-id": str(case_agency_id),
            "link-serial": str(serial),
        }
        with failures_recorded(making, properties.title, failures, now):
            docx = with_properties((render or template.render)(context), properties, now)
            pdf = converter.to_pdf(docx)
            made = store_version(
                making,
                {DOCX: docx, PDF: pdf},
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
