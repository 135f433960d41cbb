"""Refresh the README screenshots from a running ``make run`` stack (default ports).

``.venv/bin/python -m devstack.screenshots`` goes through the serious-incident form with
made-up answers (``shared.forms.samples``, two of each repeating item), signs in as the
development account and captures the pages into docs/screenshots/. Run ``cspr demo``
first for the pictures of a case further on (its clocks, timeline and an action's form).
"""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from playwright.sync_api import FloatRect, Page, sync_playwright

from devstack.procs import REPO_ROOT, VAR
from shared.forms.choices import YES, Choice, YesNo, YesNoDetails
from shared.forms.definitions.serious_incident import SERIOUS_INCIDENT
from shared.forms.model import Page as FormPage
from shared.forms.questions import Date, Question
from shared.forms.samples import answers
from shared.webforms import shown_label

OUT = REPO_ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INTAKE = "http://127.0.0.1:8001"
CONSOLE = "http://127.0.0.1:8002"
OUTBOX = "http://127.0.0.1:8025"
FORM = SERIOUS_INCIDENT
MADE_UP = {
    "child_name": "Child Q (example)",
    "referrer_name": "Alex Example",
    "referrer_agency": "MASH, Team Manager",
    "referrer_email": "alex@mash.example",
}
#: long pages (check answers, a case's referral) are cut here: the README shows their top
MAX_HEIGHT = 2400


def shot(page: Page, name: str) -> None:
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
    width = page.viewport_size["width"] if page.viewport_size else 1100
    clip = FloatRect(x=0, y=0, width=width, height=height)
    page.screenshot(path=str(OUT / name), full_page=True, clip=clip)


def answer(page: Page, question: Question, value: Any) -> None:
    """Type or choose one made-up answer, finding the field by its label as a person would."""
    if isinstance(question, Date):
        group = page.get_by_role("group", name=shown_label(question), exact=True)
        year, month, day = str(value).split("-")
        for part, text in (("Day", day), ("Month", month), ("Year", year)):
            group.get_by_label(part).fill(text.lstrip("0"))
    elif isinstance(question, YesNo):
        group = page.get_by_role("group", name=shown_label(question), exact=True)
        chosen = value["answer"] if isinstance(value, dict) else value
        group.get_by_label("Yes" if chosen == YES else "No", exact=True).check()
        if isinstance(question, YesNoDetails) and chosen == YES:
            group.get_by_label(question.details_label, exact=True).fill(value["details"])
    elif isinstance(question, Choice):
        label = next(o.label for o in question.options if o.value == value)
        group = page.get_by_role("group", name=shown_label(question), exact=True)
        group.get_by_label(label, exact=True).check()
    else:
        page.get_by_label(shown_label(question), exact=True).fill(str(value))


def press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def add_another(page: Page, yes: bool) -> None:
    page.get_by_label("Yes" if yes else "No", exact=True).check()
    press(page, "Continue")


def fill_page(page: Page, form_page: FormPage, sample: dict[str, Any]) -> None:
    group = form_page.repeating
    if group is None:
        for question in form_page.questions:
            answer(page, question, sample[question.id])
        press(page, "Continue")
        return
    for item in sample[group.id]:
        add_another(page, yes=True)
        for question in group.questions:
            answer(page, question, item[question.id])
        press(page, "Continue")
    if group.id == "family_members":
        shot(page, "family-members.png")
    add_another(page, yes=False)


def referral(page: Page) -> str:
    """The start page, the form's errors, the journey and its confirmation; the reference."""
    sample = answers(FORM, today=date.today(), items=2) | MADE_UP
    page.goto(INTAKE)
    shot(page, "start.png")
    page.goto(f"{INTAKE}/referrals/{FORM.id}/new")
    page.get_by_label("E-mail address").fill("not an email")
    press(page, "Continue")
    shot(page, "referral-errors.png")
    for form_page in FORM.pages:
        if form_page is FORM.pages[-1]:
            press(page, "Save and come back later")
            shot(page, "save.png")
            page.goto(f"{INTAKE}/referrals/{FORM.id}/{form_page.id}")
        fill_page(page, form_page, sample)
    shot(page, "check-answers.png")
    press(page, "Send referral")
    shot(page, "referral-received.png")
    return page.locator(".cspr-reference").inner_text().strip()


def console(page: Page, reference: str) -> None:
    staff = json.loads((VAR / "dev-staff.json").read_text())
    page.goto(f"{CONSOLE}/sign-in")
    page.get_by_label("Email address").fill(staff["email"])
    page.get_by_role("textbox", name="Password").fill(staff["password"])
    press(page, "Sign in")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page.goto(f"{CONSOLE}/cases/{reference}")
        # the case page once the referral document is listed (not the 404 page)
        if page.locator("#documents").count():
            break
        time.sleep(2)
    shot(page, "case-page.png")
    page.goto(f"{CONSOLE}/cases")
    shot(page, "cases.png")
    page.goto(f"{CONSOLE}/dashboard")
    shot(page, "dashboard.png")
    demo_case(page)


def demo_case(page: Page) -> None:
    """A case further on (made by `cspr demo`, if it was run): clocks, timeline, an action."""
    demo = f"{CONSOLE}/cases/DEMO-2026-0006"
    response = page.goto(demo)
    if response is None or response.status != 200:
        return
    shot(page, "case-timeline.png")
    actions = page.locator("#actions a")
    if actions.count():
        actions.first.click()
        page.locator("main form .govuk-button").click()
        shot(page, "case-action-errors.png")


def wait_for_emails(page: Page, reference: str) -> None:
    """The two alerts and the referrer's confirmation, so the outbox shows all three."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        messages = page.request.get(f"{OUTBOX}/api/messages").json()
        if sum(reference in m["subject"] + m["text"] for m in messages) >= 3:
            return
        time.sleep(1)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        reference = referral(page)
        console(page, reference)
        wait_for_emails(page, reference)
        page.goto(OUTBOX)
        shot(page, "outbox.png")
        browser.close()
    print(f"screenshots of {reference} written to {OUT}")


if __name__ == "__main__":
    main()
