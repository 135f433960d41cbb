"""Is this text shaped like an email address someone could reply to? (No Flask.)

The same checks GOV.UK Notify applies: a plausible local part, and a domain of at least two
valid labels ending in a real-looking top-level domain. Deliverability is not checked.
"""

from __future__ import annotations

import re

_LOCAL = re.compile(r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+")
_LABEL = re.compile(r"(xn|[a-z0-9]+)(-?-[a-z0-9]+)*", re.IGNORECASE)
_TLD = re.compile(r"([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)", re.IGNORECASE)


def looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or len(text) > 320:
        return False
    if not _LOCAL.fullmatch(local) or ".." in local or local[0] == "." or local[-1] == ".":
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return False
    if not all(0 < len(label) <= 63 and _LABEL.fullmatch(label) for label in labels):
        return False
    return bool(_TLD.fullmatch(labels[-1]))
