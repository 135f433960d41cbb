"""API tokens: made at random, kept only as a hash, checked by hash, revoked for good."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

import pytest

from services.intake.tokens import (
    TokenRefused,
    TokenRuleError,
    authenticate,
    bearer_secret,
    hash_token,
    issue_token,
    revoke_token,
)
from tests.unit.intake.api_fakes import FakeApiTokens
from tests.unit.intake.fakes import FixedClock


@pytest.fixture
def store() -> FakeApiTokens:
    return FakeApiTokens()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


def test_a_token_is_random_urlsafe_and_only_its_hash_is_stored(
    store: FakeApiTokens, clock: FixedClock
) -> None:
    issued = issue_token(store, email=" MASH@Council.Example ", clock=clock)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", issued.secret)  # 32 bytes: 256 bits
    assert issued.token.email == "mash@council.example"
    assert issued.token.created_at == clock()
    assert list(store.hashes) == [hashlib.sha256(issued.secret.encode()).hexdigest()]
    assert hash_token(issued.secret) in store.hashes
    assert issued.secret not in repr(store)
    secrets = {issue_token(store, email="a@b.example", clock=clock).secret for _ in range(50)}
    assert len(secrets) == 50


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "a b@c.example"])
def test_a_token_needs_an_email_address(
    store: FakeApiTokens, clock: FixedClock, email: str
) -> None:
    with pytest.raises(TokenRuleError, match="is not an email address"):
        issue_token(store, email=email, clock=clock)
    assert store.tokens == []


def test_a_good_token_is_recognised_and_its_use_recorded(
    store: FakeApiTokens, clock: FixedClock
) -> None:
    issued = issue_token(store, email="mash@council.example", clock=clock)
    clock.advance(hours=2)
    token = authenticate(store, f"Bearer {issued.secret}", clock=clock)
    assert token.id == issued.token.id
    assert store.get(token.id).last_used_at == clock()
    assert authenticate(store, f"bearer   {issued.secret} ", clock=clock).id == token.id


def test_use_is_recorded_to_the_minute_not_on_every_request(
    store: FakeApiTokens, clock: FixedClock
) -> None:
    issued = issue_token(store, email="mash@council.example", clock=clock)
    header = f"Bearer {issued.secret}"
    authenticate(store, header, clock=clock)
    first = clock()
    for _ in range(5):
        clock.advance(seconds=10)
        authenticate(store, header, clock=clock)
    assert store.get(issued.token.id).last_used_at == first
    clock.advance(seconds=10)
    authenticate(store, header, clock=clock)
    assert store.get(issued.token.id).last_used_at == clock()
    assert store.uses == 2


@pytest.mark.parametrize(
    ("header", "given"),
    [
        (None, False),
        ("", False),
        ("Bearer", True),
        ("Basic dXNlcjpwYXNz", True),
        ("Bearer two tokens", True),
    ],
)
def test_headers_without_one_bearer_token_are_refused(header: str | None, given: bool) -> None:
    with pytest.raises(TokenRefused) as refused:
        bearer_secret(header)
    assert refused.value.given is given


def test_unknown_and_revoked_tokens_are_refused(store: FakeApiTokens, clock: FixedClock) -> None:
    issued = issue_token(store, email="mash@council.example", clock=clock)
    with pytest.raises(TokenRefused, match="not one this service issued"):
        authenticate(store, f"Bearer {issued.secret}x", clock=clock)

    clock.advance(days=1)
    revoked = revoke_token(store, issued.token.id, clock=clock)
    assert revoked.revoked_at == clock() and not revoked.active
    with pytest.raises(TokenRefused, match="revoked"):
        authenticate(store, f"Bearer {issued.secret}", clock=clock)
    assert store.get(issued.token.id).last_used_at is None

    clock.advance(days=1)
    assert revoke_token(store, issued.token.id, clock=clock).revoked_at == revoked.revoked_at


def test_revoking_an_unknown_token_is_an_error(store: FakeApiTokens, clock: FixedClock) -> None:
    with pytest.raises(TokenRuleError, match="There is no API token 9"):
        revoke_token(store, 9, clock=clock)
