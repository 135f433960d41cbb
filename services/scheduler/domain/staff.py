"""Staff accounts: roles and the password and email rules the CLI and sign-in share."""

from __future__ import annotations

import re
from enum import StrEnum

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class Role(StrEnum):
    OPS = "ops"
    CHAIR = "chair"
    PARTNER_LEAD = "partner-lead"
    ADMIN = "admin"


class StaffRuleError(ValueError):
    """A staff account detail breaks a rule; the message is shown to the person."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    cleaned = normalise_email(email)
    if not _EMAIL.match(cleaned):
        raise StaffRuleError(f"{email!r} is not an email address")
    return cleaned


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffRuleError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long")
    return password


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise StaffRuleError(f"Unknown role {role!r}: choose one of {choices}") from None
