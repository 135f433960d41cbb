"""Cleaning typed text before it is checked or stored (no Flask).

Control characters (NUL above all) are never meant and break PostgreSQL text and Word XML;
bidirectional override and isolate characters let a name be shown reversed or disguised, so
they are removed; U+FFFD is what undecodable bytes (invalid UTF-8) become, which the checker
reports rather than storing.
"""

from __future__ import annotations

import re
import unicodedata

#: U+202A to U+202E (embeddings, overrides) and U+2066 to U+2069 (isolates)
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
REPLACEMENT = "\ufffd"
_WHITESPACE_RUN = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _strip(text: str, keep: str) -> str:
    return "".join(
        ch
        for ch in text
        if ch in keep or (unicodedata.category(ch) != "Cc" and ch not in BIDI_CONTROLS)
    )


def clean_line(text: str) -> str:
    """A one-line answer: no control characters, runs of whitespace made one space."""
    return _WHITESPACE_RUN.sub(" ", _strip(text, keep="\t\n\r")).strip()


def clean_text(text: str) -> str:
    """A multi-line answer: line breaks kept (normalised to \\n), ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in _strip(text, keep="\n\t").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def unreadable(text: str) -> bool:
    """True when the text holds characters that arrived as bytes we could not decode."""
    return REPLACEMENT in text
