"""Chromium, driven by Playwright, for the e2e tier: one browser per session, a fresh context
(a fresh person: no cookies) per fixture use."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

NewPage = Callable[..., Page]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    """A page in a new browser context: another person, or the same one on another device.

    axe is injected as an inline script, which the pages' CSP rightly forbids: hence
    ``bypass_csp``. Keyword arguments go to ``new_context`` (``java_script_enabled=False``).
    """
    contexts: list[BrowserContext] = []

    def make(**options: object) -> Page:
        context = browser.new_context(accept_downloads=True, bypass_csp=True, **options)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()
