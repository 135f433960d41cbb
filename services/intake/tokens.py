"""API tokens: bearer tokens for the JSON API, issued by ``cspr tokens create``.

A token is 32 random bytes (``secrets.token_urlsafe(32)``: 256 bits), shown once and stored
only as its SHA-256. Checking one is a lookup of that hash through a unique index, so the
time taken depends on the hash, never on how much of a guess matches a real token; a
plain digest (no salt, no slow hash) is enough for values of that much randomness.

The port ``ApiTokenStore`` has a SQL adapter here and an in-memory fake for unit tests
(tests/unit/intake/api_fakes.py).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Engine

from services.intake.ports import Clock
from services.intake.tables import api_token
from shared.forms.emails import looks_like_email

#: ``Authorization: Bearer <token>`` headers longer than this are not tokens we issued
_MAX_TOKEN_LENGTH = 200
#: how precisely ``last_used_at`` is kept: a client sending many requests a second would
#: otherwise make every request wait for a write to the same row
USE_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class ApiToken:
    id: int
    email: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class IssuedToken:
    """A new token and the secret itself, which exists only here (never stored)."""

    token: ApiToken
    secret: str


class TokenRefused(Exception):
    """No usable token: the request is answered 401 with ``reason``."""

    def __init__(self, reason: str, *, given: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        #: False when no bearer token was sent at all (RFC 6750: no ``error`` parameter)
        self.given = given


class TokenRuleError(ValueError):
    """A token cannot be made or changed as asked (bad email, unknown id)."""


class ApiTokenStore(Protocol):
    def add(self, *, email: str, token_hash: str, created_at: datetime) -> ApiToken: ...

    def find(self, token_hash: str) -> ApiToken | None:
        """The token with this hash, revoked or not."""
        ...

    def record_use(self, token_id: int, *, at: datetime) -> None:
        """Set ``last_used_at`` to ``at`` unless it is later already."""
        ...

    def all(self) -> list[ApiToken]:
        """Every token, oldest first."""
        ...

    def revoke(self, token_id: int, *, at: datetime) -> ApiToken | None:
        """Revoke the token unless it is revoked already; None when there is no such id."""
        ...


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(store: ApiTokenStore, *, email: str, clock: Clock) -> IssuedToken:
    email = email.strip().lower()
    if not looks_like_email(email):
        raise TokenRuleError(f"{email!r} is not an email address")
    secret = secrets.token_urlsafe(32)
    token = store.add(email=email, token_hash=hash_token(secret), created_at=clock())
    return IssuedToken(token=token, secret=secret)


def bearer_secret(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; ``TokenRefused`` if none."""
    if not authorization or not authorization.strip():
        raise TokenRefused(
            "Send your API token as 'Authorization: Bearer <token>' "
            "(tokens are made with `cspr tokens create`).",
            given=False,
        )
    scheme, _, secret = authorization.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or " " in secret:
        raise TokenRefused(
            "The Authorization header must be 'Bearer <token>' with one token.", given=True
        )
    return secret


def authenticate(store: ApiTokenStore, authorization: str | None, *, clock: Clock) -> ApiToken:
    """The active token named by an ``Authorization`` header, its use recorded (to the
    minute)."""
    secret = bearer_secret(authorization)
    token = None if len(secret) > _MAX_TOKEN_LENGTH else store.find(hash_token(secret))
    if token is None:
        raise TokenRefused("The API token is not one this service issued.", given=True)
    if not token.active:
        raise TokenRefused(
            "The API token has been revoked: ask the partnership for a new one.", given=True
        )
    now = clock()
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        store.record_use(token.id, at=now)
    return token


def revoke_token(store: ApiTokenStore, token_id: int, *, clock: Clock) -> ApiToken:
    token = store.revoke(token_id, at=clock())
    if token is None:
        raise TokenRuleError(f"There is no API token {token_id}.")
    return token


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=int(row.id),
        email=row.email,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


_COLUMNS = (
    api_token.c.id,
    api_token.c.email,
    api_token.c.created_at,
    api_token.c.last_used_at,
    api_token.c.revoked_at,
)


class SqlApiTokenStore:
    """``ApiTokenStore`` on PostgreSQL or SQLite (table ``intake_api_token``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, *, email: str, token_hash: str, created_at: datetime) -> ApiToken:
        with self.engine.begin() as conn:
            row = conn.execute(
                insert(api_token)
                .values(email=email, token_hash=token_hash, created_at=created_at)
                .returning(*_COLUMNS)
            ).one()
        return _token(row)

    def find(self, token_hash: str) -> ApiToken | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(*_COLUMNS).where(api_token.c.token_hash == token_hash)
            ).first()
        return _token(row) if row is not None else None

    def record_use(self, token_id: int, *, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(api_token)
                .where(
                    api_token.c.id == token_id,
                    or_(api_token.c.last_used_at.is_(None), api_token.c.last_used_at < at),
                )
                .values(last_used_at=at)
            )

    def all(self) -> list[ApiToken]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(*_COLUMNS).order_by(api_token.c.id)).all()
        return [_token(row) for row in rows]

    def revoke(self, token_id: int, *, at: datetime) -> ApiToken | None:
        with self.engine.begin() as conn:
            conn.execute(
                update(api_token)
                .where(api_token.c.id == token_id, api_token.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            row = conn.execute(select(*_COLUMNS).where(api_token.c.id == token_id)).first()
        return _token(row) if row is not None else None
