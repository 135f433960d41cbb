"""What the e2e tests check besides the pages themselves: axe-core in the page, the
development SMTP outbox, the console's JSON API, and the referrer's PDF copy."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Download, Page, expect
from pypdf import PdfReader

from tests.fixtures.stack import RunningStack

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # GOV.UK Frontend's conditional reveal sets aria-expanded on the radio that reveals the
    # "If so ..." box: outside ARIA 1.2, kept on purpose because screen readers announce it
    # (alphagov/govuk-frontend#979, a documented known issue). The rule stays on: only that
    # one attribute on radios is allowed; any other stray ARIA attribute still fails.
    "checks": {"aria-allowed-attr": {"options": {"radio": ["aria-expanded"]}}},
}
#: the console API's development token (devstack sets it; never valid in production)
SERVICE_TOKEN = "development-only-service-token"

Message = dict[str, str]
T = TypeVar("T")


@cache
def _axe_source() -> str:
    return AXE.read_text()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async (options) => (await axe.run(document, options)).violations", AXE_OPTIONS
    )
    return [
        {"id": v["id"], "nodes": [(n["target"], n["failureSummary"]) for n in v["nodes"]]}
        for v in result
    ]


def assert_accessible(page: Page) -> None:
    """No axe-core violation of WCAG 2.2 A/AA rules on the page as it stands."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url} ({page.title()}): {violations}"


def expect_problem(page: Page, *messages: str) -> None:
    """The GOV.UK error summary with these messages, an "Error:" title, and no axe finding."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    for message in messages:
        expect(summary).to_contain_text(message)
    assert page.title().startswith("Error: "), page.title()
    assert_accessible(page)


def wait_until(what: str, probe: Callable[[], T | None], *, timeout: float = 60) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.5)


# -- the development outbox ---------------------------------------------------------------
def outbox_messages(stack: RunningStack) -> list[Message]:
    with urllib.request.urlopen(f"{stack.outbox_url}/api/messages", timeout=5) as response:
        return list(json.load(response))


def wait_for_messages(
    stack: RunningStack, wanted: Callable[[Message], bool], count: int
) -> list[Message]:
    def probe() -> list[Message] | None:
        found = [m for m in outbox_messages(stack) if wanted(m)]
        return found if len(found) >= count else None

    return wait_until(f"{count} email(s)", probe)


# -- the console ----------------------------------------------------------------------------
def wait_for_case(stack: RunningStack, reference: str) -> dict[str, Any]:
    """The case as the console's API gives it, once the scheduler's job has opened it."""
    request = urllib.request.Request(
        f"{stack.url('scheduler')}/api/cases/{reference}",
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )

    def probe() -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                found: dict[str, Any] = json.load(response)
                return found
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            return None

    return wait_until(f"case {reference}", probe)


def sign_in_to_case(page: Page, stack: RunningStack, reference: str) -> None:
    """Ops opens the case from the link in the alert, and is asked to sign in first."""
    wait_for_case(stack, reference)
    page.goto(f"{stack.url('scheduler')}/cases/{reference}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(stack.staff_email)
    password = page.get_by_role("textbox", name="Password")
    password.fill(stack.staff_password)
    password.press("Enter")
    # only the real case page has the reference as its heading and the referral's summary
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    expect(page.get_by_role("heading", name="Referral", exact=True)).to_be_visible()


# -- the referrer's PDF copy --------------------------------------------------------------
def download_copy(page: Page) -> bytes:
    """From the confirmation page, follow the copy link; while it answers "not ready yet",
    wait and follow its "Try again" link (the copy link again), until the PDF downloads."""
    downloads: list[Download] = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("link", name="Download a copy of your answers (PDF)").click()
    pending = page.get_by_role("heading", name="Your copy is not ready yet")
    seen_pending = False
    deadline = time.monotonic() + 120
    while not downloads:
        assert time.monotonic() < deadline, "gave up waiting for the PDF copy"
        # the sync API delivers events (the download) only while it waits in Playwright
        page.wait_for_timeout(250)
        if not downloads and pending.is_visible():
            if not seen_pending:
                assert_accessible(page)
                seen_pending = True
            page.wait_for_timeout(1_000)
            page.get_by_role("link", name="Try again").click()
    download = downloads[0]
    assert download.url.endswith("/confirmation/copy.pdf"), download.url
    assert download.suggested_filename.endswith("-referral.pdf"), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    return data


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
