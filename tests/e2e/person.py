"""A referrer working through the pages as a person does: every field found by the words on
its label or legend, radios and submission by keyboard where a person would use it.

Made-up people and places only.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import assert_accessible

CHILD = "Amelia Hartley-O'Brien"
MOTHER = "Rosa Hartley"
STEPFATHER = "Dan O'Brien"


def press_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()


def on_page(page: Page, heading: str, *, accessible: bool = True) -> None:
    """Arrived at the page whose h1 is ``heading``; checked with axe."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if accessible:
        assert_accessible(page)


def question(page: Page, legend: str) -> Locator:
    """The fieldset of a radios or date question, by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def choose(page: Page, legend: str, answer: str) -> None:
    """Tab to a radio and press space, as a keyboard user does."""
    radio = question(page, legend).get_by_label(answer, exact=True)
    radio.press("Space")
    expect(radio).to_be_checked()


def enter_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = question(page, legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def yes_with_details(page: Page, legend: str, details_label: str, details: str) -> None:
    """Yes, then the "If so ..." box that yes reveals (visible anyway without JavaScript)."""
    choose(page, legend, "Yes")
    box = question(page, legend).get_by_label(details_label, exact=True)
    expect(box).to_be_visible()
    box.fill(details)


def add_another(page: Page, answer: str) -> None:
    group = page.get_by_role("group", name=re.compile(r"^Do you need to add "))
    group.get_by_label(answer, exact=True).press("Space")
    press_continue(page)


def cards(page: Page) -> Locator:
    """The summary cards of an add-another list, one per item."""
    return page.locator(".govuk-summary-card")


# -- pages both forms have -------------------------------------------------------------------
def fill_person(
    page: Page,
    *,
    name_label: str,
    name: str,
    agency: str,
    email: str,
    agency_label: str = "Agency Designation and Title",
) -> None:
    page.get_by_label(name_label, exact=True).fill(name)
    page.get_by_label(agency_label, exact=True).fill(agency)
    page.get_by_label("Address (optional)", exact=True).fill(
        "Riverside Primary School\n1 Example Road"
    )
    page.get_by_label("Telephone number").fill("020 7946 0000")
    box = page.get_by_label("E-mail address")
    box.fill(email)
    box.press("Enter")  # submits with the form's first button, Continue


def fill_child(page: Page, name: str = CHILD) -> None:
    on_page(page, "Child's Details")
    page.get_by_label("Name of Child").fill(name)
    enter_date(page, "Date of Birth", 14, 3, 2019)
    page.get_by_label("Home address").fill("12 Example Street\nExampletown")
    page.get_by_label("Gender").fill("Female")
    page.get_by_label("Ethnic Origin").fill("White and Black Caribbean")


def fill_family_member(
    page: Page, number: int, *, name: str, relationship: str, accessible: bool = True
) -> None:
    on_page(page, f"Family member or significant other {number}", accessible=accessible)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Address (optional)", exact=True).fill("12 Example Street\nExampletown")
    page.get_by_label("Relationship to Child").fill(relationship)
    enter_date(page, "Date of Birth (optional)", 2, 9, 1990)
    legal = page.get_by_label("Legal Status")
    legal.fill("Parental responsibility")
    legal.press("Enter")


def fill_agency(page: Page, number: int, agency: str) -> None:
    on_page(page, f"Agency {number}")
    page.get_by_label("Agency", exact=True).fill(agency)
    page.get_by_label("Contact Details: Address, Telephone and E-mail").fill(
        "Health visiting team, 020 7946 0001, hv@nhs.example"
    )
    page.get_by_label("Reason for involvement", exact=False).fill("Current: health visiting.")
    press_continue(page)


def fill_event(page: Page, number: int, *, day: int, month: int, event: str) -> None:
    on_page(page, f"Event {number}")
    enter_date(page, "Date", day, month, 2025)
    page.get_by_label("Time (optional)", exact=True).fill("2:30pm")
    page.get_by_label("Event", exact=True).fill(event)
    press_continue(page)


def fill_background(page: Page) -> None:
    on_page(page, "Case Background")
    page.get_by_label("Please provide a brief outline", exact=False).fill(
        "Admitted to hospital with unexplained injuries.\nSiblings placed with grandparents."
    )
    page.get_by_label("Please outline why you are making this referral", exact=False).fill(
        "Several agencies knew the family; the injuries were not foreseen."
    )
    press_continue(page)


def fill_chronology(page: Page) -> None:
    """Two events on the chronology, then on to the next page."""
    on_page(page, "Chronology")
    add_another(page, "Yes")
    fill_event(page, 1, day=3, month=2, event="Health visitor visit; no concerns recorded.")
    add_another(page, "Yes")
    fill_event(page, 2, day=10, month=2, event="Admitted to hospital.")
    on_page(page, "Chronology")
    expect(cards(page)).to_have_count(2)
    add_another(page, "No")
