"""Keyword-only builders of test data for intake."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.intake.ports import NewReferral
from shared.forms.registry import get_form
from shared.forms.samples import answers


def new_referral(
    *, form_id: str = "serious-incident", today: date = date(2026, 11, 20), **overrides: Any
) -> NewReferral:
    """A checked referral of ``form_id`` with typical made-up answers."""
    form = get_form(form_id)
    return NewReferral.of(form, {**answers(form, today=today), **overrides})
