"""What goes into a pack, in order: documents already stored (read back and checked
against their recorded SHA-256), and documents the build makes (the notification details,
a returned scoping form not yet made, a draft report), each a .docx to convert.

The Rapid Review meeting pack: the referral, the notification details, every returned
scoping form (agencies yet to return, and those to whom the family is not known, listed on
the contents page), the newest version of the report (a draft printed as it stands). The
Panel submission pack: the approved report and the letter to the national Panel, both as
their own jobs made them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.documents import pack_contents, rr_report, versions
from services.documents.catalogue import ANSWERS, RAPID_REVIEW_REPORT
from services.documents.common import DOCX, PDF, sha256_hex
from services.documents.generation import Making
from services.documents.pack_contents import AgencyLine
from services.documents.pack_ports import PackNotReady, PackSource, ScopingReturn
from services.documents.panel_letter import KIND as PANEL_LETTER_KIND
from services.documents.panel_letter import TITLE as PANEL_LETTER_TITLE
from services.documents.ports import DocumentRecord, DocumentRecords, DocumentStore, StoreError
from services.documents.referral import KIND as REFERRAL_KIND
from services.documents.referral import form_sections
from services.documents.render import DocumentProperties
from services.documents.template_source import Template, Templates
from shared.forms.registry import get_form
from shared.govuk_dates import long_date
from shared.packs import MEETING

RETURNED, NOT_KNOWN = "returned", "not_known"


@dataclass
class Part:
    """One document of a pack: stored ones have their ``docx`` and ``pdf``; one to make has
    ``fill`` (its template filled, called while other parts convert), then is converted.
    ``making`` says it is also kept as a document of the case's own (a returned form)."""

    title: str
    docx: bytes | None = field(default=None, repr=False)
    pdf: bytes | None = field(default=None, repr=False)
    group: str = ""
    making: Making | None = None
    fill: Fill | None = field(default=None, repr=False)

    def filled(self, properties: DocumentProperties, now: datetime) -> bytes:
        """Its .docx: filled now (described by ``properties``) unless it was given."""
        if self.docx is None:
            if self.fill is None:
                raise ValueError(f"{self.title} has neither a .docx nor a template to fill")
            self.docx = self.fill(properties, now)
        return self.docx


#: fills a template, the document described by its properties
Fill = Callable[[DocumentProperties, datetime], bytes]


def filling(template: Template, context: dict[str, Any]) -> Fill:
    return lambda properties, now: template.render(context, properties, now)


@dataclass
class Plan:
    reference: str
    parts: list[Part]
    outstanding: list[AgencyLine] = field(default_factory=list)
    not_known: list[AgencyLine] = field(default_factory=list)


@dataclass(frozen=True)
class Sources:
    source: PackSource
    store: DocumentStore
    records: DocumentRecords
    partnership_name: str
    job_id: str | None
    #: the templates in use (an administrator's own, else the built-in ones), branded
    templates: Templates


def _read(store: DocumentStore, record: DocumentRecord) -> bytes:
    data = store.get(record.object_key)
    if sha256_hex(data) != record.sha256:
        raise StoreError(
            f"the stored {record.format} of {record.kind} v{record.version} does not match its "
            "recorded SHA-256"
        )
    return data


def _pair(sources: Sources, files: list[DocumentRecord]) -> tuple[bytes, bytes] | None:
    """The .docx and PDF among ``files``, read back and checked; None unless both are."""
    by_format = {r.format: r for r in files}
    if DOCX not in by_format or PDF not in by_format:
        return None
    return _read(sources.store, by_format[DOCX]), _read(sources.store, by_format[PDF])


def _stored(
    sources: Sources, reference: str, kind: str, source: str | None, what: str
) -> tuple[bytes, bytes]:
    """The .docx and PDF of ``kind``: made from ``source``, or its newest version."""
    records = sources.records
    if source is None:
        found = [records.latest(reference, kind, fmt) for fmt in (DOCX, PDF)]
        files = [r for r in found if r is not None]
    else:
        files = records.made_from(reference, kind, source)
    pair = _pair(sources, files)
    if pair is None:
        raise PackNotReady(f"{what} has not been made yet")
    return pair


def _referral(sources: Sources, reference: str, title: str) -> Part:
    docx, pdf = _stored(sources, reference, REFERRAL_KIND, None, "the referral document")
    return Part(title, docx, pdf)


def _return_part(
    sources: Sources, reference: str, received_on: date, name: str, found: ScopingReturn
) -> Part:
    title = f"Scoping return: {name}"
    assert found.submitted_at is not None
    form = get_form(found.form_id, found.form_version)
    template = sources.templates.resolve(ANSWERS)
    making = Making(
        reference,
        versions.scoping_return_kind(found.case_agency_id),
        versions.return_source(found.submitted_at),
        f"{template.version}; form {form.id} v{form.version}",
        sources.job_id,
    )
    kept = _pair(sources, sources.records.made_from(reference, making.kind, making.source))
    if kept is not None:
        return Part(title, *kept, pack_contents.RETURNS_GROUP)
    context = {
        "partnership_name": sources.partnership_name,
        "document_title": form.document_title,
        "caption": f"{form.caption} from {name}",
        "reference": reference,
        "referral_date": long_date(received_on),
        "sections": form_sections(form, found.answers),
    }
    return Part(
        title, group=pack_contents.RETURNS_GROUP, making=making, fill=filling(template, context)
    )


def _report(sources: Sources, reference: str, version: int) -> Part:
    report = sources.source.report(reference, version)
    if report is None:
        raise PackNotReady(f"version {version} of the Report of Rapid Review is not readable")
    state = "final" if report.status == rr_report.FINAL else "draft"
    title = f"{rr_report.TITLE} (version {version}, {state})"
    if report.status == rr_report.FINAL:
        made = sources.records.made_from(reference, rr_report.KIND, versions.report_source(version))
        kept = _pair(sources, made)
        if kept is not None:
            return Part(title, *kept)
    form = get_form(report.form_id, report.form_version)
    context = rr_report.report_context(report, form, sources.partnership_name)
    return Part(title, fill=filling(sources.templates.resolve(RAPID_REVIEW_REPORT), context))


def meeting_plan(sources: Sources, reference: str) -> Plan:
    case = sources.source.case(reference)
    if case is None:
        raise PackNotReady(f"case {reference} is not readable yet")
    form = get_form(case.form_id, case.form_version)
    notification = pack_contents.notification_context(case, sources.partnership_name, MEETING)
    plan = Plan(
        reference,
        [
            _referral(sources, reference, f"{form.title} ({form.caption})"),
            Part(
                pack_contents.NOTIFICATION_TITLE,
                fill=filling(sources.templates.resolve(ANSWERS), notification),
            ),
        ],
    )
    returns = sources.source.returns(a.case_agency_id for a in case.agencies)
    for agency in case.agencies:
        found = returns.get(agency.case_agency_id)
        if found is not None and found.status == RETURNED and found.submitted_at is not None:
            plan.parts.append(
                _return_part(sources, reference, case.received_on, agency.name, found)
            )
        elif found is not None and found.status == NOT_KNOWN and found.submitted_at is not None:
            said = long_date(found.submitted_at.date())
            plan.not_known.append(AgencyLine(agency.name, f"Not known to the agency ({said})"))
        else:
            status = "Draft saved, not returned" if found is not None else "Not returned"
            plan.outstanding.append(AgencyLine(agency.name, status))
    if case.newest_report_version is not None:
        plan.parts.append(_report(sources, reference, case.newest_report_version))
    return plan


def panel_plan(sources: Sources, reference: str) -> Plan:
    report = sources.source.report(reference, None)
    if report is None or not report.approved_by_all:
        raise PackNotReady(
            "no version of the Report of Rapid Review is approved by all three lead "
            "representatives yet"
        )
    made_from = versions.report_source(report.version)
    report_title = f"{rr_report.TITLE} (version {report.version})"
    report_docx, report_pdf = _stored(
        sources, reference, rr_report.KIND, made_from, f"the {report_title}"
    )
    letter_docx, letter_pdf = _stored(
        sources, reference, PANEL_LETTER_KIND, made_from, f"the {PANEL_LETTER_TITLE}"
    )
    return Plan(
        reference,
        [
            Part(PANEL_LETTER_TITLE, letter_docx, letter_pdf),
            Part(report_title, report_docx, report_pdf),
        ],
    )
