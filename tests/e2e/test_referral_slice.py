"""The first slice end to end, in Debian's Chromium driven by Playwright, against the stack
started the way `make run` starts it: referral form -> reference -> case in the ops console
-> PDF downloaded -> alert email in the SMTP server."""

from __future__ import annotations

import io
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pypdf import PdfReader

from tests.fixtures.stack import RunningStack

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHILD = "Amelia Hartley-O'Brien"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # axe is injected as an inline script, which the pages' CSP rightly forbids.
    context = browser.new_context(accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations"""
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]


def fill_referral(page: Page) -> None:
    page.get_by_label("Name of Child").fill(CHILD)
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Name of Person Making referral").fill("Sam Practitioner")
    page.get_by_label("Agency Designation and Title").fill(
        "Designated Safeguarding Lead, Riverside Primary School"
    )
    page.get_by_label("E-mail address").fill("sam.practitioner@school.example")
    page.get_by_label("Please provide a brief outline", exact=False).fill(
        "Admitted to hospital with unexplained injuries.\nSiblings placed with grandparents."
    )


def outbox_messages(stack: RunningStack) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{stack.outbox_url}/api/messages", timeout=5) as response:
        return list(json.load(response))


def test_referral_to_pdf_and_email(running_stack: RunningStack, page: Page) -> None:
    # 1. The practitioner finds the form; an empty submission shows the error summary.
    page.goto(running_stack.url("intake"))
    page.get_by_role("button", name="Start now").click()
    assert axe_violations(page) == []
    page.get_by_label("Name of Child").fill(CHILD)
    page.get_by_role("button", name="Submit referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Name of Child")).to_have_value(CHILD)
    assert axe_violations(page) == []

    # 2. A complete referral gets a reference once it is stored.
    fill_referral(page)
    page.get_by_role("button", name="Submit referral").click()
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Referral received")
    reference = panel.locator("strong").inner_text().strip()
    assert reference.startswith("E2E-") and len(reference) == len("E2E-2026-0001")
    assert axe_violations(page) == []

    # 3. Ops signs in to the console and finds the case with its first deadline.
    console = running_stack.url("scheduler")
    page.goto(f"{console}/cases/{reference}")
    page.get_by_label("Email address").fill(running_stack.staff_email)
    page.get_by_role("textbox", name="Password").fill(running_stack.staff_password)
    page.get_by_role("button", name="Sign in").click()
    deadline = time.monotonic() + 60
    while reference not in page.content() and time.monotonic() < deadline:
        time.sleep(1)
        page.goto(f"{console}/cases/{reference}")
    expect(page.locator("h1")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text(CHILD)
    assert axe_violations(page) == []

    # 4. The documents service rendered and converted the referral; download the PDF.
    pdf_link = page.get_by_role("link", name=".pdf", exact=False)
    deadline = time.monotonic() + 180
    while pdf_link.count() == 0 and time.monotonic() < deadline:
        time.sleep(2)
        page.reload()
    with page.expect_download() as download_info:
        pdf_link.first.click()
    pdf_bytes = Path(download_info.value.path()).read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert reference in text
    assert "Hartley-O" in text

    # 5. The ops team and the chair were emailed, without the child's name.
    deadline = time.monotonic() + 60
    alerts: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        alerts = [m for m in outbox_messages(running_stack) if reference in m["subject"]]
        if len(alerts) >= 2:
            break
        time.sleep(1)
    recipients = sorted(m["to"] for m in alerts)
    assert recipients == ["lfp-chair@partnership.example", "ops-team@partnership.example"]
    for message in alerts:
        assert CHILD not in message["text"] and CHILD not in message["subject"]
        assert f"/cases/{reference}" in message["text"]


def test_unknown_case_reference_is_404(running_stack: RunningStack) -> None:
    request = urllib.request.Request(
        f"{running_stack.url('scheduler')}/api/cases/E2E-1999-9999",
        headers={"Authorization": "Bearer development-only-service-token"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 404
    assert json.load(error.value)["error"] == "not_found"
