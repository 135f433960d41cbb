"""Staff accounts: roles, partners, and the password and email rules the CLI and sign-in share.

A partner-lead belongs to one of the three safeguarding partners. The health partner's name
changed (clinical commissioning group until July 2022, integrated care board since), so its
label is configuration passed in by the caller; the stored value is always ``health``.
"""

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

    @property
    def label(self) -> str:
        """Who the role is, as a refusal names them: "Only the chair can …"."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.OPS: "the partnership operations team",
    Role.CHAIR: "the chair",
    Role.PARTNER_LEAD: "a lead representative",
    Role.ADMIN: "an administrator",
}


class Partner(StrEnum):
    LOCAL_AUTHORITY = "local_authority"
    POLICE = "police"
    HEALTH = "health"


DEFAULT_HEALTH_LABEL = "Integrated care board (ICB)"


def partner_label(partner: Partner | str, *, health_label: str = DEFAULT_HEALTH_LABEL) -> str:
    """The partner's name today; ``health_label`` comes from configuration."""
    labels = {
        Partner.LOCAL_AUTHORITY: "Local authority",
        Partner.POLICE: "Police",
        Partner.HEALTH: health_label,
    }
    try:
        return labels[Partner(partner)]
    except ValueError:
        return str(partner)


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


def check_partner(role: Role, partner: str | None) -> Partner | None:
    """A partner-lead belongs to exactly one partner; no other role belongs to one."""
    if role is not Role.PARTNER_LEAD:
        if partner:
            raise StaffRuleError(f"Only a partner-lead belongs to a partner, not {role.value}")
        return None
    try:
        return Partner(partner or "")
    except ValueError:
        choices = ", ".join(p.value for p in Partner)
        raise StaffRuleError(f"A partner-lead needs a partner: choose one of {choices}") from None
