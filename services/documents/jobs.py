"""The documents service's RQ jobs (contracts in shared.queue.JOBS): references and ids in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from rq import get_current_job

from services.documents import generation, pack_build, pack_parts, rr_generation
from services.documents.failures import DocumentFailed
from services.documents.panel_letter import PanelLetterSettings
from services.documents.pool import parse_pool
from services.documents.scoping_letter import LetterSettings
from shared import runtime


def _job_id() -> str | None:
    """The running job's id, kept with every version it makes (None outside a worker)."""
    job = get_current_job()
    return job.id if job is not None else None


P = ParamSpec("P")
R = TypeVar("R")


def _not_retried_when_permanent(job_function: Callable[P, R]) -> Callable[P, R]:
    """A document whose template cannot be filled in fails its job at once: RQ retries
    while ``retries_left`` is above 0, and each retry would fail the same way. The reason
    is recorded (``failures.py``) and shown on the case page; the job stays in RQ's failed
    registry. Conversion and store failures keep their retries."""

    @wraps(job_function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return job_function(*args, **kwargs)
        except DocumentFailed:
            job = get_current_job()
            if job is not None:
                job.retries_left = 0
            raise

    return run


@_not_retried_when_permanent
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
        failures=container.failures,
        partnership_name=container.config["PARTNERSHIP_NAME"],
        clock=container.clock,
        templates=container.templates,
        job_id=_job_id(),
    )
    return {"documents": [r.id for r in result.records], "reused": result.reused}


@_not_retried_when_permanent
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
        failures=container.failures,
        mailer=container.scoping_mailer,
        settings=LetterSettings(
            partnership_name=config["PARTNERSHIP_NAME"],
            contact_name=config["PARTNERSHIP_CONTACT_NAME"],
            contact_phone=config["PARTNERSHIP_CONTACT_PHONE"],
            chair_name=config["CHAIR_NAME"],
        ),
        clock=container.clock,
        templates=container.templates,
        job_id=_job_id(),
    )
    return {
        "documents": [r.id for r in result.records],
        "reused": result.reused,
        "handed_over": result.handed_over,
    }


@_not_retried_when_permanent
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
        failures=container.failures,
        partnership_name=container.config["PARTNERSHIP_NAME"],
        clock=container.clock,
        templates=container.templates,
        job_id=_job_id(),
    )
    return _drafted(result)


@_not_retried_when_permanent
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
        failures=container.failures,
        settings=PanelLetterSettings(
            partnership_name=config["PARTNERSHIP_NAME"],
            panel_address=config["PANEL_ADDRESS"],
            panel_chair_name=config["PANEL_CHAIR_NAME"],
            chair_name=config["CHAIR_NAME"],
        ),
        clock=container.clock,
        templates=container.templates,
        job_id=_job_id(),
    )
    return _drafted(result)


def _drafted(result: rr_generation.Drafted) -> dict[str, Any]:
    return {
        "documents": [r.id for r in result.records],
        "reused": result.reused,
        "skipped": result.skipped,
    }


def build_pack(pack_id: int) -> dict[str, Any]:
    """Build pack ``pack_id`` (the Rapid Review meeting pack or the Panel submission pack the
    scheduler was asked for): one PDF with a contents page and bookmarks, and a .zip of the
    original .docx files, stored as the pack's next version; progress and any failure's
    reason kept for the case page and the API.

    Raises (so RQ retries) when the request or a document it holds is not readable yet, no
    unoserver converted a document in time, or the store or database failed. Safe to run
    again: a finished build is found, not made again.
    """
    container = runtime.get("documents")
    config = container.config
    tools = pack_build.Tools(
        sources=pack_parts.Sources(
            source=container.pack_source,
            store=container.store,
            records=container.records,
            partnership_name=config["PARTNERSHIP_NAME"],
            job_id=_job_id(),
            templates=container.templates,
        ),
        builds=container.pack_builds,
        converter=container.converter,
        announcer=container.announcer,
        clock=container.clock,
        workers=len(parse_pool(config["UNOSERVER_POOL"])),
    )
    result = pack_build.build_pack(int(pack_id), tools)
    return {"documents": [r.id for r in result.records], "reused": result.reused}
