"""The administrators' pages of the partnership's own document templates: every template
and which is in use; one template's fields, versions, upload and downloads. The documents
service checks, keeps and serves them (``templates_client``); every view, upload, choice
and download is audited here (``templates.viewed``, ``templates.replaced``,
``templates.upload_refused``, ``templates.reverted``, ``templates.downloaded``).

Administrators only (``access.ACCESS``): a template shapes every document the partnership
sends, so it is configuration, not casework; ops and the chair neither need nor get it.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from services.scheduler.casework import audit_event
from services.scheduler.documents_client import DocumentsUnavailable
from services.scheduler.templates_client import (
    BUILT_IN,
    Catalogue,
    TemplateNotFound,
    UploadProblem,
    UploadRefused,
)
from services.scheduler.web.downloads import as_download
from services.scheduler.web.session import container, current_staff

log = logging.getLogger(__name__)
bp = Blueprint("templates", __name__)
#: the file input's name and id, which the error summary links to
FILE_INPUT = "template-file"
NO_FILE = UploadProblem("no_file", "Select a Word document (.docx) to upload")


def _audit(action: str, detail: str) -> None:
    user = current_staff()
    audit_event(
        container(),
        action,
        actor_id=user.id if user else None,
        actor_email=user.email if user else None,
        detail=detail,
        remote_addr=request.remote_addr,
    )


def _catalogue() -> Catalogue:
    try:
        return container().templates.catalogue()
    except DocumentsUnavailable:
        abort(503, "The documents service is not answering. Try again in a few minutes.")


def _email() -> str:
    user = current_staff()
    assert user is not None  # ACCESS lets only signed-in administrators here
    return str(user.email)


@bp.get("/templates")
def overview() -> ResponseReturnValue:
    catalogue = _catalogue()
    _audit("templates.viewed", "template=all")
    return render_template("document_templates.html", catalogue=catalogue, page_title="Templates")


def _page(name: str, problems: list[UploadProblem] | None = None) -> str:
    """The template's page, with ``problems`` of an upload in its error summary."""
    catalogue = _catalogue()
    try:
        shown = catalogue.get(name)
    except TemplateNotFound:
        abort(404, f"There is no template called {name}.")
    _audit("templates.viewed", f"template={name}")
    errors = [{"text": p.message, "href": f"#{FILE_INPUT}"} for p in problems or []]
    fields = {f.name for f in shown.fields}
    unused = [f for f in request.args.get("unused", "").split(",") if f in fields]
    return render_template(
        "document_template.html",
        template=shown,
        max_size=catalogue.max_size,
        errors=errors,
        file_input=FILE_INPUT,
        uploaded=request.args.get("uploaded", type=int),
        in_use=request.args.get("in_use", ""),
        unused=unused,
        built_in=BUILT_IN,
        page_title=("Error: " if errors else "") + shown.title,
    )


@bp.get("/templates/<name>")
def template(name: str) -> ResponseReturnValue:
    return _page(name)


@bp.post("/templates/<name>")
def upload(name: str) -> ResponseReturnValue:
    sent = request.files.get("template")
    if sent is None or not sent.filename:
        return _page(name, [NO_FILE]), 400
    try:
        made = container().templates.upload(name, sent.filename, sent.read(), _email())
    except UploadRefused as refused:
        codes = ",".join(p.code for p in refused.problems)
        _audit("templates.upload_refused", f"template={name}; problems={codes}")
        return _page(name, refused.problems), 400
    except TemplateNotFound:
        abort(404, f"There is no template called {name}.")
    except DocumentsUnavailable:
        abort(
            503, "The documents service did not answer: the template was not uploaded. Try again."
        )
    version = made.version
    _audit(
        "templates.replaced",
        f"template={name}; version={version.version}; sha256={version.sha256}",
    )
    unused = ",".join(made.unused_fields)
    return redirect(url_for(".template", name=name, uploaded=version.version, unused=unused), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """A file larger than a request may be: said on the page, like any other problem."""
    name = (request.view_args or {}).get("name", "")
    if request.endpoint != "templates.upload" or not isinstance(name, str):
        title = "Too much data was sent"
        return render_template(
            "error.html", status=413, title=title, message=error.description
        ), 413
    limit = _catalogue().max_size
    problem = UploadProblem("too_large", f"The selected file must be smaller than {limit}")
    _audit("templates.upload_refused", f"template={name}; problems=too_large")
    return _page(name, [problem]), 413


def _chosen_version(raw: str) -> int | None:
    if raw == BUILT_IN:
        return None
    if raw.isdigit() and 0 < int(raw) < 2**31:
        return int(raw)
    abort(400, "Choose a version of the template, or the built-in template.")


@bp.post("/templates/<name>/active")
def choose(name: str) -> ResponseReturnValue:
    version = _chosen_version(request.form.get("version", ""))
    try:
        container().templates.choose(name, version, _email())
    except TemplateNotFound:
        abort(404, f"Template {name} has no such version.")
    except DocumentsUnavailable:
        abort(503, "The documents service did not answer: nothing was changed. Try again.")
    chosen = BUILT_IN if version is None else str(version)
    _audit("templates.reverted", f"template={name}; version={chosen}")
    return redirect(url_for(".template", name=name, in_use=chosen), 303)


@bp.get("/templates/<name>/download")
def download(name: str) -> ResponseReturnValue:
    raw = request.args.get("version", "")
    version: int | str | None
    if raw:
        version = BUILT_IN if raw == BUILT_IN else _chosen_version(raw)
    else:
        # the one in use, named: the audit says which file was taken
        try:
            active = _catalogue().get(name).active
        except TemplateNotFound:
            abort(404, f"There is no template called {name}.")
        version = active.version if active else BUILT_IN
    try:
        stream = container().templates.open(name, version)
    except TemplateNotFound:
        abort(404, f"Template {name} has no such version.")
    except DocumentsUnavailable:
        abort(503, "The documents service did not send the file. Try again in a few minutes.")
    _audit("templates.downloaded", f"template={name}; version={version}")
    filename = f"{name}.docx" if version == BUILT_IN else f"{name}-v{version}.docx"
    return as_download(stream, filename)
