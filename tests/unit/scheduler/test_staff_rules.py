from __future__ import annotations

import pytest

from services.scheduler.domain.staff import (
    Role,
    StaffRuleError,
    check_email,
    check_password,
    check_role,
)


def test_roles() -> None:
    assert {r.value for r in Role} == {"ops", "chair", "partner-lead", "admin"}
    assert check_role("partner-lead") is Role.PARTNER_LEAD
    with pytest.raises(StaffRuleError, match="choose one of ops, chair, partner-lead, admin"):
        check_role("superuser")


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_passwords_under_12_characters_are_refused(password: str) -> None:
    with pytest.raises(StaffRuleError, match="at least 12 characters"):
        check_password(password)


def test_a_12_character_password_is_accepted() -> None:
    assert check_password("twelve-chars") == "twelve-chars"


def test_emails_are_normalised_and_checked() -> None:
    assert check_email("  Ops@Partnership.Example ") == "ops@partnership.example"
    with pytest.raises(StaffRuleError):
        check_email("not an email")
