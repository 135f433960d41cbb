"""Drafts on PostgreSQL or SQLite (adapter for ``drafts.DraftRepository``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from services.intake.drafts import Draft, ResumeLink, digest, new_secret
from services.intake.tables import draft


class DraftGone(RuntimeError):
    """The draft was submitted or deleted meanwhile (another tab, the retention job)."""


def _draft(row: Any) -> Draft:
    return Draft(
        id=row.id,
        form_id=row.form_id,
        form_version=row.form_version,
        answers=dict(row.answers or {}),
        pending={k: dict(v) for k, v in (row.pending or {}).items()},
        expires_at=row.expires_at,
        referral_id=row.referral_id,
    )


class SqlDraftRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self, *, key: str, form_id: str, form_version: int, now: datetime, expires_at: datetime
    ) -> Draft:
        with self.engine.begin() as conn:
            draft_id = conn.execute(
                insert(draft)
                .values(
                    key_hash=digest(key),
                    form_id=form_id,
                    form_version=form_version,
                    answers={},
                    pending={},
                    created_at=now,
                    updated_at=now,
                    expires_at=expires_at,
                    resume_serial=0,
                )
                .returning(draft.c.id)
            ).scalar_one()
        return Draft(int(draft_id), form_id, form_version, {}, {}, expires_at)

    def by_key(self, key: str, now: datetime) -> Draft | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(draft).where(draft.c.key_hash == digest(key), draft.c.expires_at > now)
            ).first()
        return _draft(row) if row is not None else None

    def save(self, d: Draft, *, now: datetime, expires_at: datetime) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(draft)
                .where(draft.c.id == d.id, draft.c.referral_id.is_(None))
                .values(answers=d.answers, pending=d.pending, updated_at=now, expires_at=expires_at)
            ).rowcount
        if not done:
            raise DraftGone(f"draft {d.id} is submitted or deleted")

    def issue_resume_link(
        self, draft_id: int, *, email: str, now: datetime, expires_at: datetime
    ) -> ResumeLink:
        token = new_secret()
        with self.engine.begin() as conn:
            serial = conn.execute(
                update(draft)
                .where(draft.c.id == draft_id, draft.c.referral_id.is_(None))
                .values(
                    resume_token_hash=digest(token),
                    resume_expires_at=expires_at,
                    resume_email=email,
                    resume_serial=draft.c.resume_serial + 1,
                    updated_at=now,
                    expires_at=expires_at,
                )
                .returning(draft.c.resume_serial)
            ).scalar_one_or_none()
        if serial is None:
            raise DraftGone(f"draft {draft_id} is submitted or deleted")
        return ResumeLink(token=token, serial=int(serial), expires_at=expires_at)

    def take_resume_link(self, token: str, *, new_key: str, now: datetime) -> Draft | None:
        with self.engine.begin() as conn:
            row = conn.execute(
                update(draft)
                .where(
                    draft.c.resume_token_hash == digest(token),
                    draft.c.resume_expires_at > now,
                    draft.c.referral_id.is_(None),
                )
                .values(resume_token_hash=None, key_hash=digest(new_key), updated_at=now)
                .returning(*draft.c)
            ).first()
        return _draft(row) if row is not None else None

    def mark_submitted(self, draft_id: int, referral_id: int, now: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(draft)
                .where(draft.c.id == draft_id)
                .values(
                    referral_id=referral_id,
                    submitted_at=now,
                    answers={},
                    pending={},
                    resume_token_hash=None,
                    resume_email=None,
                    updated_at=now,
                )
            )

    def delete_expired(self, now: datetime) -> int:
        with self.engine.begin() as conn:
            # Submitted drafts hold no answers; kept until they expire so that a replayed
            # submission is still recognised and shown its reference.
            return int(conn.execute(delete(draft).where(draft.c.expires_at <= now)).rowcount)
