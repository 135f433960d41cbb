"""Keyword-only test data made by the owning services' own code: referrals through intake's
repository, saved drafts and their resume links through intake's draft store. Cases are
opened by the scheduler's own open_case job (the ``open_referral_case`` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from services.intake.draft_store import SqlDraftRepository
from services.intake.drafts import ResumeLink, new_secret
from services.intake.ports import NewReferral, StoredReferral
from services.intake.repository import SqlReferralRepository
from shared.forms import samples
from shared.forms.registry import get_form

PREFIX = "GSCP"
CHILD_NAME = "Amelia Hartley-O'Brien"
OUTLINE = "Admitted to hospital with unexplained injuries."
REFERRER = "sam.practitioner@school.example"
DSL = "dsl.lead@school.example"
FORMS = {"serious_incident": "serious-incident", "practice_learning": "practice-learning"}


def add_referral(
    engine: Engine,
    *,
    kind: str = "serious_incident",
    received_at: datetime = datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
    referrer_email: str | None = REFERRER,
) -> StoredReferral:
    """A referral as intake stores it: sample answers with a recognisable child."""
    form = get_form(FORMS[kind])
    answers: dict[str, Any] = samples.answers(form, today=received_at.date())
    answers.update(child_name=CHILD_NAME, outline=OUTLINE, dsl_email=DSL)
    if referrer_email is None:
        answers.pop("referrer_email", None)
    else:
        answers["referrer_email"] = referrer_email
    new = NewReferral(kind=kind, form_id=form.id, form_version=form.version, answers=answers)
    return SqlReferralRepository(engine, PREFIX).add(new, received_at=received_at)


def save_draft(
    engine: Engine,
    *,
    form_id: str = "serious-incident",
    email: str = REFERRER,
    now: datetime,
    link_expires_at: datetime | None = None,
) -> tuple[int, ResumeLink]:
    """A draft saved to come back later, with its resume link issued, as intake does it."""
    drafts = SqlDraftRepository(engine)
    draft = drafts.create(
        key=new_secret(),
        form_id=form_id,
        form_version=get_form(form_id).version,
        now=now,
        expires_at=now + timedelta(days=28),
    )
    link = drafts.issue_resume_link(
        draft.id,
        email=email,
        now=now,
        expires_at=link_expires_at or now + timedelta(days=28),
    )
    return draft.id, link
