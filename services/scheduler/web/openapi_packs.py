"""The OpenAPI paths of packs: ask for one of a case (202, queued for documents), see how its
build is going, download its PDF or .zip once built. Kinds and statuses come from
``shared.packs``, where they are declared."""

from __future__ import annotations

from typing import Any

from services.scheduler.web.openapi_schema import (
    REFERENCE,
    json_body,
    nullable,
    path_id,
    responses,
    string,
)
from shared.packs import PACK_FORMATS, PACK_KINDS, STATUSES

TAGS = ["packs"]
PACK = {"$ref": "#/components/schemas/Pack"}
PACK_ID = path_id("pack_id")
_KINDS = "; ".join(f"{k.name}: {k.description}" for k in PACK_KINDS.values())


def paths() -> dict[str, Any]:
    file_response = {
        "description": "The file (checksum checked against the one recorded); audited",
        "content": {
            "application/pdf": {"schema": string(format="binary")},
            "application/zip": {"schema": string(format="binary")},
        },
    }
    file_errors = responses("", {}, ("401", "403", "404", "409"))
    del file_errors["200"]
    return {
        "/api/v1/cases/{reference}/packs": {
            "post": {
                "operationId": "request_pack",
                "summary": "Build a pack of the case: one PDF with a contents page and "
                "bookmarks, and a .zip of the original .docx files",
                "description": _KINDS,
                "tags": TAGS,
                "parameters": [REFERENCE],
                "requestBody": json_body(
                    {
                        "type": "object",
                        "properties": {"kind": string(enum=list(PACK_KINDS))},
                        "required": ["kind"],
                    }
                ),
                "responses": {
                    **responses(
                        "Asked for: the pack's id and status (queued); its Location is the "
                        "status to follow",
                        PACK,
                        ("400", "401", "403", "404", "409", "422"),
                        status="202",
                        described={
                            "404": "No such case",
                            "409": "The pack cannot be built for the case now: the reason says why",
                            "422": "The kind is not one of the packs",
                        },
                    ),
                    "503": {
                        "description": "The job queue did not answer: nothing was kept",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
        "/api/v1/packs/{pack_id}": {
            "get": {
                "operationId": "show_pack",
                "summary": "How a pack's build is going, and its files once built",
                "tags": TAGS,
                "parameters": [PACK_ID],
                "responses": responses(
                    "The pack", PACK, ("401", "403", "404"), described={"404": "No such pack"}
                ),
            }
        },
        "/api/v1/packs/{pack_id}/{fmt}": {
            "get": {
                "operationId": "download_pack",
                "summary": "The pack's PDF or .zip of .docx files, once built",
                "tags": TAGS,
                "parameters": [
                    PACK_ID,
                    {
                        "name": "fmt",
                        "in": "path",
                        "required": True,
                        "schema": string(enum=list(PACK_FORMATS)),
                    },
                ],
                "responses": {
                    "200": file_response,
                    **file_errors,
                    "409": {
                        "description": "Not built yet",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
    }


def schemas() -> dict[str, Any]:
    when = nullable(string(format="date-time"))
    return {
        "Pack": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "case_reference": string(),
                "kind": string(enum=list(PACK_KINDS)),
                "title": string(),
                "status": string(enum=list(STATUSES)),
                "status_label": string(),
                "progress": {
                    "type": "object",
                    "description": "Steps done of all: each document, the contents page, the merge",
                    "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}},
                    "required": ["done", "total"],
                },
                "requested_at": string(format="date-time"),
                "requested_by": string(),
                "finished_at": when,
                "attempts": {"type": "integer"},
                "reason": nullable(string(description="Why the build failed, in staff's words")),
                "version": nullable({"type": "integer"}),
                "files": nullable(
                    {
                        "type": "object",
                        "properties": {fmt: string() for fmt in PACK_FORMATS},
                        "required": list(PACK_FORMATS),
                    }
                ),
            },
            "required": ["id", "case_reference", "kind", "status", "progress", "files"],
        }
    }
