"""Refresh the README screenshots from a running ``make run`` stack.

``.venv/bin/python -m devstack.screenshots`` submits a made-up referral, signs in as the
development account and captures the pages into docs/screenshots/.
"""

from __future__ import annotations

import json
import time

from playwright.sync_api import sync_playwright

from devstack.procs import REPO_ROOT, VAR

OUT = REPO_ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    staff = json.loads((VAR / "dev-staff.json").read_text())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto("http://127.0.0.1:8001/referrals/serious-incident")
        page.get_by_label("E-mail address").fill("not an email")
        page.get_by_role("button", name="Submit referral").click()
        page.screenshot(path=str(OUT / "referral-errors.png"), full_page=True)
        page.get_by_label("Name of Child").fill("Child Q (example)")
        page.get_by_label("Day").fill("2")
        page.get_by_label("Month").fill("9")
        page.get_by_label("Year").fill("2018")
        page.get_by_label("Name of Person Making referral").fill("Alex Example")
        page.get_by_label("Agency Designation and Title").fill("MASH, Team Manager")
        page.get_by_label("E-mail address").fill("alex@mash.example")
        page.get_by_label("Please provide a brief outline", exact=False).fill("Made-up example.")
        page.get_by_role("button", name="Submit referral").click()
        page.screenshot(path=str(OUT / "referral-received.png"), full_page=True)
        reference = page.locator(".govuk-panel strong").inner_text().strip()
        page.goto("http://127.0.0.1:8002/sign-in")
        page.get_by_label("Email address").fill(staff["email"])
        page.get_by_role("textbox", name="Password").fill(staff["password"])
        page.get_by_role("button", name="Sign in").click()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            page.goto(f"http://127.0.0.1:8002/cases/{reference}")
            if page.get_by_role("link", name=".pdf", exact=False).count():
                break
            time.sleep(2)
        page.screenshot(path=str(OUT / "case-page.png"), full_page=True)
        page.goto("http://127.0.0.1:8002/cases")
        page.screenshot(path=str(OUT / "cases.png"), full_page=True)
        page.goto("http://127.0.0.1:8025/")
        page.screenshot(path=str(OUT / "outbox.png"), full_page=True)
        browser.close()
    print(f"screenshots of {reference} written to {OUT}")


if __name__ == "__main__":
    main()
