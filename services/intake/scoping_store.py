"""Scoping returns and the links behind them, on PostgreSQL or SQLite (adapters for
``scoping.ScopingReturns`` and ``scoping.ScopingLinks``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.intake.readmodel import fetch_referral
from services.intake.scoping import DRAFT, FoundLink, ReturnLocked, ScopingDraft
from services.intake.tables import scoping_return
from services.scheduler.readmodel import ScopingRequest, fetch_scoping_link
from shared.forms.model import Form


def _draft(row: Any, *, created: bool = False) -> ScopingDraft:
    return ScopingDraft(
        id=row.id,
        form_id=row.form_id,
        form_version=row.form_version,
        answers=dict(row.answers or {}),
        pending={k: dict(v) for k, v in (row.pending or {}).items()},
        case_agency_id=row.case_agency_id,
        status=row.status,
        submitted_at=row.submitted_at,
        reopened_at=row.reopened_at,
        reopen_reason=row.reopen_reason or "",
        started_at=row.started_at,
        saved_at=row.saved_at,
        created=created,
    )


class SqlScopingLinks:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def by_token_hash(self, token_hash: str) -> FoundLink | None:
        with self.engine.connect() as conn:
            request = fetch_scoping_link(conn, token_hash)
            if request is None:
                return None
            referral = fetch_referral(conn, request.referral_id)
        if referral is None:
            return None
        return FoundLink(request, referral.form_id, referral.answers)


class SqlScopingReturns:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _row(self, case_agency_id: int) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(
                select(scoping_return).where(scoping_return.c.case_agency_id == case_agency_id)
            ).first()

    def open(
        self, request: ScopingRequest, form: Form, answers: dict[str, Any], now: datetime
    ) -> ScopingDraft:
        row = self._row(request.case_agency_id)
        if row is not None:
            return _draft(row)
        try:
            with self.engine.begin() as conn:
                made = conn.execute(
                    insert(scoping_return)
                    .values(
                        case_agency_id=request.case_agency_id,
                        case_reference=request.case_reference,
                        form_id=form.id,
                        form_version=form.version,
                        answers=answers,
                        pending={},
                        status=DRAFT,
                        started_at=now,
                        saved_at=now,
                    )
                    .returning(*scoping_return.c)
                ).first()
            return _draft(made, created=True)
        except IntegrityError:
            # the same link opened twice at once: the other request made it
            return _draft(self._row(request.case_agency_id))

    def save(self, draft: ScopingDraft, now: datetime) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(scoping_return)
                .where(
                    scoping_return.c.case_agency_id == draft.case_agency_id,
                    scoping_return.c.status == DRAFT,
                )
                .values(answers=draft.answers, pending=draft.pending, saved_at=now)
            ).rowcount
        if not done:
            raise ReturnLocked(f"the return of case agency {draft.case_agency_id} is submitted")

    def submit(
        self, case_agency_id: int, answers: dict[str, Any], status: str, now: datetime
    ) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(scoping_return)
                .where(
                    scoping_return.c.case_agency_id == case_agency_id,
                    scoping_return.c.status == DRAFT,
                )
                .values(answers=answers, pending={}, status=status, submitted_at=now, saved_at=now)
            ).rowcount
        return bool(done)

    def reopen(self, case_agency_id: int, reason: str, at: datetime) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(scoping_return)
                .where(
                    scoping_return.c.case_agency_id == case_agency_id,
                    scoping_return.c.status != DRAFT,
                )
                .values(status=DRAFT, reopened_at=at, reopen_reason=reason, saved_at=at)
            ).rowcount
        return bool(done)
