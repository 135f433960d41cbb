"""In-memory stand-ins for the JSON API's ports (unit tests only), and the app built on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from services.intake.app import create_app
from services.intake.ports import NewReferral, StoredReferral
from services.intake.references import format_reference, reference_year
from services.intake.tokens import ApiToken, IssuedToken, issue_token
from shared.config import load_config
from tests.unit.intake.fakes import FakeQueue, FixedClock


@dataclass
class FakeApiTokens:
    tokens: list[ApiToken] = field(default_factory=list)
    hashes: dict[str, int] = field(default_factory=dict)
    #: writes of last_used_at
    uses: int = 0

    def add(self, *, email: str, token_hash: str, created_at: datetime) -> ApiToken:
        token = ApiToken(id=len(self.tokens) + 1, email=email, created_at=created_at)
        self.tokens.append(token)
        self.hashes[token_hash] = token.id
        return token

    def get(self, token_id: int) -> ApiToken:
        return self.tokens[token_id - 1]

    def _set(self, token: ApiToken) -> ApiToken:
        self.tokens[token.id - 1] = token
        return token

    def find(self, token_hash: str) -> ApiToken | None:
        token_id = self.hashes.get(token_hash)
        return None if token_id is None else self.get(token_id)

    def record_use(self, token_id: int, *, at: datetime) -> None:
        self.uses += 1
        token = self.get(token_id)
        if token.last_used_at is None or token.last_used_at < at:
            self._set(replace(token, last_used_at=at))

    def all(self) -> list[ApiToken]:
        return list(self.tokens)

    def revoke(self, token_id: int, *, at: datetime) -> ApiToken | None:
        if not 0 < token_id <= len(self.tokens):
            return None
        token = self.get(token_id)
        return self._set(replace(token, revoked_at=at)) if token.active else token


@dataclass
class KeyedReferrals:
    """The referral store of ``ports.ReferralRepository``, idempotent by submission key."""

    prefix: str = "TEST"
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, new: NewReferral, *, received_at: datetime) -> StoredReferral:
        for row in self.rows:
            if new.submission_key is not None and row["submission_key"] == new.submission_key:
                return StoredReferral(id=row["id"], reference=row["reference"], created=False)
        year = reference_year(received_at)
        number = 1 + sum(1 for r in self.rows if reference_year(r["received_at"]) == year)
        row = {
            "id": len(self.rows) + 1,
            "reference": format_reference(self.prefix, year, number),
            "received_at": received_at,
            "new": new,
            "submission_key": new.submission_key,
            "handed_off_at": None,
        }
        self.rows.append(row)
        return StoredReferral(id=row["id"], reference=row["reference"])

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        row = self.rows[referral_id - 1]
        row["handed_off_at"] = row["handed_off_at"] or at

    def pending(self, limit: int) -> Any:
        raise NotImplementedError("the API tests do not relay")


@dataclass
class ApiWorld:
    """The intake app with fakes behind it, and a token issued for the tests."""

    app: Flask
    tokens: FakeApiTokens
    referrals: KeyedReferrals
    queue: FakeQueue
    clock: FixedClock
    issued: IssuedToken

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.issued.secret}"}


def api_world(*, now: datetime = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)) -> ApiWorld:
    config = load_config(
        "intake",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite://",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "REFERENCE_PREFIX": "TEST",
        },
    )
    tokens, referrals, queue, clock = (
        FakeApiTokens(),
        KeyedReferrals(),
        FakeQueue(),
        FixedClock(now),
    )
    app = create_app(config, api_tokens=tokens, referrals=referrals, queue=queue, clock=clock)
    issued = issue_token(tokens, email="mash@council.example", clock=clock)
    return ApiWorld(app, tokens, referrals, queue, clock, issued)
