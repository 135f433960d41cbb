"""After "Send referral": what the referrer, the ops team and the chair each get."""

from __future__ import annotations

from datetime import date

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
    first_step: bool = False,
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
    if first_step:
        record_an_action(ops)

    emails = wait_for_messages(stack, lambda m: reference in m["subject"] + m["text"], 3)
    assert sorted(m["to"] for m in emails) == sorted([OPS, CHAIR, referrer_email])
    for email in emails:
        for secret in (CHILD, "Hartley", family_member):
            assert secret not in email["subject"] and secret not in email["text"], email
    alerts = [m for m in emails if m["to"] in (OPS, CHAIR)]
    for alert in alerts:
        assert f"{stack.url('scheduler')}/cases/{reference}" in alert["text"]


def record_an_action(ops: Page) -> None:
    """The ops team records a step from the case page: the form's errors, then the timeline."""
    ops.get_by_role("link", name="Record that the lead representatives were informed").click()
    assert_accessible(ops)
    ops.get_by_role("button", name="Record that the lead representatives were informed").click()
    expect(ops.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the lead representatives were informed"
    )
    assert_accessible(ops)
    group = ops.get_by_role("group", name="The date the lead representatives were informed")
    today = date.today()
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    ops.get_by_role("button", name="Record that the lead representatives were informed").click()
    expect(ops.locator("#state")).to_have_text("Lead representatives informed")
    expect(ops.locator("#timeline-entries")).to_contain_text("lead representatives")
    assert_accessible(ops)
