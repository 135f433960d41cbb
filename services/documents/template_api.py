"""The internal API of the partnership's own templates, for the console's administrators'
pages (the scheduler cannot write documents' tables nor reach the store). Guarded by the
``SERVICE_TOKEN`` bearer token like the file API (``api.py``); errors are JSON with
``error`` and ``reason``.

``GET /api/templates``                          every template: in use, versions, fields
``GET /api/templates/<name>``                   one of them
``POST /api/templates/<name>/versions?filename=F&uploaded_by=E``  the .docx as the body:
    201 and the new version, in use from now on; 422 ``template_refused`` with ``problems``
``PUT /api/templates/<name>/active``            ``{"version": 3 | null, "chosen_by": E}``
``GET /api/templates/<name>/content?version=3|built-in``  the file (default: the one in use)
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from services.documents import template_admin
from services.documents.api import require_service_token
from services.documents.catalogue import CATALOGUE, UnknownTemplate
from services.documents.common import CONTENT_TYPES, DOCX, sha256_hex
from services.documents.ports import StoreError
from services.documents.template_checks import (
    MAX_TEMPLATE_BYTES,
    MAX_TEMPLATE_SIZE,
    TemplateRefused,
)
from services.documents.template_ports import CustomTemplate, TemplateChoice

log = logging.getLogger(__name__)

bp = Blueprint("template_api", __name__, url_prefix="/api/templates")
bp.before_request(require_service_token)
BUILT_IN = "built-in"


def _container() -> Any:
    return current_app.extensions["cspr"]


def _version(found: CustomTemplate) -> dict[str, Any]:
    return {
        "version": found.version,
        "template_version": found.template_version,
        "sha256": found.sha256,
        "size": found.size,
        "filename": found.filename,
        "uploaded_by": found.uploaded_by,
        "uploaded_at": found.uploaded_at.isoformat(),
    }


def _choice(found: TemplateChoice | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "version": found.version,
        "chosen_by": found.chosen_by,
        "chosen_at": found.chosen_at.isoformat(),
    }


def _state(name: str) -> dict[str, Any]:
    try:
        shown = template_admin.state(_container().template_library, name)
    except UnknownTemplate:
        abort(404, description=f"No template called {name}.")
    return {
        "name": name,
        "title": shown.spec.title,
        "built_in_version": shown.built_in_version,
        "active": _version(shown.active) if shown.active else None,
        "choice": _choice(shown.choice),
        "versions": [_version(v) for v in shown.versions],
        "fields": [
            {"name": field_name, "description": field.description, "required": field.required}
            for field_name, field in shown.spec.all_fields.items()
        ],
    }


@bp.get("")
def templates() -> ResponseReturnValue:
    return jsonify(
        max_bytes=MAX_TEMPLATE_BYTES,
        max_size=MAX_TEMPLATE_SIZE,
        templates=[_state(name) for name in CATALOGUE],
    )


@bp.get("/<name>")
def template(name: str) -> ResponseReturnValue:
    return jsonify(_state(name))


@bp.post("/<name>/versions")
def upload(name: str) -> ResponseReturnValue:
    filename = request.args.get("filename", "").strip()
    uploaded_by = request.args.get("uploaded_by", "").strip()
    if not filename or not uploaded_by:
        abort(400, description="Give the file's name (filename) and who uploads it (uploaded_by).")
    container = _container()
    try:
        made = template_admin.upload(
            name,
            filename,
            request.get_data(),
            uploaded_by,
            library=container.template_library,
            converter=container.upload_converter,
            branding=container.branding,
            now=container.clock(),
        )
    except UnknownTemplate:
        abort(404, description=f"No template called {name}.")
    except TemplateRefused as refused:
        log.info("template %s refused: %s", name, [p.code for p in refused.problems])
        problems = [
            {"code": p.code, "message": p.message, "fields": list(p.fields)}
            for p in refused.problems
        ]
        reason = "The template was not accepted: see 'problems'."
        return jsonify(error="template_refused", reason=reason, problems=problems), 422
    except StoreError:
        log.warning("template %s: store unavailable", name)
        abort(503, description="The document store is not answering; try again later.")
    log.info("template %s version %s accepted and in use", name, made.template.version)
    return jsonify(version=_version(made.template), unused_fields=list(made.accepted.unused)), 201


@bp.put("/<name>/active")
def choose(name: str) -> ResponseReturnValue:
    body = request.get_json(silent=True)
    version = body.get("version") if isinstance(body, dict) else None
    chosen_by = body.get("chosen_by") if isinstance(body, dict) else None
    if (
        not isinstance(body, dict)
        or "version" not in body
        or not (version is None or (isinstance(version, int) and not isinstance(version, bool)))
        or not isinstance(chosen_by, str)
        or not chosen_by.strip()
    ):
        abort(
            400,
            description='Send {"version": <a version number, or null for the built-in '
            'template>, "chosen_by": "<email>"}.',
        )
    container = _container()
    try:
        template_admin.choose(
            name,
            version,
            chosen_by.strip(),
            library=container.template_library,
            now=container.clock(),
        )
    except UnknownTemplate:
        abort(404, description=f"No template called {name}.")
    except template_admin.VersionMissing:
        abort(404, description=f"Template {name} has no version {version}.")
    log.info("template %s: version %s in use", name, version or BUILT_IN)
    return jsonify(_state(name))


@bp.get("/<name>/content")
def content(name: str) -> ResponseReturnValue:
    container = _container()
    wanted = request.args.get("version", "")
    try:
        if wanted == "":
            active = container.template_library.active(name) if name in CATALOGUE else None
            version = active.version if active else None
        elif wanted == BUILT_IN:
            version = None
        elif wanted.isdigit() and 0 < int(wanted) < 2**31:
            version = int(wanted)
        else:
            abort(400, description=f"version must be a number or {BUILT_IN}.")
        filename, data = template_admin.content(container.template_library, name, version)
    except UnknownTemplate:
        abort(404, description=f"No template called {name}.")
    except template_admin.VersionMissing:
        abort(404, description=f"Template {name} has no version {wanted}.")
    except StoreError:
        log.warning("template %s: its file could not be read from the store", name)
        abort(503, description="The template's file could not be read; try again later.")
    return Response(
        data,
        mimetype=CONTENT_TYPES[DOCX],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Checksum-SHA256": sha256_hex(data),
            "Cache-Control": "no-store",
        },
    )
