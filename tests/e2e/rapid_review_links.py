"""The people outside the console, behind the links emailed to them, for
test_rapid_review.py: each agency's scoping form (App. iii) and each lead representative's
approval of the recommendation; and the emails that carry those links."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.person import (
    CHILD,
    MOTHER,
    STEPFATHER,
    add_another,
    cards,
    choose,
    fill_person,
    on_page,
    press_continue,
    question,
)
from tests.e2e.rapid_review_steps import Agency, Shots, click_button
from tests.e2e.support import Message, expect_problem, wait_for_messages
from tests.fixtures.stack import RunningStack

SCOPING_LINK = re.compile(r"https?://\S+/scoping/([A-Za-z0-9_-]+)")
APPROVAL_LINK = re.compile(r"https?://\S+/approvals/([A-Za-z0-9_-]+)")
#: the recommendation the report makes (App. iv option b)
LOCAL_CSPR = "Meets the criteria for a local Child Safeguarding Practice Review"


# -- the emails -------------------------------------------------------------------------------
def links_by_recipient(
    stack: RunningStack, subject: str, pattern: re.Pattern[str], recipients: set[str]
) -> dict[str, str]:
    """One email with ``subject`` to each of ``recipients``, each with its own link and no
    name of the child or the family (email is not a secure channel)."""
    emails = wait_for_messages(stack, lambda m: subject in m["subject"], len(recipients))
    assert {m["to"] for m in emails} == recipients
    assert len(emails) == len(recipients), "one email each"
    for email in emails:
        for secret in (CHILD, "Amelia", "Hartley", MOTHER, STEPFATHER):
            assert secret not in email["subject"] + email["text"], email
    links = {m["to"]: link_in(m, pattern) for m in emails}
    assert len(set(links.values())) == len(links), "each has its own link"
    return links


def link_in(message: Message, pattern: re.Pattern[str]) -> str:
    found = pattern.search(message["text"])
    assert found, message
    return found.group(0)


# -- an agency behind its scoping link --------------------------------------------------------
SCOPING_FORM = "Initial scoping and information sharing form for a Rapid Review"
FAMILY_PAGE = "Composition of the Child's Family"
MATCHES = "Do these details match the information held on your systems?"
SCOPING_CHECK = "Check your answers before returning the form"


def open_scoping_link(page: Page, link: str, agency: Agency, shots: Shots, step: str) -> None:
    """The start page behind the link: the agency's own, with the partnership's summary."""
    page.goto(link)
    on_page(page, SCOPING_FORM)
    expect(page.get_by_role("main")).to_contain_text(f"Appendix iii: {agency.name}")
    expect(page.get_by_role("main")).to_contain_text(
        "A child was seriously injured at home; neglect is suspected."
    )
    shots(page, step)


def scoping_contact(page: Page, agency: Agency) -> None:
    on_page(page, "Contact details of individual / agency completing this form")
    scoping_contact_fields(page, agency)


def scoping_contact_fields(page: Page, agency: Agency) -> None:
    """The completer's details; Enter in the last box submits them."""
    fill_person(
        page,
        name_label="Name",
        name=agency.representative,
        agency=f"Safeguarding Lead, {agency.name}",
        email=agency.email,
        agency_label="Agency and Job Title",
    )


def confirm_person(page: Page, number: int, answer: str, anomaly: str = "") -> None:
    """Person ``number`` of section 1, pre-filled from the referral, checked against the
    agency's records."""
    cards(page).nth(number - 1).get_by_role("link", name="Change").click()
    on_page(page, f"Person {number}")
    choose(page, MATCHES, answer)
    if anomaly:
        question(page, MATCHES).get_by_label("Please advise of any anomalies").fill(anomaly)
    press_continue(page)
    on_page(page, FAMILY_PAGE)


def section_two(page: Page) -> None:
    on_page(page, "Agency Information and Involvement")
    page.get_by_label("Provide a brief summary of your agency's involvement", exact=False).fill(
        "Health visiting since birth; new birth visit in April 2019, last seen in January 2025."
    )
    page.get_by_label("Brief analysis of individual or / and agency practice.").fill(
        "Visits were timely; the move of address was not followed up."
    )
    page.get_by_label("Please identify any areas for concern", exact=False).fill(
        "Information about the stepfather was not shared with the school."
    )
    press_continue(page)
    on_page(page, "Other agencies")
    choose(page, "Are you aware of the involvement of any other agencies?", "No")
    press_continue(page)
    on_page(page, "Further information")
    press_continue(page)


def to_check_answers(page: Page) -> None:
    """Continue through section 2's pages, already answered, to check answers."""
    for heading in ("Agency Information and Involvement", "Other agencies", "Further information"):
        on_page(page, heading, accessible=False)
        press_continue(page)
    on_page(page, SCOPING_CHECK)


def returned(page: Page, agency: Agency) -> None:
    click_button(page, "Return the form")
    on_page(page, "Form returned")
    expect(page.get_by_role("main")).to_contain_text(agency.name)


def return_whole_form(page: Page, link: str, agency: Agency, shots: Shots) -> None:
    """Agency 1: every page, one person flagged with an anomaly, one forgotten until check
    answers says so."""
    open_scoping_link(page, link, agency, shots, "scoping-start")
    page.get_by_role("button", name="Start now").click()
    scoping_contact(page, agency)
    on_page(page, FAMILY_PAGE)
    expect(cards(page)).to_have_count(3)  # the child, then the referral's family members
    confirm_person(page, 1, "Yes, the details match our records")
    confirm_person(
        page, 2, "No, there are anomalies", "Our records give her date of birth as 2 October 1990."
    )
    expect(cards(page).nth(1)).to_contain_text("No, there are anomalies")
    shots(page, "scoping-section-1", docs="rr-scoping-form.png")
    add_another(page, "No")
    section_two(page)
    on_page(page, SCOPING_CHECK)
    click_button(page, "Return the form")
    message = "Select whether these details match the information held on your systems"
    # the error names the person it is about, and leads there and back to check answers
    expect_problem(page, f"(person 3): {message}")
    shots(page, "scoping-unconfirmed-person")
    page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
    on_page(page, "Person 3")
    choose(page, MATCHES, "Yes, the details match our records")
    press_continue(page)
    on_page(page, SCOPING_CHECK)
    returned(page, agency)
    shots(page, "scoping-returned")


def say_not_known(page: Page, link: str, agency: Agency, shots: Shots) -> None:
    """Agency 2: the child and family are not known to it."""
    open_scoping_link(page, link, agency, shots, "scoping-start-2")
    page.get_by_role("link", name="The child and family are not known to our agency").click()
    on_page(page, f"Confirm the child and family are not known to {agency.name}")
    scoping_contact_fields(page, agency)
    on_page(page, "Thank you for confirming")
    shots(page, "scoping-not-known")


def save_for_later(page: Page, link: str, agency: Agency, shots: Shots) -> None:
    """Agency 3, first visit: its contact details, then "Save and come back later"."""
    open_scoping_link(page, link, agency, shots, "scoping-start-3")
    page.get_by_role("button", name="Start now").click()
    on_page(page, "Contact details of individual / agency completing this form")
    page.get_by_label("Name", exact=True).fill(agency.representative)
    click_button(page, "Save and come back later")
    on_page(page, "Your answers have been saved")
    shots(page, "scoping-saved")


def come_back_and_return(page: Page, link: str, agency: Agency, shots: Shots) -> None:
    """Agency 3, later, on another device: the same link, the answers kept."""
    page.goto(link)
    on_page(page, SCOPING_FORM)
    page.get_by_role("button", name="Continue").click()
    on_page(page, "Contact details of individual / agency completing this form")
    expect(page.get_by_label("Name", exact=True)).to_have_value(agency.representative)
    scoping_contact_fields(page, agency)
    on_page(page, FAMILY_PAGE)
    for number in (1, 2, 3):
        confirm_person(page, number, "Yes, the details match our records")
    add_another(page, "No")
    section_two(page)
    on_page(page, SCOPING_CHECK)
    returned(page, agency)


# -- a lead representative behind the approval link -----------------------------------------
APPROVE = "Approve or disagree with the recommendation"
DECISION = "Do you approve the Rapid Review's recommendation?"


def open_approval_link(page: Page, link: str, reference: str) -> None:
    page.goto(link)
    on_page(page, APPROVE)
    expect(page.locator("#approval-facts")).to_contain_text(reference)
    expect(page.locator("#recommendation")).to_contain_text(LOCAL_CSPR)


def disagree_without_reasons(page: Page, shots: Shots) -> None:
    choose(page, DECISION, "I disagree with the recommendation")
    click_button(page, "Send my decision")
    expect_problem(page, "Enter why you disagree with the recommendation")
    shots(page, "approval-disagree-without-reasons")


def approve(page: Page) -> None:
    choose(page, DECISION, "I approve the recommendation")
    click_button(page, "Send my decision")
    on_page(page, "Your decision has been recorded")
