"""What the scheduler does to cases: open them from referrals, attach documents, audit."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from services.intake.readmodel import fetch_referral
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import referral_agencies
from services.scheduler.domain.opening import plan_case
from services.scheduler.domain.routes import Route
from services.scheduler.store import audit, cases
from services.scheduler.store.agencies import add_case_agency
from services.scheduler.store.audit import AuditEvent
from services.scheduler.store.cases import DocumentRow
from services.scheduler.store.lifecycle import meetings

log = logging.getLogger(__name__)

RENDER_REFERRAL = "services.documents.jobs.render_referral"
NEW_REFERRAL_ALERT = "services.notifier.jobs.send_new_referral_alert"
REFERRAL_CONFIRMATION = "services.notifier.jobs.send_referral_confirmation"
PANEL_LETTER_READY = "services.notifier.jobs.send_panel_letter_ready"
#: the documents service's kind for the letter to the national Panel; its Word file is the
#: one the chair checks and signs, so its arrival is what tells the chair
PANEL_LETTER = ("panel-letter", "docx")


class ReferralMissing(LookupError):
    """No intake referral with that id (yet): the job fails and RQ retries it."""


class CaseMissing(LookupError):
    """No case with that reference (yet): the job fails and RQ retries it."""


@dataclass(frozen=True)
class Opened:
    reference: str
    created: bool


def open_case(c: Container, referral_id: int) -> Opened:
    """Open the case for ``referral_id`` once, then ask for its document and its alert.

    The follow-up jobs are enqueued on every run, so a run that crashed after committing
    still gets them sent; they are idempotent by job id and by their own checks.
    """
    opened = _store_case(c, referral_id)
    c.queue.enqueue(RENDER_REFERRAL, case_reference=opened.reference)
    c.queue.enqueue(NEW_REFERRAL_ALERT, case_reference=opened.reference)
    c.queue.enqueue(REFERRAL_CONFIRMATION, case_reference=opened.reference)
    log.info(
        "case %s %s for referral %s",
        opened.reference,
        "opened" if opened.created else "already open",
        referral_id,
    )
    return opened


def _store_case(c: Container, referral_id: int) -> Opened:
    try:
        with c.engine.begin() as conn:
            existing = cases.case_by_referral(conn, referral_id)
            if existing is not None:
                return Opened(existing.reference, created=False)
            referral = fetch_referral(conn, referral_id)
            if referral is None:
                raise ReferralMissing(f"no referral {referral_id}")
            new = plan_case(
                referral_id=referral.id,
                reference=referral.reference,
                kind=referral.kind,
                received_at=referral.received_at,
                rules=c.clock_rules,
                calendar=c.calendar,
                meetings=meetings(conn),
            )
            case_id = cases.insert_case(conn, new, opened_at=c.clock())
            if new.route is Route.SERIOUS_INCIDENT:
                # the referral's "other agencies known to be involved" start the case's list
                for details, reason in referral_agencies(referral.answers):
                    add_case_agency(
                        conn, case_id, details, source="referral", reason=reason, at=c.clock()
                    )
            return Opened(new.reference, created=True)
    except IntegrityError:
        # another run of this job committed the same case first
        with c.engine.connect() as conn:
            existing = cases.case_by_referral(conn, referral_id)
        if existing is None:
            raise
        return Opened(existing.reference, created=False)


def record_document(
    c: Container,
    *,
    document_id: int,
    case_reference: str,
    kind: str,
    format: str,
    filename: str,
    sha256: str,
    size: int,
) -> bool:
    """Attach a stored document to its case; False when it was attached already."""
    with c.engine.begin() as conn:
        found = cases.case_by_reference(conn, case_reference)
        if found is None:
            raise CaseMissing(f"no case {case_reference}")
        added = cases.add_document(
            conn,
            found.id,
            DocumentRow(int(document_id), kind, format, filename, sha256, int(size), c.clock()),
        )
    log.info(
        "document %s %s to case %s",
        document_id,
        "attached" if added else "already attached",
        case_reference,
    )
    if (kind, format) == PANEL_LETTER:
        # asked on every run, not only when attached now: a run that failed to hand it over
        # tries again; the job id and the notifier's key keep it to one email per letter
        c.queue.enqueue(
            PANEL_LETTER_READY, case_reference=case_reference, document_id=int(document_id)
        )
    return added


def audit_event(
    c: Container,
    action: str,
    *,
    actor_id: int | None = None,
    actor_email: str | None = None,
    case_reference: str | None = None,
    detail: str = "",
    remote_addr: str | None = None,
) -> None:
    with c.engine.begin() as conn:
        audit.record(
            conn,
            AuditEvent(
                c.clock(), action, actor_id, actor_email, case_reference, detail, remote_addr
            ),
        )
