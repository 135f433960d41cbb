"""Sign-in throttling, per account and per remote address.

The account is keyed by the email address as typed, whether or not it is anyone's: the
refusal looks and behaves the same for a made-up address, so it tells nobody which
addresses have accounts. The key is an HMAC of the address, so the table says nothing
even when someone types their password into the email box.
"""

from __future__ import annotations

import hashlib
import hmac

from services.scheduler.bootstrap import Container
from services.scheduler.domain.staff import normalise_email
from services.scheduler.store import attempts


def account_key(c: Container, email: str) -> str:
    secret = (c.config["SECRET_KEY"] or "cspr-sign-in-throttle").encode()
    return hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def refusal(c: Container, key: str, remote_addr: str | None) -> str | None:
    """Why this attempt must not even be checked ("account" or "address"), or None."""
    policy = c.throttle_policy
    since = c.clock() - policy.window
    with c.engine.connect() as conn:
        if attempts.failures_for_account(conn, key, since) >= policy.per_account:
            return "account"
        if remote_addr and (
            attempts.failures_from_address(conn, remote_addr, since) >= policy.per_address
        ):
            return "address"
    return None


def record(c: Container, key: str, remote_addr: str | None, *, succeeded: bool) -> None:
    now = c.clock()
    with c.engine.begin() as conn:
        attempts.forget_before(conn, now - c.throttle_policy.window)
        attempts.record(conn, at=now, account_key=key, remote_addr=remote_addr, succeeded=succeeded)
