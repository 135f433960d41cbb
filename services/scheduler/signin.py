"""One sign-in attempt: throttled, checked, recorded for throttling and audited.

A refused, failed or throttled attempt is audited without the password, and with the
typed email address only when it is an account's (it might be a password typed in the
wrong box).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduler import throttle
from services.scheduler.accounts import authenticate, known_email
from services.scheduler.bootstrap import Container
from services.scheduler.casework import audit_event
from services.scheduler.store.staff import StaffUser


@dataclass(frozen=True)
class Outcome:
    user: StaffUser | None = None
    #: the attempt was refused unchecked: too many failures lately
    throttled: bool = False


def attempt(c: Container, email: str, password: str, remote_addr: str | None) -> Outcome:
    key = throttle.account_key(c, email)
    refused = throttle.refusal(c, key, remote_addr)
    if refused is not None:
        _audit_failure(c, "staff.sign_in_throttled", email, remote_addr, refused)
        return Outcome(throttled=True)
    user = authenticate(c, email, password)
    throttle.record(c, key, remote_addr, succeeded=user is not None)
    if user is None:
        _audit_failure(c, "staff.sign_in_failed", email, remote_addr, None)
        return Outcome()
    audit_event(
        c, "staff.signed_in", actor_id=user.id, actor_email=user.email, remote_addr=remote_addr
    )
    return Outcome(user=user)


def _audit_failure(
    c: Container, action: str, email: str, remote_addr: str | None, throttled_by: str | None
) -> None:
    known = known_email(c, email)
    if throttled_by is not None:
        detail = f"too many failed attempts for this {throttled_by}"
        detail += "" if known else "; unknown email address"
    else:
        detail = "wrong password or inactive account" if known else "unknown email address"
    audit_event(
        c,
        action,
        actor_id=known.id if known else None,
        actor_email=known.email if known else None,
        detail=detail,
        remote_addr=remote_addr,
    )
