"""Every background job's contract, and the one helper that enqueues them.

Cross-service work travels only as RQ jobs named by dotted path, so no service imports
another's code to get work done. ``JOBS`` is the contract table that docs/architecture.md
describes and that the worker-queue test checks against ``make run`` and docker-compose.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)
_UNSAFE_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class JobSpec:
    name: str
    queue: str
    #: ``str.format`` template over the keyword arguments: the idempotency key
    job_id: str
    retry_intervals: tuple[int, ...]
    timeout: int
    description: str
    #: the arguments carry a secret (a resume token): the job is deleted once done, and a
    #: failed one is kept a day for inspection rather than a month
    secret_arguments: bool = False

    def id_for(self, kwargs: dict[str, Any]) -> str:
        # RQ takes letters, digits, "-" and "_" only: a time ("2026-12-03T13:35:30+00:00")
        # in the id keeps its digits
        return _UNSAFE_IN_ID.sub("-", self.job_id.format(**kwargs))


_SPECS = (
    JobSpec(
        "services.intake.jobs.relay_pending_referrals",
        "intake",
        "intake-relay-pending",
        (),
        120,
        "Hand every stored referral not yet handed off to the scheduler (outbox relay; run "
        "every minute by `rq cron`, so referrals accepted while Redis was down are not lost).",
    ),
    JobSpec(
        "services.intake.jobs.delete_expired_drafts",
        "intake",
        "intake-delete-expired-drafts",
        (),
        300,
        "Delete saved referrals not submitted within `DRAFT_RETENTION_DAYS`, and the answers "
        "of submitted ones (run hourly by `rq cron`).",
    ),
    JobSpec(
        "services.scheduler.jobs.open_case",
        "scheduler",
        "open-case-{referral_id}",
        (10, 30, 60, 300, 900),
        60,
        "Open the case for an intake referral, start its working-day clocks, then ask for the "
        "referral document and the new-referral alert.",
    ),
    JobSpec(
        "services.scheduler.jobs.record_document",
        "scheduler",
        "record-document-{document_id}",
        (10, 30, 60, 300, 900),
        60,
        "Attach a stored document (metadata only: kind, format, file name, SHA-256, size) to "
        "its case so staff can download it.",
    ),
    JobSpec(
        "services.documents.jobs.render_referral",
        "documents",
        "render-referral-{case_reference}",
        (30, 60, 300, 900, 1800),
        300,
        "Fill the referral Word template, convert it to PDF through the unoserver pool, store "
        "both in S3 under deterministic keys with SHA-256 checksums.",
    ),
    JobSpec(
        "services.notifier.jobs.send_new_referral_alert",
        "notifier",
        "new-referral-alert-{case_reference}",
        (30, 60, 300, 900, 1800),
        60,
        "Email the ops team and the chair that a referral has arrived (reference, route and "
        "deadline only: no child's details in email).",
    ),
    JobSpec(
        "services.notifier.jobs.send_resume_link",
        "notifier",
        "resume-link-{draft_id}-{serial}",
        (30, 60, 300, 900, 1800),
        60,
        "Email a referrer the link to come back to a saved referral (the link and its expiry "
        "only: no answers in email). Not sent when a newer link has replaced it.",
        secret_arguments=True,
    ),
    JobSpec(
        "services.notifier.jobs.send_referral_confirmation",
        "notifier",
        "referral-confirmation-{case_reference}",
        (30, 60, 300, 900, 1800),
        60,
        "Email the referrer that the referral was received, with its reference only (never the "
        "child's details).",
    ),
    JobSpec(
        "services.scheduler.jobs.evaluate_clocks",
        "scheduler",
        "evaluate-clocks",
        (),
        300,
        "Re-evaluate the clocks of every open case and emit each due-soon, due-today and "
        "overdue event once per case, clock and day, catching up after downtime (run every "
        "15 minutes by `rq cron`).",
    ),
    JobSpec(
        "services.notifier.jobs.send_clock_alert",
        "notifier",
        "clock-alert-{case_reference}-{clock}-{kind}-{day}",
        (30, 60, 300, 900, 1800),
        60,
        "Email the ops team that a case's clock is due soon, due today or overdue (reference, "
        "clock and dates only).",
    ),
    JobSpec(
        "services.documents.jobs.render_scoping_letter",
        "documents",
        "scoping-letter-{case_agency_id}-{serial}",
        (30, 60, 300, 900, 1800),
        300,
        "Fill the letter to accompany the scoping form (App. ii) for one agency on a case, "
        "convert it to PDF, store both, then ask the notifier to email it with the agency's "
        "link (carried through, never stored).",
        secret_arguments=True,
    ),
    JobSpec(
        "services.notifier.jobs.send_scoping_request",
        "notifier",
        "scoping-request-{case_agency_id}-{serial}",
        (30, 60, 300, 900, 1800),
        60,
        "Email an agency's representative the scoping request: the App. ii letter as a PDF "
        "attachment and the agency's link (no child's details). Not sent when the link was "
        "revoked, replaced or has expired.",
        secret_arguments=True,
    ),
    JobSpec(
        "services.scheduler.jobs.record_scoping_activity",
        "scheduler",
        "scoping-activity-{case_agency_id}-{activity}-{at}",
        (10, 30, 60, 300, 900),
        60,
        "Put what an agency did with its scoping link (opened, draft saved, returned, not "
        "known) on the case timeline once; when every agency has returned, the return clock "
        "is met.",
    ),
    JobSpec(
        "services.intake.jobs.reopen_scoping_return",
        "intake",
        "reopen-scoping-{case_agency_id}-{reopened_at}",
        (10, 30, 60, 300, 900),
        60,
        "Reopen an agency's submitted scoping return so the agency can change it through its "
        "link (ops gave a reason).",
    ),
    JobSpec(
        "services.documents.jobs.render_rapid_review_report",
        "documents",
        "rr-report-{case_reference}-v{version}",
        (30, 60, 300, 900, 1800),
        300,
        "Make a final version of the Report of Rapid Review (App. iv) as .docx and PDF from "
        "its answers, and store both.",
    ),
    JobSpec(
        "services.documents.jobs.render_panel_letter",
        "documents",
        "panel-letter-{case_reference}-v{version}",
        (30, 60, 300, 900, 1800),
        300,
        "Draft the letter to the national Panel (App. v) for the chair's signature, as .docx "
        "(editable) and PDF, from the approved report version.",
    ),
    JobSpec(
        "services.documents.jobs.build_pack",
        "documents",
        "pack-{pack_id}",
        (30, 60, 300, 900, 1800),
        900,
        "Build a pack ops asked for (the Rapid Review meeting pack, the Panel submission pack): "
        "one PDF/A with a contents page and bookmarks, and a .zip of the .docx files, stored as "
        "the pack's next version; progress and any failure's reason kept for the case page.",
    ),
    JobSpec(
        "services.notifier.jobs.send_approval_request",
        "notifier",
        "approval-request-{link_id}",
        (30, 60, 300, 900, 1800),
        60,
        "Email a lead representative the link to approve, or disagree with, the Rapid Review's "
        "recommendation (no child's details). Not sent when the link was withdrawn or used.",
        secret_arguments=True,
    ),
    JobSpec(
        "services.notifier.jobs.send_disagreement_notice",
        "notifier",
        "disagreement-notice-{case_reference}-v{version}",
        (30, 60, 300, 900, 1800),
        60,
        "Tell the three lead representatives that the Rapid Review's recommendation was not "
        "unanimous (reference and console link only).",
    ),
    JobSpec(
        "services.scheduler.jobs.overdue_digest",
        "scheduler",
        "overdue-digest",
        (),
        300,
        "From 7am London on a working day, ask the notifier for the day's digest of overdue "
        "clocks (run every 15 minutes by `rq cron`).",
    ),
    JobSpec(
        "services.notifier.jobs.send_overdue_digest",
        "notifier",
        "overdue-digest-{day}",
        (30, 60, 300, 900, 1800),
        60,
        "Email the ops team the day's digest of overdue clocks (references, steps and dates "
        "only), once a day.",
    ),
    JobSpec(
        "services.notifier.jobs.send_returns_in",
        "notifier",
        "returns-in-{case_reference}",
        (30, 60, 300, 900, 1800),
        60,
        "Tell the ops team that every agency on a case has answered its scoping request "
        "(reference and console link only).",
    ),
    JobSpec(
        "services.notifier.jobs.send_panel_letter_ready",
        "notifier",
        "panel-letter-ready-{case_reference}-{document_id}",
        (30, 60, 300, 900, 1800),
        60,
        "Tell the chair that the letter to the Panel is ready to check and sign (reference "
        "and console link only).",
    ),
    JobSpec(
        "services.notifier.jobs.send_outcome_to_agencies",
        "notifier",
        "outcome-to-agencies-{case_reference}",
        (30, 60, 300, 900, 1800),
        60,
        "Tell every agency on the case the outcome of the Rapid Review (reference and outcome "
        "only), once per agency.",
    ),
    JobSpec(
        "services.notifier.jobs.send_meeting_invitation",
        "notifier",
        "meeting-invitation-{case_reference}-{event_id}",
        (30, 60, 300, 900, 1800),
        60,
        "Invite the lead representatives, the chair, ops and the case's agencies to the Rapid "
        "Review meeting with an .ics file (updated, or cancelled, when the date is set again); "
        "once per (case, invitee, sequence); nothing without a start time.",
    ),
    JobSpec(
        "services.notifier.jobs.resend_message",
        "notifier",
        "resend-message-{message_id}-{serial}",
        (30, 60, 300, 900, 1800),
        60,
        "Send a message again as a new message, with the same content (a member of staff "
        "asked from the case page); once per (message, serial).",
    ),
    JobSpec(
        "services.notifier.jobs.check_messages",
        "notifier",
        "notifier-check-messages",
        (),
        120,
        "Settle messages whose worker stopped mid-send (expired leases) and ask GOV.UK Notify "
        "for the status of messages it has not reported on (run every 5 minutes).",
    ),
    JobSpec(
        "services.scheduler.jobs.remind_agencies",
        "scheduler",
        "remind-agencies",
        (),
        300,
        "Find the agencies with a working scoping link and no return that are due a reminder "
        "or an overdue notice today (`AGENCY_REMINDER_DAYS`, `AGENCY_OVERDUE_EVERY_DAYS`, in "
        "working days) and ask the notifier for each (run every 15 minutes by `rq cron`).",
    ),
    JobSpec(
        "services.notifier.jobs.send_agency_reminder",
        "notifier",
        "agency-reminder-{case_agency_id}-{serial}-{kind}-{days}-{day}",
        (30, 60, 300, 900, 1800),
        60,
        "Remind an agency's representative to return the scoping form, or that it is overdue "
        "(reference and due date; the link is not repeated). Not sent once the agency has "
        "returned, its link was withdrawn, replaced or has expired, or the case was closed.",
    ),
)
JOBS: dict[str, JobSpec] = {spec.name: spec for spec in _SPECS}
#: every queue some code enqueues to; the workers must listen on exactly these
QUEUES: tuple[str, ...] = tuple(sorted({spec.queue for spec in _SPECS}))

_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def enqueue(connection: Redis, name: str, **kwargs: Any) -> Job:
    """Enqueue job ``name`` with keyword arguments, idempotently.

    A job with the same id that is still waiting or running is returned instead of a second
    copy; a finished or failed one is replaced (every job is safe to run again).
    """
    spec = JOBS[name]
    job_id = spec.id_for(kwargs)
    try:
        existing = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        existing = None
    if existing is not None and existing.get_status(refresh=False) in _LIVE:
        return existing
    retry = (
        Retry(max=len(spec.retry_intervals), interval=list(spec.retry_intervals))
        if spec.retry_intervals
        else None
    )
    job = Queue(spec.queue, connection=connection).enqueue(
        spec.name,
        kwargs=kwargs,
        job_id=job_id,
        retry=retry,
        job_timeout=spec.timeout,
        result_ttl=0 if spec.secret_arguments else 86400,
        failure_ttl=86400 if spec.secret_arguments else 30 * 86400,
        description=f"{spec.name} ({job_id})",
    )
    log.info("enqueued %s on %s as %s", spec.name, spec.queue, job_id)
    return job
