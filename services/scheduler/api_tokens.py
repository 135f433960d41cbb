"""Whose API token is this: the tokens intake issues (``cspr tokens create --email E``), read
through intake's read model, belong to the active staff member with that email, who then
acts through the JSON API with their own role and partner."""

from __future__ import annotations

import hashlib

from services.intake.readmodel import find_api_token
from services.scheduler.accounts import normalise_email
from services.scheduler.bootstrap import Container
from services.scheduler.store import staff
from services.scheduler.store.staff import StaffUser

#: longer than any token issued: not looked up
MAX_TOKEN_LENGTH = 200


class TokenNotAccepted(Exception):
    """The request is answered 401 with ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def staff_for_token(c: Container, secret: str) -> StaffUser:
    """The active staff member the token was issued to; ``TokenNotAccepted`` otherwise."""
    found = None
    if 0 < len(secret) <= MAX_TOKEN_LENGTH:
        digest = hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()
        with c.engine.connect() as conn:
            found = find_api_token(conn, digest)
    if found is None:
        raise TokenNotAccepted("The bearer token is not valid.")
    email, revoked = found
    if revoked:
        raise TokenNotAccepted("The API token has been revoked: ask for a new one.")
    with c.engine.connect() as conn:
        user = staff.by_email(conn, normalise_email(email))
    if user is None or not user.active:
        raise TokenNotAccepted("The API token's owner is not an active staff member.")
    return user
