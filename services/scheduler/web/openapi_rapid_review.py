"""The OpenAPI paths of a case's Rapid Review meeting (its participants, from the console's
declared ``PARTICIPANT_INPUTS``) and of its Report of Rapid Review (answers in the shape of
the form definition ``rapid-review-report``, its JSON Schema a component of the document)."""

from __future__ import annotations

from typing import Any

from services.scheduler.domain.meeting import PARTICIPANT_INPUTS
from services.scheduler.domain.staff import Partner
from services.scheduler.web.openapi_schema import (
    REFERENCE,
    inputs_schema,
    json_body,
    nullable,
    path_id,
    responses,
    string,
)
from shared.forms.definitions.rapid_review_report import RAPID_REVIEW_REPORT
from shared.forms.schema import json_schema

TAGS = ["rapid review"]
PARTICIPANT_ID = path_id("participant_id")
MEETING = {"$ref": "#/components/schemas/RapidReviewMeeting"}
REPORT = {"$ref": "#/components/schemas/RapidReviewReport"}
_MEETING_WORDS = {
    "404": "No such case, or the case has no such participant",
    "409": "The participants cannot be changed now, or not by this token's owner: the reason "
    "says why",
}
_REPORT_WORDS = {
    "409": "The report cannot be changed now, or not by this token's owner: the reason says why",
    "422": "An answer is wrong or missing: errors are keyed by answer path "
    "(child_name, family_members[0].relationship)",
}
_WRITE_ERRORS = ("400", "401", "403", "404", "409", "422")


def _meeting_paths() -> dict[str, Any]:
    base = "/api/v1/cases/{reference}/meeting"
    return {
        base: {
            "get": {
                "operationId": "show_rapid_review_meeting",
                "summary": "The Rapid Review meeting: its date and window, who took part, and "
                "whether it is quorate",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "responses": responses(
                    "The meeting", MEETING, ("401", "403", "404"), described=_MEETING_WORDS
                ),
            }
        },
        base + "/participants": {
            "post": {
                "operationId": "add_meeting_participant",
                "summary": "Record someone who took part in the meeting",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "requestBody": json_body(inputs_schema("The participant", PARTICIPANT_INPUTS)),
                "responses": responses(
                    "The participant was recorded",
                    {"$ref": "#/components/schemas/MeetingParticipant"},
                    _WRITE_ERRORS,
                    status="201",
                    described=_MEETING_WORDS,
                ),
            }
        },
        base + "/participants/{participant_id}": {
            "delete": {
                "operationId": "remove_meeting_participant",
                "summary": "Take someone off the meeting's participants",
                "tags": TAGS,
                "parameters": [REFERENCE, PARTICIPANT_ID],
                "responses": {
                    "204": {"description": "Taken off"},
                    **{
                        k: v
                        for k, v in responses(
                            "", MEETING, ("401", "403", "404", "409"), described=_MEETING_WORDS
                        ).items()
                        if k != "200"
                    },
                },
            }
        },
    }


def _report_paths() -> dict[str, Any]:
    base = "/api/v1/cases/{reference}/report"
    answers = {
        "title": "The answers to change, by question id",
        "description": "Each as ReportAnswers declares it, or null to take it away; answers "
        "not sent are kept. Every required answer is needed only to finalise.",
        "type": "object",
        "propertyNames": {"enum": sorted(_answer_schema()["properties"])},
    }
    return {
        base: {
            "get": {
                "operationId": "show_rapid_review_report",
                "summary": "The Report of Rapid Review: its newest version's answers and every "
                "version",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "responses": responses("The report", REPORT, ("401", "403", "404")),
            }
        },
        base + "/draft": {
            "post": {
                "operationId": "start_rapid_review_report",
                "summary": "Start a draft: the first is pre-filled from the referral and the "
                "agencies' returns, a later one copies the newest final version",
                "description": "201 when a new version was started, 200 with the draft "
                "already being written.",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "responses": responses(
                    "The report, with the draft as its newest version",
                    REPORT,
                    ("401", "403", "404", "409"),
                    status="201",
                    described=_REPORT_WORDS,
                ),
            },
            "patch": {
                "operationId": "change_rapid_review_report",
                "summary": "Change some of the draft's answers (each checked as the console's "
                "page checks it)",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "requestBody": json_body(
                    {
                        "type": "object",
                        "properties": {"answers": answers},
                        "required": ["answers"],
                        "additionalProperties": False,
                    }
                ),
                "responses": responses(
                    "The report as it is now", REPORT, _WRITE_ERRORS, described=_REPORT_WORDS
                ),
            },
        },
        base + "/final": {
            "post": {
                "operationId": "finalise_rapid_review_report",
                "summary": "Finalise the draft: a version never changed, sent to the three lead "
                "representatives for approval",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "responses": responses(
                    "The report, its newest version final",
                    REPORT,
                    ("401", "403", "404", "409", "422"),
                    described=_REPORT_WORDS,
                ),
            }
        },
    }


def _answer_schema() -> dict[str, Any]:
    found = json_schema(RAPID_REVIEW_REPORT)
    return {k: v for k, v in found.items() if k not in ("$schema", "$id")}


def paths() -> dict[str, Any]:
    return {**_meeting_paths(), **_report_paths()}


def schemas() -> dict[str, Any]:
    day = nullable(string(format="date"))
    participant = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": string(),
            "job_role": string(),
            "agency": string(),
            "partner": nullable(string(enum=[p.value for p in Partner])),
            "partner_label": nullable(string()),
        },
        "required": ["id", "name", "job_role", "agency", "partner", "partner_label"],
    }
    version = {
        "type": "object",
        "properties": {
            "version": {"type": "integer"},
            "status": string(enum=["draft", "final"]),
            "form_id": string(),
            "form_version": {"type": "integer"},
            "saved_at": string(format="date-time"),
            "finalised_at": nullable(string(format="date-time")),
            "answers": {
                "$ref": "#/components/schemas/ReportAnswers",
                "title": "The answers, by question id (the newest version only; a draft's may "
                "be incomplete)",
            },
        },
        "required": ["version", "status", "form_id", "form_version", "saved_at"],
    }
    return {
        "MeetingParticipant": participant,
        "RapidReviewMeeting": {
            "type": "object",
            "properties": {
                "reference": string(),
                "meeting_on": day,
                "held": {"type": "boolean"},
                "window_opens_on": day,
                "window_closes_on": day,
                "quorate": {"type": "boolean"},
                "quorum": string(title="The quorum as the console words it"),
                "participants": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/MeetingParticipant"},
                },
            },
            "required": [
                "reference",
                "meeting_on",
                "held",
                "window_opens_on",
                "window_closes_on",
                "quorate",
                "quorum",
                "participants",
            ],
        },
        "ReportVersion": version,
        "ReportAnswers": _answer_schema(),
        "RapidReviewReport": {
            "type": "object",
            "properties": {
                "reference": string(),
                "newest": nullable({"$ref": "#/components/schemas/ReportVersion"}),
                "awaiting_approval": {"type": "boolean"},
                "versions": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ReportVersion"},
                },
            },
            "required": ["reference", "newest", "awaiting_approval", "versions"],
        },
    }
