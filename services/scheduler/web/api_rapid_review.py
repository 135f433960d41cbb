"""JSON API v1: the Rapid Review meeting's participants and the Report of Rapid Review, with
the console's rules and wording — the meeting and its quorum; adding and removing a
participant; the report's versions; starting a draft, changing its answers, finalising it
(which asks the three lead representatives to decide). The case actions themselves (setting
the meeting date, recording it held, deciding on the recommendation) are
``/api/v1/cases/{reference}/actions/{action}``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from services.scheduler import rapid_review_meeting as meeting
from services.scheduler import report
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import ActionRefused
from services.scheduler.domain.meeting import (
    PARTICIPANT_INPUTS,
    Participant,
    ParticipantErrors,
    check_participant,
)
from services.scheduler.domain.report import ReportChange
from services.scheduler.domain.staff import partner_label
from services.scheduler.store.report import ReportDraft
from services.scheduler.web.api import audit_case_view
from services.scheduler.web.api_v1 import (
    REFERENCE,
    action_refused,
    invalid_input,
    json_object,
    not_json,
    problem,
    read_body,
    staff_actor,
)
from services.scheduler.web.session import container
from shared.web import csrf

bp = Blueprint("api_v1_rapid_review", __name__, url_prefix="/api/v1")
# JSON bodies only (a cross-site form cannot send one), so no CSRF token is asked for
csrf.exempt(bp)


def _reference(reference: str) -> str:
    if not REFERENCE.fullmatch(reference):
        abort(404, f"No case with reference {reference}.")
    return reference


def participant_json(person: Participant) -> dict[str, Any]:
    label = container().config["HEALTH_PARTNER_LABEL"]
    return {
        "id": person.id,
        "name": person.name,
        "job_role": person.job_role,
        "agency": person.agency,
        "partner": person.partner.value if person.partner else None,
        "partner_label": partner_label(person.partner, health_label=label)
        if person.partner
        else None,
    }


def _meeting(reference: str) -> meeting.MeetingView:
    try:
        return meeting.meeting_view(container(), _reference(reference))
    except meeting.CaseNotFound:
        abort(404, f"No case with reference {reference}.")


def meeting_json(view: meeting.MeetingView) -> dict[str, Any]:
    def day(d: Any) -> str | None:
        return d.isoformat() if d else None

    return {
        "reference": view.reference,
        "meeting_on": day(view.meeting_on),
        "held": view.held,
        "window_opens_on": day(view.window_opens_on),
        "window_closes_on": day(view.window_closes_on),
        "quorate": view.quorate,
        "quorum": view.quorum_text,
        "participants": [participant_json(p) for p in view.participants],
    }


@bp.get("/cases/<reference>/meeting", endpoint="meeting")
def show_meeting(reference: str) -> ResponseReturnValue:
    view = _meeting(reference)
    audit_case_view(view.reference, "api v1", "case.meeting_viewed")
    return jsonify(meeting_json(view))


@bp.post("/cases/<reference>/meeting/participants", endpoint="add_participant")
def add_participant(reference: str) -> ResponseReturnValue:
    view = _meeting(reference)
    c, actor = container(), staff_actor()
    refused = meeting.refusal(c, view.reference, actor)
    if refused:
        return action_refused(refused)
    body = json_object()
    if body is None:
        return not_json()
    values, wrong = read_body(PARTICIPANT_INPUTS, body)
    if wrong:  # with every other message too, as the console shows them all at once
        try:
            check_participant(values, london_date(c.clock()))
        except ParticipantErrors as checked:
            wrong = {**checked.errors, **wrong}
        return invalid_input(PARTICIPANT_INPUTS, wrong)
    try:
        made = meeting.add_participant(
            c, view.reference, values, actor, remote_addr=request.remote_addr
        )
    except ParticipantErrors as errors:
        return invalid_input(PARTICIPANT_INPUTS, errors.errors)
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    person = next(p for p in _meeting(reference).participants if p.id == made)
    return jsonify(participant_json(person)), 201


@bp.delete(
    "/cases/<reference>/meeting/participants/<int:participant_id>", endpoint="remove_participant"
)
def remove_participant(reference: str, participant_id: int) -> ResponseReturnValue:
    view = _meeting(reference)
    try:
        removed = meeting.remove_participant(
            container(),
            view.reference,
            participant_id,
            staff_actor(),
            remote_addr=request.remote_addr,
        )
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    if not removed:
        abort(404, f"Case {reference} has no participant {participant_id}.")
    return "", 204


def version_json(version: ReportDraft, *, answers: bool) -> dict[str, Any]:
    found: dict[str, Any] = {
        "version": version.version,
        "status": "final" if version.final else "draft",
        "form_id": version.form_id,
        "form_version": version.form_version,
        "saved_at": version.saved_at.isoformat(),
        "finalised_at": version.finalised_at.isoformat() if version.finalised_at else None,
    }
    if answers:
        found["answers"] = version.answers
    return found


def _state(reference: str) -> report.ReportState:
    try:
        return report.report_state(container(), _reference(reference))
    except report.CaseNotFound:
        abort(404, f"No case with reference {reference}.")


def report_json(found: report.ReportState) -> dict[str, Any]:
    newest = found.newest
    return {
        "reference": found.reference,
        "newest": version_json(newest, answers=True) if newest else None,
        "awaiting_approval": found.final_pending,
        "versions": [version_json(v, answers=False) for v in found.versions],
    }


@bp.get("/cases/<reference>/report", endpoint="report")
def show_report(reference: str) -> ResponseReturnValue:
    found = _state(reference)
    audit_case_view(found.reference, "api v1", "case.report_viewed")
    return jsonify(report_json(found))


@bp.post("/cases/<reference>/report/draft", endpoint="start_draft")
def start_draft(reference: str) -> ResponseReturnValue:
    before = _state(reference)
    try:
        report.start(container(), before.reference, staff_actor(), remote_addr=request.remote_addr)
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    after = _state(reference)
    made = after.newest is not None and (
        before.newest is None or after.newest.version != before.newest.version
    )
    return jsonify(report_json(after)), 201 if made else 200


@bp.patch("/cases/<reference>/report/draft", endpoint="save_draft")
def save_draft(reference: str) -> ResponseReturnValue:
    found = _state(reference)
    c, actor = container(), staff_actor()
    refused = report.refusal(c, found.reference, actor, ReportChange.EDIT)
    if refused:
        return action_refused(refused)
    body = json_object()
    if body is None:
        return not_json()
    answers = body.get("answers")
    if set(body) != {"answers"} or not isinstance(answers, dict):
        return problem(
            400,
            "bad_request",
            'Send {"answers": {...}}: the answers to change by question id, in the '
            "shape GET .../report shows them (null takes an answer away).",
        )
    try:
        _, errors = report.save_answers(c, found.reference, answers, actor)
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    except report.ReportLocked:
        return action_refused("That version of the report was finalised meanwhile.")
    if errors:
        return _invalid_answers(errors)
    return jsonify(report_json(_state(reference)))


def _invalid_answers(errors: dict[str, str]) -> ResponseReturnValue:
    count = len(errors)
    return problem(
        422,
        "invalid_answers",
        f"{count} answer{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
        "correcting: see 'errors', by answer path, in the console's words.",
        errors=errors,
    )


@bp.post("/cases/<reference>/report/final", endpoint="finalise")
def finalise(reference: str) -> ResponseReturnValue:
    found = _state(reference)
    try:
        checked = report.finalise(
            container(), found.reference, staff_actor(), remote_addr=request.remote_addr
        )
    except ActionRefused as refusal:
        return action_refused(refusal.reason)
    except report.ReportLocked:
        return action_refused("That version of the report was finalised meanwhile.")
    if not checked.ok:
        return _invalid_answers(checked.errors)
    return jsonify(report_json(_state(reference)))
