"""The documents service's RQ jobs (contracts in shared.queue.JOBS): references and ids in."""

from __future__ import annotations

from typing import Any

from rq import get_current_job

from services.documents import generation, rr_generation
from services.documents.panel_letter import PanelLetterSettings
from services.documents.scoping_letter import LetterSettings
from shared import runtime


def _job_id() -> str | None:
    """The running job's id, kept with every version it makes (None outside a worker)."""
    job = get_current_job()
    return job.id if job is not None else None


def render_referral(case_reference: str) -> dict[str, Any]:
    """Make, store and announce the referral .docx and .pdf of case ``case_reference``.

    Raises (so RQ retries) when the case is not readable yet, no unoserver converted the
    document in time, or the store or database failed. Safe to run again.
    """
    container = runtime.get("documents")
    result = generation.generate_referral(
        case_reference,
        cases=container.cases,
        store=container.store,
        converter=container.converter,
        records=container.records,
        announcer=container.announcer,
        partnership_name=container.config["PARTNERSHIP_NAME"],
        clock=container.clock,
        job_id=_job_id(),
    )
    return {"documents": [r.id for r in result.records], "reused": result.reused}


def render_scoping_letter(case_agency_id: int, serial: int, token: str) -> dict[str, Any]:
    """Make, store and announce the App. ii letter (.docx and .pdf) of agency
    ``case_agency_id``'s scoping link ``serial``, then ask the notifier to email the PDF with
    the link's ``token`` (carried through in that job, never logged or stored here).

    Does nothing when the link was revoked, replaced, its agency removed or it expired.
    Raises (so RQ retries) when the link is not readable yet, no unoserver converted the
    letter in time, or the store or database failed. Safe to run again.
    """
    container = runtime.get("documents")
    config = container.config
    result = generation.generate_scoping_letter(
        int(case_agency_id),
        int(serial),
        token,
        requests=container.scoping_requests,
        store=container.store,
        converter=container.converter,
        records=container.records,
        announcer=container.announcer,
        mailer=container.scoping_mailer,
        settings=LetterSettings(
            partnership_name=config["PARTNERSHIP_NAME"],
            contact_name=config["PARTNERSHIP_CONTACT_NAME"],
            contact_phone=config["PARTNERSHIP_CONTACT_PHONE"],
            chair_name=config["CHAIR_NAME"],
        ),
        clock=container.clock,
        job_id=_job_id(),
    )
    return {
        "documents": [r.id for r in result.records],
        "reused": result.reused,
        "handed_over": result.handed_over,
    }


def render_rapid_review_report(case_reference: str, version: int) -> dict[str, Any]:
    """Make, store and announce the Report of Rapid Review (App. iv, .docx and .pdf) of
    final version ``version`` of case ``case_reference``.

    Makes nothing (and says why) for a draft or missing version. Raises (so RQ retries)
    when no unoserver converted the document in time, or the store or database failed.
    Safe to run again.
    """
    container = runtime.get("documents")
    result = rr_generation.generate_rapid_review_report(
        case_reference,
        int(version),
        reports=container.reports,
        store=container.store,
        converter=container.converter,
        records=container.records,
        announcer=container.announcer,
        partnership_name=container.config["PARTNERSHIP_NAME"],
        clock=container.clock,
        job_id=_job_id(),
    )
    return _drafted(result)


def render_panel_letter(case_reference: str, version: int) -> dict[str, Any]:
    """Draft, store and announce the letter to the national Panel (App. v, an editable
    .docx for the chair to sign, and its PDF) for final version ``version`` of case
    ``case_reference``.

    Makes nothing (and says why) for a draft or missing version, or one not yet approved by
    all three lead representatives. Raises (so RQ retries) when no unoserver converted the
    letter in time, or the store or database failed. Safe to run again.
    """
    container = runtime.get("documents")
    config = container.config
    result = rr_generation.generate_panel_letter(
        case_reference,
        int(version),
        reports=container.reports,
        store=container.store,
        converter=container.converter,
        records=container.records,
        announcer=container.announcer,
        settings=PanelLetterSettings(
            partnership_name=config["PARTNERSHIP_NAME"],
            panel_address=config["PANEL_ADDRESS"],
            panel_chair_name=config["PANEL_CHAIR_NAME"],
            chair_name=config["CHAIR_NAME"],
        ),
        clock=container.clock,
        job_id=_job_id(),
    )
    return _drafted(result)


def _drafted(result: rr_generation.Drafted) -> dict[str, Any]:
    return {
        "documents": [r.id for r in result.records],
        "reused": result.reused,
        "skipped": result.skipped,
    }
