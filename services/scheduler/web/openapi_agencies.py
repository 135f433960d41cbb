"""The OpenAPI paths of a case's agencies: the list, adding one (typed or from the
directory), changing its details, and each change to one agency, their bodies derived from
the same declared inputs the console's forms are (``AGENCY_INPUTS``, ``CHANGE_FORMS``)."""

from __future__ import annotations

from typing import Any

from services.scheduler.domain.agencies import AgencyKind, ScopingStatus
from services.scheduler.domain.agency_changes import AGENCY_INPUTS, CHANGE_FORMS
from services.scheduler.web.agencies import CHANGE_SLUGS
from services.scheduler.web.openapi_schema import (
    MAX_ID,
    REFERENCE,
    inputs_schema,
    json_body,
    nullable,
    path_id,
    responses,
    string,
)

AGENCY_ID = path_id("agency_id")
AGENCY = {"$ref": "#/components/schemas/CaseAgency"}
_WORDS = {
    "404": "No such case, or the case has no such agency",
    "409": "The case's agencies cannot be changed now, or not by this token's owner: the "
    "reason says why",
}
_WRITE_ERRORS = ("400", "401", "403", "404", "409", "422")
TAGS = ["agencies"]


def addjson_body() -> dict[str, Any]:
    typed = inputs_schema("An agency typed in", AGENCY_INPUTS)
    picked = {
        "type": "object",
        "title": "An agency from the partnership's directory",
        "properties": {
            "directory_id": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_ID,
                "title": "The directory entry: its details are copied onto the case",
            }
        },
        "required": ["directory_id"],
    }
    return {
        "title": "The agency to add",
        "description": "Either the agency's details, or the id of an active entry of the "
        "directory (when directory_id is sent, the details are not read).",
        "anyOf": [typed, picked],
    }


def paths() -> dict[str, Any]:
    agencies = "/api/v1/cases/{reference}/agencies"
    one = agencies + "/{agency_id}"
    found: dict[str, Any] = {
        agencies: {
            "get": {
                "operationId": "list_case_agencies",
                "summary": "The agencies involved in a case, and where each scoping return stands",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "responses": responses(
                    "The agencies",
                    {"$ref": "#/components/schemas/CaseAgencies"},
                    ("401", "403", "404"),
                    described=_WORDS,
                ),
            },
            "post": {
                "operationId": "add_case_agency",
                "summary": "Add an agency to the case, typed in or from the directory",
                "tags": TAGS,
                "parameters": [REFERENCE],
                "requestBody": json_body(addjson_body()),
                "responses": responses(
                    "The agency was added",
                    AGENCY,
                    _WRITE_ERRORS,
                    status="201",
                    described=_WORDS,
                ),
            },
        },
        one: {
            "patch": {
                "operationId": "change_case_agency",
                "summary": "Change an agency's details on this case (those not sent are kept)",
                "tags": TAGS,
                "parameters": [REFERENCE, AGENCY_ID],
                "requestBody": json_body(
                    inputs_schema("The details to change", AGENCY_INPUTS, required=False)
                ),
                "responses": responses(
                    "The agency as it is now", AGENCY, _WRITE_ERRORS, described=_WORDS
                ),
            }
        },
    }
    for slug, change in CHANGE_SLUGS.items():
        form = CHANGE_FORMS[change]
        heading = form.heading.format(agency="an agency")
        found[f"{one}/{slug}"] = {
            "post": {
                "operationId": f"{change.value}_case_agency",
                "summary": heading,
                "description": form.warning,
                "tags": TAGS,
                "parameters": [REFERENCE, AGENCY_ID],
                "requestBody": json_body(inputs_schema(heading, form.inputs)),
                "responses": responses(
                    "Done: the agency as it is now", AGENCY, _WRITE_ERRORS, described=_WORDS
                ),
            }
        }
    return found


def schemas() -> dict[str, Any]:
    agency = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": string(),
            "kind": string(enum=[k.value for k in AgencyKind]),
            "kind_label": string(),
            "representative": string(),
            "email": string(),
            "source": string(enum=["referral", "directory", "typed"]),
            "status": string(enum=[s.value for s in ScopingStatus]),
            "status_label": string(),
            "due_on": nullable(string(format="date")),
            "link_serial": nullable({"type": "integer"}),
            "submitted_at": nullable(string(format="date-time")),
            "removed": {"type": "boolean", "title": "Taken off the case"},
        },
        "required": [
            "id",
            "name",
            "kind",
            "kind_label",
            "representative",
            "email",
            "source",
            "status",
            "status_label",
            "due_on",
            "link_serial",
            "submitted_at",
            "removed",
        ],
    }
    return {
        "CaseAgency": agency,
        "CaseAgencies": {
            "type": "object",
            "properties": {
                "agencies": {"type": "array", "items": AGENCY},
                "returned": {
                    "type": "integer",
                    "title": "How many have returned the scoping form or said the family is "
                    "not known to them",
                },
            },
            "required": ["agencies", "returned"],
        },
    }
