"""The development outbox as ``make run`` starts it: a real process on free ports."""

from __future__ import annotations

import json
import smtplib
import urllib.request
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
from bs4 import BeautifulSoup, Tag

from devstack.devmail import start_devmail
from devstack.procs import Managed, free_port, port_open


def one(page: BeautifulSoup | Tag, selector: str) -> Tag:
    found = page.select_one(selector)
    assert found is not None, f"no {selector}"
    return found


class Outbox:
    def __init__(self, proc: Managed, smtp_port: int, http_port: int) -> None:
        self.proc, self.smtp_port, self.http_port = proc, smtp_port, http_port

    def get(self, path: str) -> tuple[int, str, str]:
        url = f"http://127.0.0.1:{self.http_port}{path}"
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()

    def api(self) -> list[dict[str, Any]]:
        return list(json.loads(self.get("/api/messages")[2]))

    def send(self, *, to: str, subject: str, text: str) -> None:
        msg = EmailMessage()
        msg["From"] = "cspr@partnership.example"
        msg["To"] = to
        msg["Subject"] = subject
        msg.set_content(text)
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.send_message(msg)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    smtp_port, http_port = free_port(), free_port()
    proc = start_devmail(smtp_port, http_port, tmp_path / "mail", tmp_path / "log")
    try:
        yield Outbox(proc, smtp_port, http_port)
    finally:
        proc.stop()


def test_a_sent_message_is_listed_and_readable(outbox: Outbox) -> None:
    outbox.send(
        to="ops-team@partnership.example",
        subject="First \N{EN DASH} hello",
        text="Line one\nLine <two> & three",
    )
    outbox.send(to="lfp-chair@partnership.example", subject="<b>Second</b>", text="Body")

    api = outbox.api()
    assert [m["subject"] for m in api] == ["<b>Second</b>", "First \N{EN DASH} hello"]
    first = api[1]
    assert first["from"] == "cspr@partnership.example"
    assert first["to"] == "ops-team@partnership.example"
    assert first["text"] == "Line one\nLine <two> & three\n"
    assert set(first) >= {"id", "from", "to", "subject", "date", "text"}

    status, content_type, html = outbox.get("/")
    assert status == 200 and content_type.startswith("text/html")
    page = BeautifulSoup(html, "html.parser")
    assert one(page, "h1").get_text(strip=True) == "Development outbox"
    headers = [th.get_text(strip=True) for th in page.select("table thead th")]
    assert headers == ["Received", "From", "To", "Subject"]
    rows = page.select("table tbody tr")
    assert len(rows) == 2
    cells = [td.get_text(strip=True) for td in rows[0].find_all("td")]
    assert cells[1:] == [
        "cspr@partnership.example",
        "lfp-chair@partnership.example",
        "<b>Second</b>",
    ]
    assert page.find("b") is None, "message text must be escaped, not rendered"

    link = one(rows[1], "a")
    assert link.get_text(strip=True) == "First \N{EN DASH} hello"
    _, _, detail_html = outbox.get(str(link["href"]))
    detail = BeautifulSoup(detail_html, "html.parser")
    assert one(detail, "h1").get_text(strip=True) == "First \N{EN DASH} hello"
    header_rows = {
        one(row, "dt").get_text(strip=True): one(row, "dd").get_text(strip=True)
        for row in detail.select(".govuk-summary-list__row")
    }
    assert header_rows["To"] == "ops-team@partnership.example"
    assert header_rows["Delivered-To"] == "ops-team@partnership.example"
    assert one(detail, "pre").get_text() == "Line one\nLine <two> & three\n"


def test_unknown_message_is_404(outbox: Outbox) -> None:
    for path in ("/messages/nope", "/messages/..%2F..%2Fetc%2Fpasswd", "/elsewhere"):
        with pytest.raises(HTTPError) as error:
            outbox.get(path)
        assert error.value.code == 404


def test_stops_cleanly_and_keeps_messages_for_the_next_start(tmp_path: Path) -> None:
    smtp_port, http_port = free_port(), free_port()
    proc = start_devmail(smtp_port, http_port, tmp_path / "mail", tmp_path / "log")
    try:
        Outbox(proc, smtp_port, http_port).send(to="a@example.org", subject="Kept", text="x")
    finally:
        proc.stop()
    assert proc.returncode == 0  # SIGTERM handled: servers shut down, exit 0
    assert not port_open("127.0.0.1", smtp_port) and not port_open("127.0.0.1", http_port)

    again = start_devmail(smtp_port, http_port, tmp_path / "mail", tmp_path / "log")
    try:
        assert [m["subject"] for m in Outbox(again, smtp_port, http_port).api()] == ["Kept"]
    finally:
        again.stop()
