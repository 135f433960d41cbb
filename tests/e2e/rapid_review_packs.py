"""The packs of a case in the browser: ops build one from the case page (no JavaScript
needed: a form's button), reload until it is ready, and download its PDF, whose bookmarks and
contents page list the case's documents."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.rapid_review_steps import Shots, on_case
from tests.e2e.support import wait_until
from tests.support.pdf_outline import titles


def build_pack(page: Page, reference: str, title: str) -> None:
    """Press the pack's button on the case page; back on the case page, it is waiting."""
    on_case(page, reference)
    # the button says "Build it", and to a screen reader which pack
    page.get_by_role("button", name=re.compile(rf"^Build it\W+the {title}$")).click()
    on_case(page, reference)
    row = page.locator("#pack-list tr", has=page.get_by_role("rowheader", name=title))
    expect(row.locator("[data-pack-status]")).not_to_have_text("Ready")


def download_when_ready(page: Page, reference: str, title: str) -> bytes:
    row = page.locator("#pack-list tr", has=page.get_by_role("rowheader", name=title))

    def probe() -> bool | None:
        page.reload()
        status = row.locator("[data-pack-status]").inner_text()
        assert status != "Could not be built", row.inner_text()
        return True if status == "Ready" else None

    wait_until(f"the {title}", probe, timeout=120)
    on_case(page, reference)
    with page.expect_download() as download:
        row.get_by_role("link", name=f"Download the PDF of the {title}").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    return data


def meeting_pack(page: Page, reference: str, shots: Shots, returned: list[str]) -> bytes:
    """Ops build the meeting pack; it holds the referral, the notification details, each
    return in ``returned`` and the report."""
    title = "Rapid Review meeting pack"
    build_pack(page, reference, title)
    pdf = download_when_ready(page, reference, title)
    marks = titles(pdf)
    assert marks[:3] == [
        "Contents",
        "Referral of a serious incident (Appendix i)",
        "Notification details",
    ], marks
    for agency in returned:
        assert f"  Scoping return: {agency}" in marks, marks
    assert marks[-1].startswith("Report of Rapid Review (version"), marks
    shots(page, "meeting-pack-ready")
    # the README shows the case page's packs only
    page.locator("#pack-list").screenshot(path=str(shots.docs_folder / "rr-packs.png"))
    shots.pdf_first_page(pdf, "meeting-pack-contents", docs="rr-pack-contents.png")
    shots.pdf_first_page(pdf, "meeting-pack-page-2", docs="rr-pack-page-2.png", page=2)
    return pdf


def panel_pack(page: Page, reference: str) -> bytes:
    title = "Panel submission pack"
    build_pack(page, reference, title)
    pdf = download_when_ready(page, reference, title)
    marks = titles(pdf)
    assert marks == [
        "Contents",
        "Letter to the Child Safeguarding Practice Review Panel",
        "Report of Rapid Review (version 1)",
    ], marks
    return pdf
