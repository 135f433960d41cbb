"""Making a Rapid Review's documents: the Report of Rapid Review (App. iv) of a final
version, and the letter to the national Panel (App. v) once the three lead representatives
approved that version. Each is stored as .docx and PDF, recorded and announced to the
scheduler, like the referral (``generation``).

Only a final version is made: a draft never becomes final under the same version number
(finalising starts a new one), so a job for a draft, or for a version that is not there,
logs and makes nothing rather than failing to be retried. The letter is likewise not
drafted until every partner approved: it says the decision was endorsed by all three.

Idempotent: keys carry the version, and when both files of a version are stored intact
they are reused (the letter keeps the date it was first drafted on) and announced again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.documents import panel_letter, rr_report, versions
from services.documents.catalogue import PANEL_LETTER, RAPID_REVIEW_REPORT
from services.documents.common import DOCX, PDF
from services.documents.failures import failures_recorded
from services.documents.generation import Making, Render, existing_files, store_version
from services.documents.ports import (
    Announcer,
    Converter,
    DocumentRecord,
    DocumentRecords,
    DocumentStore,
    FailureLog,
    RapidReviewReport,
    ReportReader,
)
from services.documents.render import DocumentProperties, with_properties
from services.documents.scoping_letter import letter_date
from services.documents.template_source import Template, Templates, built_in_templates
from shared.forms.registry import get_form

log = logging.getLogger(__name__)

#: why nothing was made
MISSING, DRAFT, NOT_APPROVED = "missing", "draft", "not-approved"


@dataclass(frozen=True)
class Drafted:
    records: list[DocumentRecord]
    #: True when intact stored files were reused instead of made again
    reused: bool
    #: MISSING, DRAFT or NOT_APPROVED when nothing was made; empty otherwise
    skipped: str = ""


@dataclass(frozen=True)
class _Ports:
    store: DocumentStore
    converter: Converter
    records: DocumentRecords
    announcer: Announcer
    failures: FailureLog


def _final(
    reports: ReportReader, reference: str, version: int, what: str
) -> RapidReviewReport | Drafted:
    """Version ``version`` of the report when it is final; else why nothing is made."""
    report = reports.fetch(reference, version)
    if report is None or report.status != rr_report.FINAL:
        skipped = MISSING if report is None else DRAFT
        log.info("report of %s v%s is %s: no %s made", reference, version, skipped, what)
        return Drafted(records=[], reused=False, skipped=skipped)
    return report


def _make(
    report: RapidReviewReport,
    kind: str,
    template: Template,
    context: Callable[[], dict[str, Any]],
    render: Render | None,
    ports: _Ports,
    now: datetime,
    properties: DocumentProperties,
    job_id: str | None,
) -> Drafted:
    reference, version = report.reference, report.version
    making = Making(
        reference,
        kind,
        versions.report_source(version),
        f"{template.version}; form {report.form_id} v{report.form_version}",
        job_id,
    )
    existing = existing_files(making, ports.store, ports.records)
    if existing is not None:
        log.info("%s of %s (report v%s) already stored; announcing again", kind, reference, version)
        made, reused = existing, True
    else:
        with failures_recorded(making, properties.title, ports.failures, now):
            docx = with_properties((render or template.render)(context()), properties, now)
            pdf = ports.converter.to_pdf(docx)
            made = store_version(
                making,
                {DOCX: docx, PDF: pdf},
                metadata={"kind": kind, "report-version": str(version)},
                store=ports.store,
                records=ports.records,
                now=now,
            )
        reused = False
        log.info(
            "%s of %s (report v%s) stored as %s", kind, reference, version, [r.id for r in made]
        )
    for record in made:
        ports.announcer.document_stored(record)
    return Drafted(records=made, reused=reused)


def generate_rapid_review_report(
    reference: str,
    version: int,
    *,
    reports: ReportReader,
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
) -> Drafted:
    """Make the App. iv report of final version ``version`` of case ``reference``.

    Raises ``shared.forms.registry.UnknownForm`` for answers of a form version this code
    does not know (retried, as for a referral); conversion and store failures raise too.
    """
    rr_report.check_version(version)
    report = _final(reports, reference, version, "report")
    if isinstance(report, Drafted):
        return report
    ports = _Ports(store, converter, records, announcer, failures)

    def context() -> dict[str, Any]:
        form = get_form(report.form_id, report.form_version)
        return rr_report.report_context(report, form, partnership_name)

    properties = DocumentProperties(
        rr_report.TITLE, partnership_name, f"Case {reference}, version {version}"
    )
    return _make(
        report,
        rr_report.KIND,
        (templates or built_in_templates(partnership_name)).resolve(RAPID_REVIEW_REPORT),
        context,
        render,
        ports,
        clock(),
        properties,
        job_id,
    )


def generate_panel_letter(
    reference: str,
    version: int,
    *,
    reports: ReportReader,
    store: DocumentStore,
    converter: Converter,
    records: DocumentRecords,
    announcer: Announcer,
    failures: FailureLog,
    settings: panel_letter.PanelLetterSettings,
    clock: Callable[[], datetime],
    templates: Templates | None = None,
    render: Render | None = None,
    job_id: str | None = None,
) -> Drafted:
    """Draft the App. v letter for final version ``version`` of case ``reference``, once
    all three lead representatives approved it, dated today in London.

    Raises ``panel_letter.ReportNotUsable`` when the version has no recommendation the
    form offers, and ``UnknownForm`` as the report does.
    """
    rr_report.check_version(version)
    report = _final(reports, reference, version, "Panel letter")
    if isinstance(report, Drafted):
        return report
    if not report.approved_by_all:
        log.info(
            "report of %s v%s is not approved by all three lead representatives: "
            "no Panel letter drafted",
            reference,
            version,
        )
        return Drafted(records=[], reused=False, skipped=NOT_APPROVED)
    now = clock()
    ports = _Ports(store, converter, records, announcer, failures)

    def context() -> dict[str, Any]:
        form = get_form(report.form_id, report.form_version)
        return panel_letter.panel_letter_context(report, form, settings, letter_date(now))

    properties = DocumentProperties(
        panel_letter.TITLE, settings.partnership_name, f"Case {reference}, version {version}"
    )
    return _make(
        report,
        panel_letter.KIND,
        (templates or built_in_templates(settings.partnership_name)).resolve(PANEL_LETTER),
        context,
        render,
        ports,
        now,
        properties,
        job_id,
    )
