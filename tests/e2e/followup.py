"""After "Send referral": what the referrer, the ops team and the chair each get."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.person import CHILD
from tests.e2e.support import (
    assert_accessible,
    download_copy,
    pdf_text,
    sign_in_to_case,
    wait_for_messages,
)
from tests.fixtures.stack import RunningStack

OPS = "ops-team@partnership.example"
CHAIR = "lfp-chair@partnership.example"


def check_case_and_emails(
    stack: RunningStack,
    referrer: Page,
    ops: Page,
    *,
    reference: str,
    family_member: str,
    referrer_email: str,
    sections: tuple[str, ...],
) -> None:
    """``referrer`` is on the confirmation page; ``ops`` is another person's browser."""
    assert_accessible(referrer)
    text = pdf_text(download_copy(referrer))
    assert reference in text
    assert CHILD in text
    assert family_member in text

    sign_in_to_case(ops, stack, reference)
    assert_accessible(ops)
    referral = ops.locator("#referral")
    expect(referral).to_contain_text(CHILD)
    expect(referral).to_contain_text(family_member)
    for title in sections:
        expect(referral.get_by_role("heading", name=title, exact=True)).to_be_visible()

    emails = wait_for_messages(stack, lambda m: reference in m["subject"] + m["text"], 3)
    assert sorted(m["to"] for m in emails) == sorted([OPS, CHAIR, referrer_email])
    for email in emails:
        for secret in (CHILD, "Hartley", family_member):
            assert secret not in email["subject"] and secret not in email["text"], email
    alerts = [m for m in emails if m["to"] in (OPS, CHAIR)]
    for alert in alerts:
        assert f"{stack.url('scheduler')}/cases/{reference}" in alert["text"]
