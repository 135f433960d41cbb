"""Logging that keeps personal data out of the logs.

Code logs ids and references only; as a second line of defence this filter masks anything
shaped like an email address, a phone number, a date of birth or a secret token (a resume
link's, a session key: ``secrets.token_urlsafe``) before a record is written.
"""

from __future__ import annotations

import logging
import re
import sys

_PATTERNS = (
    # a link that carries a token, whatever the token looks like
    (re.compile(r"/resume/[^/\s?#]+"), "/resume/[token]"),
    (re.compile(r"/scoping/[^/\s?#]+"), "/scoping/[token]"),
    (re.compile(r"/approvals/[^/\s?#]+"), "/approvals/[token]"),
    # a urlsafe secret: 32 or more letters, digits, - and _ with both cases of letter (not a
    # lowercase hex checksum, a reference or a dotted job name)
    (
        # ...but not a job id or key naming a case reference (GSCP-2026-0001), which is ours
        re.compile(
            r"(?<![\w-])(?![\w-]*[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{4})"
            r"(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[A-Za-z0-9_-]{32,}(?![\w-])"
        ),
        "[token]",
    ),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"), "[phone]"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"), "[date]"),
)


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter(f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_cspr", False):
            root.removeHandler(old)
    handler._cspr = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
