"""A referral sent to the JSON API: the body read, the answers checked, the referral stored.

No Flask here: the view passes the body's bytes and the ``Idempotency-Key`` header, and
turns an ``ApiRefusal`` into its JSON answer. Answers are checked by the same checker as
the web form (``shared.forms.checks.check_answers``), so a client gets the web form's
messages, keyed by question id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from services.intake.handoff import submit_referral
from services.intake.ports import CaseQueue, Clock, NewReferral, ReferralRepository
from services.intake.references import london_date
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS

#: long enough for a UUID or a ULID with a prefix; ``api:{token id}:{key}`` fits the
#: 100-character ``submission_key`` column for any token id below 10^30
MAX_IDEMPOTENCY_KEY = 64
_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_IDEMPOTENCY_KEY}}}")
_FIELDS = ("form", "answers")
_SHAPE = 'send {"form": "<form id>", "answers": {<answers by question id>}}'


class ApiRefusal(Exception):
    """The request cannot be taken: answered with ``status`` and ``{"error", "reason"}``."""

    def __init__(
        self, status: int, error: str, reason: str, errors: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.error = error
        self.reason = reason
        self.errors = dict(errors) if errors is not None else None

    def body(self) -> dict[str, Any]:
        found: dict[str, Any] = {"error": self.error, "reason": self.reason}
        if self.errors is not None:
            found["errors"] = self.errors
        return found


@dataclass(frozen=True)
class ReferralRequest:
    form: Form
    answers: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Submitted:
    reference: str
    form: Form
    #: False when the Idempotency-Key named a referral made earlier (a replay)
    created: bool


def _invalid_json(reason: str) -> NoReturn:
    raise ApiRefusal(400, "invalid_json", reason)


def _invalid_request(reason: str) -> NoReturn:
    raise ApiRefusal(400, "invalid_request", reason)


def _refuse_constant(name: str) -> NoReturn:
    _invalid_json(f"The body is not valid JSON: {name} is not a JSON number.")


def parse_json(body: bytes) -> Any:
    if not body.strip():
        _invalid_json(f"The body is empty: {_SHAPE}.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        _invalid_json(f"The body is not valid UTF-8 (byte {exc.start} cannot be read).")
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        _invalid_json(
            f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        )
    except RecursionError:
        _invalid_json("The body is not usable JSON: it is nested too deeply.")
    except ValueError:
        # json.loads refuses integers of more than 4,300 digits with a plain ValueError
        _invalid_json("The body is not usable JSON: a number in it is too long.")
    try:
        # a "\ud800" escape on its own decodes to half a character, which cannot be stored
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        _invalid_json("The body is not usable JSON: it escapes half a character (a surrogate).")
    return value


def read_request(body: bytes) -> ReferralRequest:
    """The form and answers of a request body; ``ApiRefusal`` says what is wrong with it."""
    value = parse_json(body)
    if not isinstance(value, dict):
        _invalid_request(f"The body must be a JSON object: {_SHAPE}.")
    unknown = sorted(set(value) - set(_FIELDS))
    if unknown:
        _invalid_request(f"Unknown field(s) {', '.join(map(repr, unknown))}: {_SHAPE}.")
    form_id, answers = value.get("form"), value.get("answers")
    if not isinstance(form_id, str):
        _invalid_request(f"'form' must be a form id, one of: {', '.join(REFERRAL_FORMS)}.")
    if not isinstance(answers, dict):
        _invalid_request(
            "'answers' must be a JSON object of answers by question id "
            f"(see GET /api/v1/forms/{form_id}/schema.json)."
        )
    if form_id not in REFERRAL_FORMS:
        raise ApiRefusal(
            422,
            "unknown_form",
            f"There is no form {form_id!r} to refer with: use one of "
            f"{', '.join(REFERRAL_FORMS)} (GET /api/v1/forms lists them).",
        )
    return ReferralRequest(form=FORMS[form_id], answers=answers)


def submission_key(token_id: int, header: str | None) -> str | None:
    """The stored ``submission_key`` for an ``Idempotency-Key`` header, scoped by token."""
    if header is None:
        return None
    if not _KEY.fullmatch(header):
        _invalid_request(
            f"The Idempotency-Key header must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII "
            "characters, without spaces (a UUID, say)."
        )
    key = f"api:{token_id}:{header}"
    if len(key) > 100:
        _invalid_request("The Idempotency-Key header is too long.")
    return key


def submit_api_referral(
    *,
    referrals: ReferralRepository,
    queue: CaseQueue,
    clock: Clock,
    request: ReferralRequest,
    token_id: int,
    idempotency_key: str | None,
) -> Submitted:
    """Check the answers as the web form would, then store and hand off the referral.

    With an ``idempotency_key`` already used by this token, the referral made then is
    returned and nothing new is stored, whatever this request's answers are.
    """
    key = submission_key(token_id, idempotency_key)
    form = request.form
    checked = check_answers(form, request.answers, london_date(clock()))
    if not checked.ok:
        count = len(checked.errors)
        raise ApiRefusal(
            422,
            "invalid_answers",
            f"{count} answer{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
            "correcting: see 'errors', by question id, in the web form's words.",
            errors=checked.errors,
        )
    stored = submit_referral(
        referrals=referrals,
        queue=queue,
        clock=clock,
        new=NewReferral.of(form, checked.answers, source="api", submission_key=key),
    )
    return Submitted(reference=stored.reference, form=form, created=stored.created)
