"""Wording and formatting for the console: dates, sizes, and the referral as submitted.

The referral summary is ``shared.forms.present.summary`` of the form version the answers
follow, so the console shows exactly the sections, pages, labels and answers the referrer
checked before sending; this module only turns it into GOV.UK summary-list parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from services.intake.readmodel import ReferralSnapshot
from services.scheduler.domain.clocks import london_date
from shared.forms.present import Row, SectionView, summary
from shared.forms.registry import UnknownForm, get_form
from shared.govuk_dates import long_date


def govuk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = london_date(value)
    return long_date(value)


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def lines(text: str) -> Markup:
    """Escaped text whose line breaks stay line breaks."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def summary_rows(rows: tuple[Row, ...] | list[Row]) -> list[dict[str, Any]]:
    """``govukSummaryList`` rows: everything escaped, the answer's line breaks kept."""
    return [{"key": {"text": r.label}, "value": {"html": lines(r.text)}} for r in rows]


@dataclass(frozen=True)
class ItemParams:
    title: str
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class PageParams:
    title: str
    rows: list[dict[str, Any]]
    items: list[ItemParams]
    empty_text: str
    repeating: bool


@dataclass(frozen=True)
class SectionParams:
    title: str
    pages: list[PageParams]


@dataclass(frozen=True)
class ReferralParams:
    """The referral section of a case page."""

    #: "Referral of a serious incident (Appendix i), version 1"
    form_name: str
    sections: list[SectionParams]
    #: answers of a form version this console does not know (code older than the data)
    unknown_rows: list[dict[str, Any]]


def _section(view: SectionView) -> SectionParams:
    return SectionParams(
        view.title,
        [
            PageParams(
                title=p.title,
                rows=summary_rows(p.rows),
                items=[ItemParams(i.title, summary_rows(i.rows)) for i in p.items],
                empty_text=p.empty_text,
                repeating=p.page.repeating is not None,
            )
            for p in view.pages
        ],
    )


def _stored_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, indent=1, ensure_ascii=False)


def referral_params(referral: ReferralSnapshot) -> ReferralParams:
    return answers_params(referral.form_id, referral.form_version, referral.answers)


def answers_params(form_id: str, form_version: int, answers: dict[str, Any]) -> ReferralParams:
    """A stored answer set (a referral, an agency's scoping return) by its form's sections."""
    try:
        form = get_form(form_id, form_version)
    except UnknownForm:
        # Never hide what was submitted: show each stored answer under its id.
        rows = [Row(key, _stored_text(value), key) for key, value in answers.items()]
        return ReferralParams(
            f"Unknown form {form_id} version {form_version}",
            [],
            summary_rows(rows),
        )
    return ReferralParams(
        f"{form.title} ({form.caption}), version {form.version}",
        [_section(s) for s in summary(form, answers)],
        [],
    )
