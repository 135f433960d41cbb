"""The outside systems intake talks to, as ports: the referral store and the job queue.

Real adapters: ``repository.SqlReferralRepository`` and ``handoff_queue.RedisCaseQueue``;
unit tests use in-memory fakes (tests/unit/intake/fakes.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from shared.forms.model import Form

Clock = Callable[[], datetime]


class QueueUnavailable(Exception):
    """The job queue could not take the job now; the outbox relay will try again later."""


@dataclass(frozen=True)
class StoredReferral:
    id: int
    reference: str
    #: False when ``submission_key`` named a referral stored earlier (a replay)
    created: bool = True


@dataclass(frozen=True)
class NewReferral:
    """A checked answer set of one form version, ready to store."""

    kind: str
    form_id: str
    form_version: int
    answers: Mapping[str, Any]
    #: web or api
    source: str = "web"
    #: makes storing idempotent: a second add with the same key returns the first referral
    submission_key: str | None = None

    @classmethod
    def of(
        cls,
        form: Form,
        answers: Mapping[str, Any],
        *,
        source: str = "web",
        submission_key: str | None = None,
    ) -> NewReferral:
        """Answers of ``form``: the route, form id and version come from the definition."""
        return cls(form.route, form.id, form.version, answers, source, submission_key)


class PendingBatch(Protocol):
    """Referrals not yet handed off, held (locked where the database can) until the end."""

    @property
    def ids(self) -> Sequence[int]: ...

    def mark_handed_off(self, referral_id: int, at: datetime) -> None: ...


class ReferralRepository(Protocol):
    def add(self, new: NewReferral, *, received_at: datetime) -> StoredReferral:
        """Allocate the next reference and store the referral in one committed transaction;
        with a ``submission_key`` already used, return that referral instead."""
        ...

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        """Record the hand-off unless it is already recorded."""
        ...

    def reference_of(self, referral_id: int) -> str | None: ...

    def pending(self, limit: int) -> AbstractContextManager[PendingBatch]:
        """Up to ``limit`` referrals with no hand-off yet, oldest first."""
        ...


class CaseQueue(Protocol):
    def open_case(self, referral_id: int) -> None:
        """Ask the scheduler to open the case; raises ``QueueUnavailable``."""
        ...

    def send_resume_link(self, draft_id: int, serial: int, token: str) -> None:
        """Ask the notifier to email a resume link; raises ``QueueUnavailable``."""
        ...

    def scoping_activity(self, case_agency_id: int, activity: str, at: datetime) -> None:
        """Tell the scheduler what an agency did with its scoping link (for the case
        timeline); raises ``QueueUnavailable``."""
        ...


class ReferralCopies(Protocol):
    def pdf(self, reference: str) -> bytes | None:
        """The PDF of a submitted referral's answers; None while it is being made.

        Raises ``CopyUnavailable`` when the documents service cannot be asked."""
        ...


class CopyUnavailable(RuntimeError):
    """The documents service did not answer."""
