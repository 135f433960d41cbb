"""The notifier's RQ jobs (contracts in shared.queue.JOBS): ids and references in, state re-read."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.notifier import (
    agency_reminders,
    alerts,
    approval_request,
    clock_alerts,
    confirmation,
    disagreement,
    meeting_invitation,
    outcome,
    overdue_digest,
    panel_letter_ready,
    resend,
    resume,
    returns_in,
    scoping,
    tracking,
)
from shared import runtime


def send_new_referral_alert(case_reference: str) -> None:
    """Email the ops team and the chair that referral ``case_reference`` has arrived.

    Idempotent per recipient (``notifier_message.idempotency_key``); raises when the case is
    not readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    alerts.send_new_referral_alert(
        case_reference,
        cases=container.cases,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.settings,
        clock=container.clock,
    )


def send_resume_link(draft_id: int, serial: int, token: str) -> None:
    """Email the referrer link ``serial`` to come back to saved draft ``draft_id``.

    Once per (draft, serial); nothing when the draft is gone or submitted, the link expired
    or a newer one replaced it. Raises only when the relay refused, so RQ retries. The token
    is never logged.
    """
    container = runtime.get("notifier")
    resume.send_resume_link(
        draft_id,
        serial,
        token,
        contacts=container.resume_contacts,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.referrer_settings,
        clock=container.clock,
    )


def send_referral_confirmation(case_reference: str) -> None:
    """Email the referrer that referral ``case_reference`` was received (reference only).

    Once per referral; nothing when the referrer gave no address. Raises when the referral
    is not readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    confirmation.send_referral_confirmation(
        case_reference,
        referrals=container.referrals,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.referrer_settings,
        clock=container.clock,
    )


def send_clock_alert(
    case_reference: str, clock: str, kind: str, day: str, label: str = "", due_on: str = ""
) -> None:
    """Email the ops team that clock ``clock`` of case ``case_reference`` is due soon, due
    today or overdue (``kind``), as the scheduler found on ``day`` (ISO date).

    ``label`` is the clock's name as staff see it and ``due_on`` its due date (ISO), both
    passed by the scheduler. Once per (case, clock, kind, day); nothing when the case is
    closed. Raises when the case is not readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    event = clock_alerts.ClockEvent.parse(case_reference, clock, kind, day, label, due_on)
    clock_alerts.send_clock_alert(
        event,
        cases=container.cases,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.clock_alert_settings,
        clock=container.clock,
    )


def send_scoping_request(case_agency_id: int, serial: int, token: str, document_id: int) -> None:
    """Email agency ``case_agency_id``'s representative its scoping request: link ``serial``
    (whose secret ``token`` is carried here only) and letter ``document_id`` attached as a PDF.

    Once per (agency, serial); nothing when the link was revoked, replaced, the agency taken
    off the case or the link expired. Raises when the link is not readable yet, the letter
    cannot be fetched or fails its checksum, or the relay refused, so RQ retries. The token
    is never logged.
    """
    container = runtime.get("notifier")
    scoping.send_scoping_request(
        case_agency_id,
        serial,
        token,
        document_id,
        requests=container.scoping_requests,
        documents=container.documents,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.agency_settings,
        clock=container.clock,
    )


def send_approval_request(link_id: int, token: str) -> None:
    """Email a lead representative approval link ``link_id`` (whose secret ``token`` is
    carried here only) to approve, or disagree with, the Rapid Review's recommendation.

    Once per link; nothing when the link was withdrawn, used or expired. Raises when the link
    is not readable yet or the relay refused, so RQ retries. The token is never logged.
    """
    container = runtime.get("notifier")
    approval_request.send_approval_request(
        link_id,
        token,
        requests=container.approval_requests,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.review_settings,
        clock=container.clock,
    )


def send_disagreement_notice(case_reference: str, version: int) -> None:
    """Email the lead representatives, the chair and the ops team that the recommendation in
    report ``version`` of case ``case_reference`` was not unanimous (reference and console
    link only).

    Once per (case, version, recipient); nothing when the report records no disagreement.
    Raises when the report is not readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    disagreement.send_disagreement_notice(
        case_reference,
        version,
        reports=container.reports,
        leads=container.lead_representatives,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.review_settings,
        clock=container.clock,
    )


def send_outcome_to_agencies(case_reference: str) -> None:
    """Email every agency on case ``case_reference`` the outcome of the Rapid Review.

    Once per (case, agency); agencies without an address are skipped. Raises when no final
    report with a recommendation is readable yet or the relay refused, so RQ retries.
    """
    container = runtime.get("notifier")
    outcome.send_outcome_to_agencies(
        case_reference,
        reports=container.reports,
        agencies=container.case_agencies,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.review_settings,
        clock=container.clock,
    )


def send_meeting_invitation(case_reference: str, event_id: int) -> None:
    """Email everyone invited to case ``case_reference``'s Rapid Review meeting its
    invitation, update or cancellation for meeting-date setting ``event_id``, with an .ics
    file (SMTP; GOV.UK Notify cannot attach one).

    Once per (case, invitee, sequence); nothing when no start time was ever given or a later
    setting replaced this one. Raises when the setting is not readable yet or the back-end
    did not take a message, so RQ retries.
    """
    container = runtime.get("notifier")
    meeting_invitation.send_meeting_invitation(
        case_reference,
        event_id,
        meetings=container.meetings,
        leads=container.lead_representatives,
        agencies=container.case_agencies,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.review_settings,
        clock=container.clock,
    )


def resend_message(message_id: int, serial: int) -> None:
    """Send message ``message_id`` again, as a new message (a member of staff asked from the
    case page; ``serial`` counts that message's resends, so a double click sends once).

    Nothing when the message is gone or its text was not kept (it held a personal link).
    Raises when the back-end did not take it yet, so RQ retries.
    """
    container = runtime.get("notifier")
    resend.resend_message(
        message_id,
        serial,
        messages=container.messages,
        mailer=container.mailer,
        mail_from=container.settings.mail_from,
        clock=container.clock,
    )


def send_agency_reminder(case_agency_id: int, serial: int, kind: str, days: int, day: str) -> None:
    """Remind agency ``case_agency_id`` (link ``serial``) to return its scoping form:
    ``kind`` before, due or overdue, ``days`` working days from the due date, as the scheduler
    found on ``day`` (ISO date).

    Once per (agency, serial, kind, days, day); nothing once the agency has returned, its
    link no longer works or the case is closed (read again right before sending). Raises
    when the link is not readable yet or the back-end did not take it, so RQ retries.
    """
    container = runtime.get("notifier")
    agency_reminders.send_agency_reminder(
        agency_reminders.Reminder.parse(case_agency_id, serial, kind, days, day),
        reminders=agency_reminders.SqlAgencyReminderReader(container.engine),
        messages=container.messages,
        mailer=container.mailer,
        settings=container.agency_settings,
        clock=container.clock,
    )


def send_panel_letter_ready(case_reference: str, document_id: int) -> None:
    """Email the chair that the letter to the Panel (document ``document_id``) of case
    ``case_reference`` is ready to check and sign (reference and console link only).

    Once per letter. Raises when the case is not readable yet or the relay did not take it,
    so RQ retries.
    """
    container = runtime.get("notifier")
    panel_letter_ready.send_panel_letter_ready(
        case_reference,
        int(document_id),
        cases=container.cases,
        messages=container.messages,
        mailer=container.mailer,
        settings=panel_letter_ready.PanelLetterReadySettings.from_config(container.config),
        clock=container.clock,
    )


def send_overdue_digest(day: str, clocks: list[dict[str, Any]]) -> None:
    """Email the ops team the digest of overdue ``clocks`` (reference, label, due date,
    working days overdue, as the scheduler listed them on ``day``, ISO date).

    Once per day. Raises when the relay did not take it, so RQ retries.
    """
    container = runtime.get("notifier")
    overdue_digest.send_overdue_digest(
        date.fromisoformat(day),
        [overdue_digest.Overdue.parse(c) for c in clocks],
        messages=container.messages,
        mailer=container.mailer,
        settings=container.clock_alert_settings,
        clock=container.clock,
    )


def send_returns_in(case_reference: str) -> None:
    """Email the ops team that every agency on case ``case_reference`` has answered its
    scoping request (reference and console link only).

    Once per case; nothing when the case is closed. Raises when the case is not readable
    yet or the relay did not take it, so RQ retries.
    """
    container = runtime.get("notifier")
    returns_in.send_returns_in(
        case_reference,
        cases=container.cases,
        messages=container.messages,
        mailer=container.mailer,
        settings=container.clock_alert_settings,
        clock=container.clock,
    )


def check_messages() -> None:
    """Settle messages whose worker stopped mid-send (expired leases) and ask GOV.UK Notify
    for the status of what it took and has not reported on (run every 5 minutes)."""
    container = runtime.get("notifier")
    tracking.check_messages(
        container.messages,
        container.mailer,
        container.clock,
        callbacks_on=bool(container.config["NOTIFY_CALLBACK_TOKEN"].strip()),
    )
