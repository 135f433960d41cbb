"""The development SMTP server and its outbox page (``make run``; never production).

``python -m devstack.devmail --smtp-port 1025 --http-port 8025 --maildir var/mail``
accepts every message on 127.0.0.1 (aiosmtpd), keeps it in a Maildir, and serves on
127.0.0.1: ``/`` the "Development outbox" page, ``/messages/<id>`` one message's headers and
text, ``/api/messages`` the same as JSON, newest first. Message content is untrusted: pages
are rendered with autoescaping and a CSP that allows no scripts.
"""

from __future__ import annotations

import argparse
import json
import logging
import mailbox
import signal
import sys
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote

from aiosmtpd.controller import Controller
from jinja2 import DictLoader, Environment, select_autoescape

from devstack.procs import REPO_ROOT, Managed, wait_for_port

log = logging.getLogger("devmail")
HOST = "127.0.0.1"
GOVUK_CSS = REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


class MaildirHandler:
    """aiosmtpd handler: each message into the Maildir, with its envelope in front."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.content
        body = content if isinstance(content, bytes) else str(content).encode("utf-8")
        # what a delivering MTA prepends: who it came from and to whom it was delivered
        trace = f"Return-Path: <{envelope.mail_from}>\r\n"
        trace += "".join(f"Delivered-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos)
        key = mailbox.Maildir(self.maildir).add(trace.encode("utf-8") + body)
        log.info("stored message %s", key)
        return "250 Message accepted for delivery"


# -- reading the outbox --------------------------------------------------------------------
def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        return str(part.get_content()).replace("\r\n", "\n")
    except (LookupError, ValueError):
        return part.get_payload(decode=True).decode("utf-8", "replace")  # type: ignore[union-attr]


def _received(box: mailbox.Maildir, key: str) -> datetime:
    return datetime.fromtimestamp(box.get_message(key).get_date(), UTC)


def summary(box: mailbox.Maildir, key: str) -> dict[str, str]:
    message = message_from_bytes(box.get_bytes(key), policy=policy.default)
    assert isinstance(message, EmailMessage)
    received = _received(box, key)
    try:
        date = parsedate_to_datetime(str(message["Date"])).isoformat()
    except (TypeError, ValueError):
        date = received.isoformat()
    return {
        "id": key,
        "from": str(message["From"] or message["Return-Path"] or ""),
        "to": str(message["To"] or ", ".join(message.get_all("Delivered-To", []))),
        "subject": str(message["Subject"] or ""),
        "date": date,
        "received": received.isoformat(),
        "text": _text(message),
    }


def all_messages(maildir: Path) -> list[dict[str, str]]:
    box = mailbox.Maildir(maildir)
    items = []
    for key in box.iterkeys():
        try:
            items.append(summary(box, key))
        except (KeyError, FileNotFoundError):  # removed while we read
            continue
    return sorted(items, key=lambda m: (m["received"], m["id"]), reverse=True)


def one_message(maildir: Path, key: str) -> tuple[dict[str, str], list[tuple[str, str]]] | None:
    if len(key) > 300:
        return None
    box = mailbox.Maildir(maildir)
    try:  # keys are looked up in the Maildir's own index: no path is built from them
        message = message_from_bytes(box.get_bytes(key), policy=policy.default)
        return summary(box, key), [(name, str(value)) for name, value in message.items()]
    except (KeyError, FileNotFoundError):
        return None


# -- pages ---------------------------------------------------------------------------------
_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><meta charset="utf-8">
<title>{% block title %}{% endblock %} &ndash; Development outbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/govuk-frontend.min.css"></head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-header"><div class="govuk-header__container govuk-width-container">
<a href="/" class="govuk-header__link govuk-header__service-name">cspr development outbox</a>
</div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
{% block content %}{% endblock %}</main></div></body></html>""",
    "index.html": """{% extends "base.html" %}{% block title %}Messages{% endblock %}
{% block content %}<h1 class="govuk-heading-xl">Development outbox</h1>
<p class="govuk-body">Every email the services sent to this development SMTP server
(port {{ smtp_port }}). Nothing here was delivered to anyone.</p>
{% if messages %}<table class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--m">{{ messages|length }}
message{{ "" if messages|length == 1 else "s" }}, newest first</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Received</th>
<th scope="col" class="govuk-table__header">From</th>
<th scope="col" class="govuk-table__header">To</th>
<th scope="col" class="govuk-table__header">Subject</th></tr></thead>
<tbody class="govuk-table__body">{% for m in messages %}<tr class="govuk-table__row">
<td class="govuk-table__cell"><time datetime="{{ m.received }}">{{ m.received_text }}</time></td>
<td class="govuk-table__cell">{{ m.from }}</td><td class="govuk-table__cell">{{ m.to }}</td>
<td class="govuk-table__cell"><a class="govuk-link" href="/messages/{{ m.id|urlencode }}">
{{- m.subject or "(no subject)" }}</a></td></tr>{% endfor %}</tbody></table>
{% else %}<p class="govuk-body">No messages yet.</p>{% endif %}{% endblock %}""",
    "message.html": """{% extends "base.html" %}{% block title %}{{ m.subject }}{% endblock %}
{% block content %}<a href="/" class="govuk-back-link">Back to the outbox</a>
<h1 class="govuk-heading-l">{{ m.subject or "(no subject)" }}</h1>
<h2 class="govuk-heading-m">Headers</h2><dl class="govuk-summary-list">
{% for name, value in headers %}<div class="govuk-summary-list__row">
<dt class="govuk-summary-list__key">{{ name }}</dt>
<dd class="govuk-summary-list__value">{{ value }}</dd></div>{% endfor %}</dl>
<h2 class="govuk-heading-m">Text</h2>
<pre class="govuk-body">{{ m.text }}</pre>{% endblock %}""",
}
_env = Environment(loader=DictLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'"


def _received_text(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M:%S UTC")


def make_handler(maildir: Path, smtp_port: int) -> type[BaseHTTPRequestHandler]:
    class OutboxHandler(BaseHTTPRequestHandler):
        server_version = "devmail"

        def log_message(self, format: str, *args: Any) -> None:
            log.info("http %s", format % args)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _page(self, name: str, status: int = 200, **context: Any) -> None:
            html = _env.get_template(name).render(**context)
            self._send(status, html.encode("utf-8"), "text/html; charset=utf-8")

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/api/messages":
                body = json.dumps(all_messages(maildir)).encode("utf-8")
                self._send(200, body, "application/json")
            elif path == "/":
                rows = [
                    {**m, "received_text": _received_text(m["received"])}
                    for m in all_messages(maildir)
                ]
                self._page("index.html", messages=rows, smtp_port=smtp_port)
            elif path.startswith("/messages/"):
                found = one_message(maildir, unquote(path.removeprefix("/messages/")))
                if found is None:
                    self._send(404, b"No such message", "text/plain; charset=utf-8")
                else:
                    self._page("message.html", m=found[0], headers=found[1])
            elif path == "/govuk-frontend.min.css" and (GOVUK_CSS / path[1:]).is_file():
                self._send(200, (GOVUK_CSS / path[1:]).read_bytes(), "text/css")
            else:
                self._send(404, b"Not found", "text/plain; charset=utf-8")

    return OutboxHandler


# -- running -------------------------------------------------------------------------------
class Devmail:
    def __init__(self, smtp_port: int, http_port: int, maildir: Path) -> None:
        # Maildir makes cur/new/tmp only when it creates the folder itself
        maildir.parent.mkdir(parents=True, exist_ok=True)
        mailbox.Maildir(maildir, create=True)
        self.controller = Controller(MaildirHandler(maildir), hostname=HOST, port=smtp_port)
        self.httpd = ThreadingHTTPServer((HOST, http_port), make_handler(maildir, smtp_port))
        self.httpd.daemon_threads = True
        self._http_thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> Devmail:
        self.controller.start()
        self._http_thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.controller.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--maildir", type=Path, default=REPO_ROOT / "var" / "mail")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s devmail %(message)s")
    # aiosmtpd logs every SMTP command line (addresses included) at INFO
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    stopping = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    devmail = Devmail(args.smtp_port, args.http_port, args.maildir).start()
    log.info("SMTP on %s:%d, outbox on http://%s:%d", HOST, args.smtp_port, HOST, args.http_port)
    stopping.wait()
    log.info("stopping")
    devmail.stop()


def devmail_process(smtp_port: int, http_port: int, maildir: Path, log_dir: Path) -> Managed:
    """The devmail server as a managed child process (not started)."""
    return Managed(
        "devmail",
        [
            sys.executable,
            "-m",
            "devstack.devmail",
            "--smtp-port",
            str(smtp_port),
            "--http-port",
            str(http_port),
            "--maildir",
            str(maildir),
        ],
        log_dir=log_dir,
        restart=True,
    )


def start_devmail(
    smtp_port: int, http_port: int, maildir: Path, log_dir: Path, timeout: float = 30.0
) -> Managed:
    """Start devmail and return once both its SMTP and HTTP ports answer."""
    proc = devmail_process(smtp_port, http_port, maildir, log_dir).start()
    try:
        wait_for_port(HOST, smtp_port, timeout, proc)
        wait_for_port(HOST, http_port, timeout, proc)
    except BaseException:
        proc.stop()
        raise
    return proc


if __name__ == "__main__":
    main()
