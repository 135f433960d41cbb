"""Keyword-only test data for the emails to referrers (resume links, confirmations)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from services.intake.readmodel import ReferralSnapshot, ResumeContact
from services.notifier.referrers import ReferrerSettings
from shared.forms import samples
from shared.forms.registry import get_form

REFERRER = "sam.practitioner@school.example"
DSL = "dsl.lead@school.example"
CONTACT = "safeguarding-partnership@partnership.example"
CHILD_NAME = "Amelia Hartley-O'Brien"
CHILD_DOB = "2019-03-14"
OUTLINE = "Admitted to hospital with unexplained injuries; siblings placed with grandparents."
#: a urlsafe token as intake makes them (secrets.token_urlsafe(32))
TOKEN = "q3Zr_8xv-Yb2WmT0KpLd9sNeH4uAcJf7G1oIyRtVwXk"


def make_settings(
    *,
    partnership_name: str = "Greenwich Safeguarding Children Partnership",
    intake_url: str = "https://referrals.partnership.example",
    mail_from: str = "cspr@partnership.example",
    contact_email: str = CONTACT,
) -> ReferrerSettings:
    return ReferrerSettings(
        partnership_name=partnership_name,
        intake_url=intake_url,
        mail_from=mail_from,
        contact_email=contact_email,
    )


def make_answers(
    *, form_id: str = "serious-incident", referrer_email: Any = REFERRER
) -> dict[str, Any]:
    """The sample answers of ``form_id`` with a recognisable child, outline and addresses."""
    found = samples.answers(get_form(form_id), today=date(2026, 11, 20))
    found.update(
        child_name=CHILD_NAME,
        child_date_of_birth=CHILD_DOB,
        outline=OUTLINE,
        dsl_email=DSL,
        referrer_email=referrer_email,
    )
    if referrer_email is None:
        del found["referrer_email"]
    return found


def make_referral(
    *,
    reference: str = "GSCP-2026-0001",
    kind: str = "serious_incident",
    form_id: str = "serious-incident",
    received_at: datetime = datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
    answers: dict[str, Any] | None = None,
) -> ReferralSnapshot:
    return ReferralSnapshot(
        id=1,
        reference=reference,
        kind=kind,
        form_id=form_id,
        form_version=get_form(form_id).version,
        received_at=received_at,
        answers=answers if answers is not None else make_answers(form_id=form_id),
    )


def make_contact(
    *,
    draft_id: int = 7,
    form_id: str = "serious-incident",
    email: str = REFERRER,
    serial: int = 2,
    expires_at: datetime = datetime(2026, 12, 18, 18, 30, tzinfo=UTC),
    submitted: bool = False,
) -> ResumeContact:
    return ResumeContact(
        draft_id=draft_id,
        form_id=form_id,
        email=email,
        serial=serial,
        expires_at=expires_at,
        submitted=submitted,
    )


def answer_strings(answers: Any) -> Iterator[str]:
    """Every text in an answer set, however deeply nested (groups, yes/no with details)."""
    if isinstance(answers, str):
        yield answers
    elif isinstance(answers, dict):
        for value in answers.values():
            yield from answer_strings(value)
    elif isinstance(answers, list):
        for value in answers:
            yield from answer_strings(value)
