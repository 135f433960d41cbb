"""Referrals in progress: a draft per browser session and form, saved page by page.

The browser's session holds a random draft key; only its SHA-256 is stored, as is the
emailed resume token's. A draft keeps checked answers in the stored shape and, for pages
that did not pass their checks yet, what was typed, so nothing typed is lost. Submitting
locks the draft and clears its answers: a referral's answers are stored once, in
``intake_referral``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from shared.form_editing import merge_pending

__all__ = ["Draft", "DraftRepository", "ResumeLink", "digest", "merge_pending", "new_secret"]

#: 256 bits: keys and tokens cannot be guessed
_TOKEN_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@dataclass
class Draft:
    id: int
    form_id: str
    form_version: int
    answers: dict[str, Any]
    #: what was typed on a page (or a group item, "family-members/2") that failed its checks
    pending: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    expires_at: datetime | None = None
    referral_id: int | None = None

    @property
    def submitted(self) -> bool:
        return self.referral_id is not None


@dataclass(frozen=True)
class ResumeLink:
    token: str
    serial: int
    expires_at: datetime


class DraftRepository(Protocol):
    def create(
        self, *, key: str, form_id: str, form_version: int, now: datetime, expires_at: datetime
    ) -> Draft: ...

    def by_key(self, key: str, now: datetime) -> Draft | None:
        """The draft of this session key, unless it has expired."""
        ...

    def save(self, draft: Draft, *, now: datetime, expires_at: datetime) -> None:
        """Store the draft's answers and pending input; fails on a submitted draft."""
        ...

    def issue_resume_link(
        self, draft_id: int, *, email: str, now: datetime, expires_at: datetime
    ) -> ResumeLink:
        """A new single-use resume token (replacing any earlier one)."""
        ...

    def take_resume_link(self, token: str, *, new_key: str, now: datetime) -> Draft | None:
        """Use a resume token once: the draft moves to ``new_key``; None when unknown,
        used, expired or submitted."""
        ...

    def mark_submitted(self, draft_id: int, referral_id: int, now: datetime) -> None:
        """Lock the draft and clear its answers (they now live in the referral)."""
        ...

    def delete_expired(self, now: datetime) -> int: ...
