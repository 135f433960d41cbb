from __future__ import annotations

import pytest

from services.scheduler.domain.staff import (
    Partner,
    Role,
    StaffRuleError,
    check_email,
    check_partner,
    check_password,
    check_role,
    partner_label,
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


def test_role_labels_name_people_in_a_sentence() -> None:
    assert Role.CHAIR.label == "the chair"
    assert Role.OPS.label == "the partnership operations team"
    assert all(role.label for role in Role)


@pytest.mark.parametrize(
    ("partner", "health_label", "expected"),
    [
        (Partner.LOCAL_AUTHORITY, "ICB", "Local authority"),
        (Partner.POLICE, "ICB", "Police"),
        # the health partner's name is configuration: ICB today, CCG before July 2022
        (Partner.HEALTH, "Integrated care board (ICB)", "Integrated care board (ICB)"),
        (
            Partner.HEALTH,
            "Clinical commissioning group (CCG)",
            "Clinical commissioning group (CCG)",
        ),
        ("health", "NHS South East London ICB", "NHS South East London ICB"),
        ("fire", "ICB", "fire"),
    ],
)
def test_partner_labels(partner: Partner | str, health_label: str, expected: str) -> None:
    assert partner_label(partner, health_label=health_label) == expected


def test_the_default_health_label_is_the_icb() -> None:
    assert partner_label(Partner.HEALTH) == "Integrated care board (ICB)"


def test_a_partner_lead_belongs_to_one_partner_and_nobody_else_does() -> None:
    assert check_partner(Role.PARTNER_LEAD, "police") is Partner.POLICE
    assert check_partner(Role.PARTNER_LEAD, Partner.HEALTH) is Partner.HEALTH
    assert check_partner(Role.CHAIR, None) is None
    with pytest.raises(StaffRuleError, match="needs a partner: choose one of local_authority"):
        check_partner(Role.PARTNER_LEAD, None)
    with pytest.raises(StaffRuleError, match="needs a partner"):
        check_partner(Role.PARTNER_LEAD, "fire")
    with pytest.raises(StaffRuleError, match="Only a partner-lead belongs to a partner"):
        check_partner(Role.OPS, "police")
