"""The practice-learning form, saved part-way on one device and finished on another through
the emailed single-use link; then the reference, the PDF copy, the case and the emails."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import NewPage
from tests.e2e.followup import check_case_and_emails
from tests.e2e.person import (
    CHILD,
    MOTHER,
    add_another,
    cards,
    choose,
    enter_date,
    fill_background,
    fill_child,
    fill_chronology,
    fill_family_member,
    fill_person,
    on_page,
    press_continue,
    yes_with_details,
)
from tests.e2e.support import expect_problem, wait_for_messages
from tests.fixtures.stack import RunningStack

FORM = "practice-learning"
REFERRER = "Sam Practitioner"
REFERRER_EMAIL = "sam.practitioner@school.example"
AGENCY_LABEL = "Agency & Designation/Title"


def test_practice_learning_saved_and_finished_on_another_device(
    running_stack: RunningStack, page: Page, new_page: NewPage
) -> None:
    intake = running_stack.url("intake")
    page.goto(intake)
    page.get_by_role("link", name="Refer a case for practice learning").click()
    on_page(page, "Referral for practice learning")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"expires after \d+ days\."))
    page.get_by_role("button", name="Start now").click()
    first_pages(page)

    link = save_for_later(running_stack, page)
    elsewhere = new_page()
    elsewhere.goto(f"{intake}/referrals/{FORM}/resume/made-up-token-that-was-never-sent")
    on_page(elsewhere, "This link cannot be used")
    elsewhere.goto(link)
    reference = finish(elsewhere)

    used_again = new_page()
    used_again.goto(link)
    on_page(used_again, "This link cannot be used", accessible=False)  # it worked once
    check_case_and_emails(
        running_stack,
        elsewhere,
        new_page(),
        reference=reference,
        family_member=MOTHER,
        referrer_email=REFERRER_EMAIL,
        sections=(
            "Background Information",
            "Section I: Brief overview of child and family composition",
            "Section 2: Case Background",
        ),
    )


def first_pages(page: Page) -> None:
    on_page(page, "Referrer")
    fill_person(
        page,
        name_label="Name of referrer",
        agency_label=AGENCY_LABEL,
        name=REFERRER,
        agency="Class teacher, Riverside Primary School",
        email=REFERRER_EMAIL,
    )
    on_page(page, "Designated Safeguarding Lead/Representative")
    fill_person(
        page,
        name_label="Name of designated Safeguarding Lead/Representative with whom you have "
        "discussed this referral",
        agency_label=AGENCY_LABEL,
        name="Priya Example",
        agency="Designated Safeguarding Lead, Riverside Primary School",
        email="dsl@school.example",
    )
    on_page(page, "What could be learned")
    page.get_by_label("Please give a brief description", exact=False).fill(
        "How school and health shared a concern about missed appointments."
    )
    press_continue(page)
    fill_child(page)


def save_for_later(stack: RunningStack, page: Page) -> str:
    """Save on the child's page; the emailed link, which carries none of the answers."""
    page.get_by_role("button", name="Save and come back later").click()
    on_page(page, "Save your referral and come back later")
    main = page.get_by_role("main")
    expect(main).to_contain_text(re.compile(r"answers are deleted \d+ days after you last saved"))
    email = page.get_by_label("Email address")
    email.fill("sam.practitioner at school")
    email.press("Enter")
    expect_problem(page, "Enter your email address in the correct format")
    expect(email).to_have_value("sam.practitioner at school")
    email.fill(REFERRER_EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    on_page(page, "Your referral has been saved")

    (message,) = wait_for_messages(
        stack, lambda m: m["to"] == REFERRER_EMAIL and "/resume/" in m["text"], 1
    )
    intake = re.escape(stack.url("intake"))
    found = re.search(rf"{intake}/referrals/{FORM}/resume/[\w-]+", message["text"])
    assert found, message["text"]
    for answer in (CHILD, "Hartley", REFERRER, "Priya", "Riverside", "missed appointments"):
        assert answer not in message["subject"] and answer not in message["text"], answer
    return found.group(0)


def finish(page: Page) -> str:
    """The rest of the form, in another browser: it opens where the referrer left off."""
    on_page(page, "Child's Details: circumstances and incident")
    choose(page, "Is the child/young person looked after?", "No")
    choose(
        page,
        "Is the child/young person subject to a child protection plan or has been previously?",
        "No",
    )
    yes_with_details(
        page,
        "Is the child/young person open to Children's Social Care or a Children & Families "
        "Practice?",
        "If so, who is the lead practitioner?",
        "Jordan Example, social worker",
    )
    enter_date(page, "Date of Incident (please specify which)", 20, 1, 2025)
    page.get_by_label("Address of location of incident").fill("Riverside Primary School")
    page.get_by_label("Carer at time of incident").fill("School staff")
    press_continue(page)

    on_page(page, "Details of Family Members and any Significant Others")
    add_another(page, "Yes")
    fill_family_member(page, 1, name=MOTHER, relationship="Mother")
    expect(cards(page)).to_have_count(1)
    add_another(page, "No")
    on_page(page, "Other agencies known to be involved")
    add_another(page, "No")
    fill_background(page)
    fill_chronology(page)
    on_page(page, "Additional information")
    press_continue(page)  # nothing to add: the question is optional

    on_page(page, "Check your answers before sending your referral")
    main = page.get_by_role("main")
    expect(main).to_contain_text(CHILD)  # typed on the first device
    expect(main).to_contain_text(REFERRER)
    page.get_by_role("button", name="Send referral").click()
    on_page(page, "Referral received")
    reference = page.locator(".cspr-reference").inner_text().strip()
    assert re.fullmatch(r"E2E-\d{4}-\d{4}", reference), reference
    return reference
