"""In-memory stand-ins for intake's ports (unit tests only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from services.intake.drafts import Draft, ResumeLink, digest, new_secret
from services.intake.ports import CopyUnavailable, NewReferral, QueueUnavailable, StoredReferral
from services.intake.references import format_reference, reference_year
from services.intake.scoping import FoundLink, ReturnLocked, ScopingDraft
from services.intake.scoping import token_hash as scoping_token_hash
from services.scheduler.readmodel import ScopingRequest
from shared.forms.model import Form


@dataclass
class FakeReferrals:
    prefix: str = "TEST"
    rows: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    fail_marking: bool = False

    def add(self, new: NewReferral, *, received_at: datetime) -> StoredReferral:
        if new.submission_key is not None:
            for row in self.rows:
                if row["submission_key"] == new.submission_key:
                    return StoredReferral(row["id"], row["reference"], created=False)
        year = reference_year(received_at)
        number = self.counters.get((self.prefix, year), 0) + 1
        self.counters[(self.prefix, year)] = number
        row = {
            "id": len(self.rows) + 1,
            "reference": format_reference(self.prefix, year, number),
            "kind": new.kind,
            "form_id": new.form_id,
            "form_version": new.form_version,
            "source": new.source,
            "submission_key": new.submission_key,
            "received_at": received_at,
            "answers": dict(new.answers),
            "handed_off_at": None,
        }
        self.rows.append(row)
        return StoredReferral(
            id=len(self.rows), reference=format_reference(self.prefix, year, number)
        )

    def reference_of(self, referral_id: int) -> str | None:
        return next((r["reference"] for r in self.rows if r["id"] == referral_id), None)

    def row(self, referral_id: int) -> dict[str, Any]:
        return next(r for r in self.rows if r["id"] == referral_id)

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        if self.fail_marking:
            raise RuntimeError("database went away")
        row = self.row(referral_id)
        if row["handed_off_at"] is None:
            row["handed_off_at"] = at

    @contextmanager
    def pending(self, limit: int) -> Iterator[FakeBatch]:
        waiting = sorted(
            (r for r in self.rows if r["handed_off_at"] is None),
            key=lambda r: (r["received_at"], r["id"]),
        )
        yield FakeBatch(self, [r["id"] for r in waiting[:limit]])


@dataclass
class FakeBatch:
    repo: FakeReferrals
    ids: list[int]

    def mark_handed_off(self, referral_id: int, at: datetime) -> None:
        self.repo.mark_handed_off(referral_id, at)


@dataclass
class FakeQueue:
    available: bool = True
    #: referral ids, one per call that reached the queue
    opened: list[int] = field(default_factory=list)
    #: become unavailable after this many jobs (None: never)
    fail_after: int | None = None

    #: (draft id, serial, token) of each resume link asked for
    resume_links: list[tuple[int, int, str]] = field(default_factory=list)
    #: (case agency id, activity, when) of each scoping activity reported
    activities: list[tuple[int, str, datetime]] = field(default_factory=list)

    def open_case(self, referral_id: int) -> None:
        if not self.available or (
            self.fail_after is not None and len(self.opened) >= self.fail_after
        ):
            raise QueueUnavailable("ConnectionError")
        self.opened.append(referral_id)

    def send_resume_link(self, draft_id: int, serial: int, token: str) -> None:
        if not self.available:
            raise QueueUnavailable("ConnectionError")
        self.resume_links.append((draft_id, serial, token))

    def scoping_activity(self, case_agency_id: int, activity: str, at: datetime) -> None:
        if not self.available:
            raise QueueUnavailable("ConnectionError")
        self.activities.append((case_agency_id, activity, at))


@dataclass
class FixedClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class _DraftRow:
    draft: Draft
    key_hash: str
    token_hash: str | None = None
    token_expires: datetime | None = None
    serial: int = 0
    email: str | None = None


@dataclass
class FakeDrafts:
    rows: dict[int, _DraftRow] = field(default_factory=dict)

    def create(
        self, *, key: str, form_id: str, form_version: int, now: datetime, expires_at: datetime
    ) -> Draft:
        made = Draft(len(self.rows) + 1, form_id, form_version, {}, {}, expires_at)
        self.rows[made.id] = _DraftRow(made, digest(key))
        return Draft(made.id, form_id, form_version, {}, {}, expires_at)

    def _copy(self, d: Draft) -> Draft:
        return Draft(
            d.id, d.form_id, d.form_version, deepcopy(d.answers), deepcopy(d.pending),
            d.expires_at, d.referral_id,
        )  # fmt: skip

    def by_key(self, key: str, now: datetime) -> Draft | None:
        for row in self.rows.values():
            expires = row.draft.expires_at
            if row.key_hash == digest(key) and expires is not None and expires > now:
                return self._copy(row.draft)
        return None

    def save(self, draft: Draft, *, now: datetime, expires_at: datetime) -> None:
        row = self.rows[draft.id]
        if row.draft.referral_id is not None:
            raise RuntimeError("draft submitted")
        row.draft = self._copy(draft)
        row.draft.expires_at = expires_at

    def issue_resume_link(
        self, draft_id: int, *, email: str, now: datetime, expires_at: datetime
    ) -> ResumeLink:
        row = self.rows[draft_id]
        token = new_secret()
        row.token_hash, row.token_expires, row.email = digest(token), expires_at, email
        row.serial += 1
        return ResumeLink(token, row.serial, expires_at)

    def take_resume_link(self, token: str, *, new_key: str, now: datetime) -> Draft | None:
        for row in self.rows.values():
            if (
                row.token_hash == digest(token)
                and row.token_expires is not None
                and row.token_expires > now
                and row.draft.referral_id is None
            ):
                row.token_hash, row.key_hash = None, digest(new_key)
                return self._copy(row.draft)
        return None

    def mark_submitted(self, draft_id: int, referral_id: int, now: datetime) -> None:
        row = self.rows[draft_id]
        row.draft.referral_id = referral_id
        row.draft.answers, row.draft.pending, row.token_hash = {}, {}, None

    def delete_expired(self, now: datetime) -> int:
        gone = [i for i, r in self.rows.items() if r.draft.expires_at and r.draft.expires_at <= now]
        for i in gone:
            del self.rows[i]
        return len(gone)


@dataclass
class FakeCopies:
    """The documents service as intake sees it: PDFs by reference, or down."""

    pdfs: dict[str, bytes] = field(default_factory=dict)
    available: bool = True

    def pdf(self, reference: str) -> bytes | None:
        if not self.available:
            raise CopyUnavailable("documents service unreachable")
        return self.pdfs.get(reference)


@dataclass
class FakeScopingLinks:
    """Links by token hash, as the scheduler's read model gives them."""

    found: dict[str, FoundLink] = field(default_factory=dict)

    def add(self, token: str, found: FoundLink) -> None:
        self.found[scoping_token_hash(token)] = found

    def by_token_hash(self, token_hash: str) -> FoundLink | None:
        return self.found.get(token_hash)


@dataclass
class FakeScopingReturns:
    rows: dict[int, ScopingDraft] = field(default_factory=dict)

    def open(
        self, request: ScopingRequest, form: Form, answers: dict[str, Any], now: datetime
    ) -> ScopingDraft:
        if request.case_agency_id in self.rows:
            return replace(self.rows[request.case_agency_id], created=False)
        made = ScopingDraft(
            id=len(self.rows) + 1,
            form_id=form.id,
            form_version=form.version,
            answers=deepcopy(answers),
            case_agency_id=request.case_agency_id,
            started_at=now,
            saved_at=now,
            created=True,
        )
        self.rows[request.case_agency_id] = made
        return replace(made)

    def save(self, draft: ScopingDraft, now: datetime) -> None:
        kept = self.rows[draft.case_agency_id]
        if kept.submitted:
            raise ReturnLocked("submitted")
        self.rows[draft.case_agency_id] = replace(
            kept, answers=deepcopy(draft.answers), pending=deepcopy(draft.pending),
            saved_at=now,
        )  # fmt: skip

    def submit(
        self, case_agency_id: int, answers: dict[str, Any], status: str, now: datetime
    ) -> bool:
        kept = self.rows[case_agency_id]
        if kept.submitted:
            return False
        self.rows[case_agency_id] = replace(
            kept, answers=dict(answers), pending={}, status=status, submitted_at=now
        )
        return True

    def reopen(self, case_agency_id: int, reason: str, at: datetime) -> bool:
        kept = self.rows.get(case_agency_id)
        if kept is None or not kept.submitted:
            return False
        self.rows[case_agency_id] = replace(kept, status="draft", reopened_at=at,
                                            reopen_reason=reason)  # fmt: skip
        return True
