"""What every web service shares: GOV.UK Frontend templates and assets, CSRF, security
headers, error pages (HTML for people, JSON for ``/api/``), and the health endpoints."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

from flask import (
    Flask,
    Request,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_from_directory,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from shared.config import Config

REPO_ROOT = Path(__file__).resolve().parents[1]
GOVUK_DIST = REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
BUILT_CSS = REPO_ROOT / "var" / "static"
SHARED_TEMPLATES = Path(__file__).with_name("templates")

#: the largest request body a web service reads; a form's largest answers fit in one API body
#: even with every letter JSON-escaped (tests/unit/forms/test_storage_limits.py)
MAX_REQUEST_BYTES = 2 * 1024 * 1024

csrf = CSRFProtect()


class ReadableFormParser(FormDataParser):
    """Form bodies whose bytes are not UTF-8 are read with U+FFFD in place of those bytes.

    Werkzeug keeps an undecodable percent-escape as its literal text ("Am%FFelia") and drops
    a body with raw undecodable bytes altogether; either way the person would not be told.
    U+FFFD is what the form checker reports on the field ("contains characters that could
    not be read").
    """

    def _parse_urlencoded(
        self, stream: IO[bytes], mimetype: str, content_length: int | None, options: Any
    ) -> Any:
        items = parse_qsl(
            stream.read().decode("utf-8", "replace"), keep_blank_values=True, errors="replace"
        )
        return stream, self.cls(items), self.cls()


class CsprRequest(Request):
    form_data_parser_class = ReadableFormParser


def configure_web(app: Flask, config: Config) -> None:
    app.request_class = CsprRequest
    app.config.update(
        SECRET_KEY=config["SECRET_KEY"] or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.is_production,
        SESSION_COOKIE_NAME=f"cspr_{config.service}",
        WTF_CSRF_TIME_LIMIT=4 * 3600,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        PARTNERSHIP_NAME=config["PARTNERSHIP_NAME"],
    )
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(app.root_path) / "templates")),
            FileSystemLoader(str(SHARED_TEMPLATES)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.autoescape = True
    app.jinja_env.globals["partnership_name"] = config["PARTNERSHIP_NAME"]
    WTFormsHelpers(app)
    csrf.init_app(app)

    @app.get("/assets/<path:filename>")
    def govuk_assets(filename: str) -> ResponseReturnValue:
        return send_from_directory(GOVUK_DIST / "assets", filename, max_age=86400)

    @app.get("/static/govuk/<any('govuk-frontend.min.js', 'govuk-frontend.min.css'):filename>")
    def govuk_bundle(filename: str) -> ResponseReturnValue:
        return send_from_directory(GOVUK_DIST, filename, max_age=3600)

    @app.get("/static/cspr.css")
    def cspr_css() -> ResponseReturnValue:
        # Built by `npm run build` (GOV.UK Frontend compiled with a non-GOV.UK font);
        # falls back to the precompiled GOV.UK stylesheet when not built.
        if (BUILT_CSS / "cspr.css").is_file():
            return send_from_directory(BUILT_CSS, "cspr.css", max_age=3600)
        if (GOVUK_DIST / "govuk-frontend.min.css").is_file():
            return send_from_directory(GOVUK_DIST, "govuk-frontend.min.css", max_age=3600)
        abort(404)

    app.before_request(_refuse_cut_bodies)

    @app.before_request
    def _nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        nonce = getattr(g, "csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; "
            f"script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.jinja_env.globals["csp_nonce"] = lambda: getattr(g, "csp_nonce", "")
    register_error_handlers(app)


def body_within_limit() -> bytes:
    """The whole request body, or 413 when it is over ``MAX_CONTENT_LENGTH``, however sent.

    A body with a Content-Length over the limit is refused before it is read. A chunked
    body is read by Werkzeug up to the limit, which then stops without saying whether more
    was sent (the form would be silently cut): one more byte from the server's input tells.
    The body is cached, so the form parser reads the same bytes.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    too_large = RequestEntityTooLarge(f"The body is larger than the limit of {limit:,} bytes.")
    try:
        body = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None
    cut = request.content_length is None and len(body) >= limit
    if cut and request.environ["wsgi.input"].read(1):
        raise too_large
    return body


def _refuse_cut_bodies() -> None:
    if request.content_length is None and request.method in ("POST", "PUT", "PATCH"):
        body_within_limit()


def wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        if wants_json():
            return jsonify(error="csrf_failed", reason=error.description), 400
        return render_template(
            "error.html",
            status=400,
            title="Your session has expired",
            message="Go back, reload the page and try again. Nothing you typed has been sent.",
        ), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        # what the error adds (Allow on a 405), without its HTML content type
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if wants_json():
            return (
                jsonify(
                    error=(error.name or "error").lower().replace(" ", "_"),
                    reason=error.description,
                ),
                status,
                headers,
            )
        titles = {
            404: "Page not found",
            403: "You do not have access to this page",
            405: "Method not allowed",
            409: "This cannot be done now",
            413: "Too much data was sent",
        }
        return (
            render_template(
                "error.html",
                status=status,
                title=titles.get(status, error.name),
                message=error.description,
            ),
            status,
            headers,
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled %s on %s", type(error).__name__, request.endpoint)
        if wants_json():
            return jsonify(
                error="internal_error", reason="Something went wrong on our side; try again later."
            ), 500
        return render_template(
            "error.html",
            status=500,
            title="Sorry, there is a problem with the service",
            message="Try again later.",
        ), 500
