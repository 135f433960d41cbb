"""The serious-incident form end to end, in Debian's Chromium driven by Playwright, against
the stack started the way ``make run`` starts it: every page and every kind of error checked
with axe, a page skipped and caught at check answers, then the reference, the PDF copy, the
case in the ops console and the emails."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import NewPage
from tests.e2e.followup import check_case_and_emails
from tests.e2e.person import (
    CHILD,
    MOTHER,
    STEPFATHER,
    add_another,
    cards,
    choose,
    enter_date,
    fill_agency,
    fill_background,
    fill_child,
    fill_chronology,
    fill_family_member,
    fill_person,
    on_page,
    press_continue,
    yes_with_details,
)
from tests.e2e.support import assert_accessible, expect_problem
from tests.fixtures.stack import RunningStack

FORM = "serious-incident"
REFERRER_EMAIL = "mash.manager@council.example"
SIBLINGS = "What action has been undertaken to safeguard and protect any siblings"


def test_serious_incident_referral(
    running_stack: RunningStack, page: Page, new_page: NewPage
) -> None:
    intake = running_stack.url("intake")
    page.goto(intake)
    on_page(page, "Refer a case for learning from practice")
    expect(page.get_by_role("link", name="Refer a case for practice learning")).to_be_visible()
    page.get_by_role("link", name="Refer a serious incident").click()
    on_page(page, "Referral of a serious incident")
    page.get_by_role("button", name="Start now").click()

    agency_referral(page)
    family_and_circumstances(page)
    # The referrer skips the siblings page (by its address) and goes on with the form.
    on_page(page, "Siblings")
    page.goto(f"{intake}/referrals/{FORM}/agencies")
    agencies_and_background(page)
    reference = check_and_send(page)
    check_case_and_emails(
        running_stack,
        page,
        new_page(),
        reference=reference,
        family_member=STEPFATHER,
        referrer_email=REFERRER_EMAIL,
        first_step=True,
        sections=(
            "Agency Referral",
            "Section I: Brief overview of child and family composition",
            "Section 2: Case Background",
        ),
    )


def agency_referral(page: Page) -> None:
    on_page(page, "Person making the referral")
    press_continue(page)
    expect_problem(page, "Enter the name of the person making the referral")
    fill_person(
        page,
        name_label="Name of Person Making referral",
        name="Alex Example",
        agency="MASH, Team Manager",
        email=REFERRER_EMAIL,
    )
    on_page(page, "Designated safeguarding lead/officer")
    fill_person(
        page, name_label="Name", name="Priya Example", agency="DSL", email="dsl@school.example"
    )


def family_and_circumstances(page: Page) -> None:
    fill_child(page)
    press_continue(page)

    on_page(page, "Child's Details: circumstances and incident")
    choose(page, "Is the child/young person looked after?", "No")
    yes_with_details(
        page,
        "Is the child/young person subject to a child protection plan or has been previously?",
        "If so when, for what and for how long?",
        "Child protection plan, neglect, 2023 to 2024",
    )
    choose(page, "Is the child/young person open to Children's Social Care or Early Help?", "No")
    choose(page, "Date of Death or Serious Incident (please specify which)", "Serious incident")
    enter_date(page, "Date of Death or Serious Incident", 12, 2, 2025)
    page.get_by_label("Address of location of incident").fill("12 Example Street\nExampletown")
    page.get_by_label("Carer at time of incident").fill(MOTHER)
    criminal = "Is this case known to be the subject of a criminal investigation?"
    choose(page, criminal, "Yes")  # the "If so" box left empty: an error under yes
    choose(page, "Is this case known to be the subject of a Coroner's Inquiry?", "No")
    choose(
        page,
        "Are there any adult safeguarding concerns and have these been shared via completing "
        "an Adult referral form?",
        "No",
    )
    press_continue(page)
    expect_problem(page, "Enter who the lead investigator is")
    yes_with_details(page, criminal, "If so, who is the lead investigator?", "DI Example")
    press_continue(page)

    on_page(page, "Details of Family Members and any Significant Others")
    expect(cards(page)).to_have_count(0)
    press_continue(page)  # neither yes nor no
    expect_problem(page, "Select yes if you need to add a family member or significant other")
    add_another(page, "Yes")
    on_page(page, "Family member or significant other 1")
    press_continue(page)
    expect_problem(page, "Enter their name", "Enter their relationship to the child")
    fill_family_member(page, 1, name=MOTHER, relationship="Mother")
    add_another(page, "Yes")
    fill_family_member(page, 2, name="Taken In Error", relationship="Neighbour")
    add_another(page, "Yes")
    fill_family_member(page, 3, name=STEPFATHER, relationship="Stepfather")

    # The neighbour was added by mistake: remove them, after an unanswered confirmation.
    on_page(page, "Details of Family Members and any Significant Others")
    expect(cards(page)).to_have_count(3)
    cards(page).filter(has_text="Taken In Error").get_by_role("link", name="Remove").click()
    question = (
        "Are you sure you want to remove Family member or significant other 2: Taken In Error?"
    )
    expect(page.get_by_role("group", name=question)).to_be_visible()
    assert_accessible(page)
    press_continue(page)
    expect_problem(page, "Select yes if you want to remove")
    page.get_by_label("Yes", exact=True).check()
    press_continue(page)

    on_page(page, "Details of Family Members and any Significant Others")
    expect(cards(page)).to_have_count(2)
    expect(cards(page).nth(0)).to_contain_text(MOTHER)
    expect(cards(page).nth(1)).to_contain_text(STEPFATHER)
    add_another(page, "No")


def agencies_and_background(page: Page) -> None:
    on_page(page, "Other agencies known to be involved")
    add_another(page, "Yes")
    fill_agency(page, 1, "Exampletown Health Visiting Service")
    on_page(page, "Other agencies known to be involved")
    expect(cards(page)).to_have_count(1)
    add_another(page, "No")
    fill_background(page)
    fill_chronology(page)
    on_page(page, "Additional information")
    page.get_by_label("Please add any additional information", exact=False).fill(
        "Made-up example for testing."
    )
    press_continue(page)


def check_and_send(page: Page) -> str:
    on_page(page, "Check your answers before sending your referral")
    main = page.get_by_role("main")
    expect(main).to_contain_text(CHILD)
    expect(main).to_contain_text("Family member or significant other 2: " + STEPFATHER)
    page.get_by_role("button", name="Send referral").click()
    problem = "Enter what action has been taken to safeguard and protect any siblings"
    expect_problem(page, problem)
    page.locator(".govuk-error-summary").get_by_role("link", name=problem).click()
    on_page(page, "Siblings")
    page.get_by_label(SIBLINGS, exact=False).fill(
        "Two siblings placed with their grandparents under a safety plan."
    )
    press_continue(page)

    on_page(page, "Check your answers before sending your referral")
    page.get_by_role("button", name="Send referral").click()
    on_page(page, "Referral received")
    reference = page.locator(".cspr-reference").inner_text().strip()
    assert re.fullmatch(r"E2E-\d{4}-\d{4}", reference), reference
    return reference
