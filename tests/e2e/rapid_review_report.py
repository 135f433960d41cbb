"""Ops write the Report of Rapid Review (App. iv) in the console, and the chair downloads the
letter to the Panel drafted from it, for test_rapid_review.py."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.person import on_page, press_continue
from tests.e2e.rapid_review_links import LOCAL_CSPR
from tests.e2e.rapid_review_steps import Shots, click_button, on_case
from tests.e2e.support import expect_problem, wait_until

# -- the Report of Rapid Review (App. iv) ------------------------------------------------------
REPORT_DRAFT = "Report of Rapid Review, version 1 (draft)"


def group(page: Page, legend_start: str) -> Locator:
    """A radios or checkboxes question whose (long) legend starts with these words."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend_start)))


def tick(page: Page, legend_start: str, answer: str) -> None:
    box = group(page, legend_start).get_by_label(answer, exact=True)
    box.press("Space")
    expect(box).to_be_checked()


def change_answer(page: Page, label_start: str, heading: str) -> None:
    """From check answers, the "Change" link of one answer: its page."""
    link = page.get_by_role("link", name=re.compile(r"^Change\s+" + re.escape(label_start)))
    link.first.click()
    on_page(page, heading)


def start_report(page: Page, child: str, family_member: str) -> None:
    page.get_by_role("link", name="Report of Rapid Review (Appendix iv)").click()
    on_page(page, "Report of Rapid Review")
    click_button(page, "Start the report")
    on_page(page, REPORT_DRAFT)
    main = page.get_by_role("main")
    expect(main).to_contain_text(child)  # pre-filled from the referral
    expect(main).to_contain_text(family_member)


def finalise_too_soon(page: Page, shots: Shots) -> None:
    click_button(page, "Finalise the report")
    expect_problem(
        page,
        "Select the criteria the case has the potential to meet",
        "Select what has been agreed for this case",
    )
    shots(page, "report-missing-answers")


def write_report(page: Page) -> None:
    """Section 2 and 3, each page from its "Change" link on check answers, back to it."""
    change_answer(page, "Has ALL appropriate immediate action", "Immediate Action")
    tick(page, "Has ALL appropriate immediate action", "Yes")
    page.get_by_label("Please give details of action taken", exact=False).fill(
        "The siblings are safe with their grandparents; a strategy meeting was held."
    )
    press_continue(page)
    on_page(page, REPORT_DRAFT)

    change_answer(
        page,
        "Those present at the Rapid Review",
        "Identifying Improvements to Safeguard and Promote the Welfare of Children",
    )
    for criterion in (
        "highlights or may highlight improvements needed to safeguard and promote the welfare "
        "of children, including where those improvements have been previously identified",
        "highlights or may highlight concerns regarding two or more organisations or agencies "
        "working together effectively to safeguard and promote the welfare of children",
    ):
        tick(page, "Those present at the Rapid Review", criterion)
    press_continue(page)
    on_page(page, REPORT_DRAFT)

    change_answer(page, "Record of Rapid Review discussion", "Rapid Review Discussions")
    page.get_by_label("Record of Rapid Review discussion", exact=False).fill(
        "The child suffered serious harm. Information about the stepfather was not shared "
        "between the health visitor and the school."
    )
    tick(page, "Has legal advice been sought?", "No")
    press_continue(page)
    on_page(page, REPORT_DRAFT)

    change_answer(page, "After completing this Rapid Review", "Recommendation")
    tick(page, "After completing this Rapid Review", LOCAL_CSPR)
    page.get_by_label("Rationale for Recommendation", exact=False).fill(
        "Two agencies did not share what they knew; the learning is local."
    )
    press_continue(page)
    on_page(page, REPORT_DRAFT)

    change_answer(page, "Was there any disagreement", "Agreement about the recommended outcome")
    tick(page, "Was there any disagreement", "No")
    press_continue(page)
    on_page(page, REPORT_DRAFT)


def finalise(page: Page, reference: str, shots: Shots) -> None:
    main = page.get_by_role("main")
    expect(main).to_contain_text(LOCAL_CSPR)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    shots(page, "report-check-answers", docs="rr-report.png")
    click_button(page, "Finalise the report")
    on_case(page, reference)
    expect(page.locator("#timeline-entries")).to_contain_text(
        "Version 1 of the Report of Rapid Review was finalised"
    )


# -- the chair's letter to the Panel ------------------------------------------------------------
def download_panel_letter(page: Page, reference: str) -> bytes:
    """From the case's documents, once the documents service has made the letter."""
    name = f"{reference}-panel-letter-v1.pdf"
    documents = page.locator("#documents")

    def probe() -> bool | None:
        page.reload()
        return True if documents.get_by_text(name, exact=True).count() else None

    wait_until("the Panel letter", probe, timeout=90)
    on_case(page, reference)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {name}").click()
    assert download.value.suggested_filename == name
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    return data
