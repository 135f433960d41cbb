"""The pages work without JavaScript (blocked, failed to load, or an old browser): the
"If so ..." boxes are there to type in, and add-another items are plain forms.

axe-core cannot run here (it needs timers, which a context without JavaScript never fires);
the same pages are checked with JavaScript in the journey tests."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import NewPage
from tests.e2e.person import (
    MOTHER,
    add_another,
    cards,
    choose,
    enter_date,
    fill_family_member,
    on_page,
    question,
)
from tests.fixtures.stack import RunningStack

CIRCUMSTANCES = "Child's Details: circumstances and incident"
FAMILY = "Details of Family Members and any Significant Others"


def test_yes_no_details_and_an_added_item_without_javascript(
    running_stack: RunningStack, new_page: NewPage
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(f"{running_stack.url('intake')}/referrals/practice-learning")
    page.get_by_role("button", name="Start now").click()
    on_page(page, "Referrer", accessible=False)
    expect(page.locator("body")).not_to_have_class("js-enabled")
    page.goto(f"{running_stack.url('intake')}/referrals/practice-learning/circumstances")
    on_page(page, CIRCUMSTANCES, accessible=False)

    plan = "Is the child/young person subject to a child protection plan or has been previously?"
    details = question(page, plan).get_by_label("If so when, for what and for how long?")
    expect(details).to_be_visible()  # before "Yes" is chosen: nothing reveals it
    choose(page, plan, "Yes")
    details.fill("Child protection plan for neglect, 2023 to 2024")
    choose(page, "Is the child/young person looked after?", "No")
    choose(
        page,
        "Is the child/young person open to Children's Social Care or a Children & Families "
        "Practice?",
        "No",
    )
    enter_date(page, "Date of Incident (please specify which)", 20, 1, 2025)
    page.get_by_label("Address of location of incident").fill("Riverside Primary School")
    page.get_by_label("Carer at time of incident").fill("School staff")
    page.get_by_role("button", name="Continue", exact=True).click()

    on_page(page, FAMILY, accessible=False)
    add_another(page, "Yes")
    fill_family_member(page, 1, name=MOTHER, relationship="Mother", accessible=False)
    on_page(page, FAMILY, accessible=False)
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text(MOTHER)

    # the answers were kept: the details box shows what was typed, under a checked "Yes"
    page.get_by_role("link", name="Back").click()
    on_page(page, CIRCUMSTANCES, accessible=False)
    expect(question(page, plan).get_by_label("Yes", exact=True)).to_be_checked()
    expect(details).to_have_value("Child protection plan for neglect, 2023 to 2024")
