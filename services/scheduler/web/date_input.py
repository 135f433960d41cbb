"""Reading a GOV.UK date input (three boxes: day, month, year) with GOV.UK error messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from services.scheduler.domain.inputs import Input, InvalidInput, Kind, clean_value


@dataclass(frozen=True)
class DateAnswer:
    #: what was typed, to show again
    parts: dict[str, str]
    value: date | None
    error: str = ""


def date_spec(name: str, label: str, noun: str) -> Input:
    """A date that may be in the past or the future, e.g. ``date_spec("held_on", ...)``."""
    return Input(
        name,
        label,
        Kind.DATE,
        missing=f"Enter {noun[0].lower()}{noun[1:]}",
        noun=noun,
        allow_future=True,
    )


def read_date(spec: Input, form: Mapping[str, str], today: date) -> DateAnswer:
    parts = {p: str(form.get(f"{spec.id}-{p}", "")) for p in ("day", "month", "year")}
    try:
        value = clean_value(spec, parts, today)
    except InvalidInput as problem:
        return DateAnswer(parts, None, str(problem))
    assert isinstance(value, date)
    return DateAnswer(parts, value)
