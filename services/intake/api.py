"""The JSON API under /api/v1: the forms and their schemas (public), referrals (bearer token).

Every answer is JSON, errors included (``{"error", "reason"}``; shared.web answers 404, 405,
413 and 500 the same way for /api/ paths) and none may be cached. The API takes no cookies,
so it is exempt from CSRF protection.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from services.intake.api_referrals import ApiRefusal, read_request, submit_api_referral
from services.intake.bootstrap import Container
from services.intake.tokens import TokenRefused, authenticate
from shared.forms.registry import FORMS, REFERRAL_FORMS
from shared.forms.schema import json_schema
from shared.web import body_within_limit, csrf

REALM = "cspr intake API"


def _container() -> Container:
    container: Container = current_app.extensions["cspr"]
    return container


def _form_or_404(form_id: str) -> None:
    if form_id not in REFERRAL_FORMS:
        raise ApiRefusal(404, "not_found", f"There is no form {form_id!r}.")


def list_forms() -> ResponseReturnValue:
    return jsonify(
        forms=[
            {
                "id": form.id,
                "version": form.version,
                "title": form.title,
                "caption": form.caption,
                "schema": url_for(".form_schema", form_id=form.id, _external=True),
            }
            for form in (FORMS[form_id] for form_id in REFERRAL_FORMS)
        ]
    )


def form_schema(form_id: str) -> ResponseReturnValue:
    _form_or_404(form_id)
    return jsonify(json_schema(FORMS[form_id], base_url=request.url_root.rstrip("/")))


def create_referral() -> ResponseReturnValue:
    c = _container()
    token = authenticate(c.api_tokens, request.headers.get("Authorization"), clock=c.clock)
    submitted = submit_api_referral(
        referrals=c.referrals,
        queue=c.queue,
        clock=c.clock,
        request=read_request(body_within_limit()),
        token_id=token.id,
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    response = jsonify(
        reference=submitted.reference, form=submitted.form.id, version=submitted.form.version
    )
    response.status_code = 201 if submitted.created else 200
    if not submitted.created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _refused(refusal: ApiRefusal) -> ResponseReturnValue:
    return jsonify(refusal.body()), refusal.status


def _unauthorized(refused: TokenRefused) -> ResponseReturnValue:
    challenge = f'Bearer realm="{REALM}"'
    if refused.given:
        challenge += ', error="invalid_token"'
    return (
        jsonify(error="unauthorized", reason=refused.reason),
        401,
        {"WWW-Authenticate": challenge},
    )


def _no_store(response: Response) -> Response:
    # registered app-wide so that 404s and 405s of /api/ paths, which match no view of
    # this blueprint, are not cached either
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def api_blueprint() -> Blueprint:
    bp = Blueprint("intake_api", __name__, url_prefix="/api/v1")
    bp.add_url_rule("/forms", view_func=list_forms, methods=["GET"])
    bp.add_url_rule("/forms/<form_id>/schema.json", view_func=form_schema, methods=["GET"])
    bp.add_url_rule("/referrals", view_func=create_referral, methods=["POST"])
    bp.register_error_handler(ApiRefusal, _refused)
    bp.register_error_handler(TokenRefused, _unauthorized)
    bp.after_app_request(_no_store)
    csrf.exempt(bp)
    return bp
