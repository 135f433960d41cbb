"""The inputs a staff action needs, declared once so a web form and a JSON body can both be
derived from them, and checked here with GOV.UK error wording keyed by input id.

Raw values are what either channel gives: a date as ``date``, an ISO string ("2026-03-02")
or the three parts of a GOV.UK date input (``{"day": "2", "month": "3", "year": "2026"}``);
text as a string; one choice as its value; several choices as a list of values; a
confirmation as ``True`` or a checkbox's "yes".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    DATE = "date"
    TEXT = "text"
    TEXTAREA = "textarea"
    RADIOS = "radios"
    CHECKBOXES = "checkboxes"
    CONFIRM = "confirm"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""
    #: a checkbox that cannot be ticked with another ("None of these")
    exclusive: bool = False


@dataclass(frozen=True)
class Input:
    id: str
    label: str
    kind: Kind
    #: GOV.UK "missing" error: "Enter the date …", "Select …", "Confirm …"
    missing: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    required: bool = True
    #: asked (and required) only when another input has one of these values; a form shows
    #: it revealed under that choice
    only_when: tuple[str, frozenset[str]] | None = None
    max_length: int = 0
    #: a date's name at the start of a sentence: "The date the Panel was notified"
    noun: str = ""
    #: the error when several options are ticked with an exclusive one
    exclusive_error: str = ""
    #: a date that may be ahead (a meeting being arranged); others must be today or before
    allow_future: bool = False

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)

    def applies(self, values: Mapping[str, object]) -> bool:
        if self.only_when is None:
            return True
        other, wanted = self.only_when
        given = values.get(other)
        if isinstance(given, frozenset):
            return bool(given & wanted)
        return given in wanted


class InvalidInput(ValueError):
    """One input's value is wrong; the message is shown next to it."""


def _date(spec: Input, raw: object, today: date) -> date:
    if isinstance(raw, date):
        day = raw
    elif isinstance(raw, Mapping):
        parts = {p: str(raw.get(p) or "").strip() for p in ("day", "month", "year")}
        absent = [p for p in ("day", "month", "year") if not parts[p]]
        if len(absent) == 3:
            raise InvalidInput(spec.missing)
        if absent:
            raise InvalidInput(f"{spec.noun} must include a {' and '.join(absent)}")
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise InvalidInput(f"{spec.noun} must be a real date") from None
        if len(parts["year"]) != 4:
            raise InvalidInput(f"{spec.noun} must be a real date")
    else:
        try:
            day = date.fromisoformat(str(raw).strip())
        except ValueError:
            raise InvalidInput(f"{spec.noun} must be a real date") from None
    if day > today and not spec.allow_future:
        raise InvalidInput(f"{spec.noun} must be today or in the past")
    return day


def _choices(spec: Input, raw: object) -> frozenset[str]:
    if isinstance(raw, str):
        picked = frozenset({raw.strip()})
    elif isinstance(raw, (list, tuple, set, frozenset)):
        picked = frozenset(str(item).strip() for item in raw)
    else:
        raise InvalidInput(spec.missing)
    known = {o.value for o in spec.options}
    if not picked or not picked <= known:
        raise InvalidInput(spec.missing)
    exclusive = {o.value for o in spec.options if o.exclusive}
    if len(picked) > 1 and picked & exclusive:
        raise InvalidInput(spec.exclusive_error)
    return picked


def _blank(raw: object) -> bool:
    if raw is None or raw is False:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, Mapping):
        return not any(str(v or "").strip() for v in raw.values())
    if isinstance(raw, (list, tuple, set, frozenset)):
        return not raw
    return False


def clean_value(spec: Input, raw: object, today: date) -> object:
    """The checked value of one present input, or InvalidInput with its GOV.UK message."""
    if spec.kind is Kind.DATE:
        return _date(spec, raw, today)
    if spec.kind is Kind.CHECKBOXES:
        return _choices(spec, raw)
    if spec.kind is Kind.RADIOS:
        value = str(raw).strip()
        if value not in {o.value for o in spec.options}:
            raise InvalidInput(spec.missing)
        return value
    if spec.kind is Kind.CONFIRM:
        if raw is True or str(raw).strip().lower() in {"yes", "true", "on", "y"}:
            return True
        raise InvalidInput(spec.missing)
    text = str(raw).strip()
    if spec.max_length and len(text) > spec.max_length:
        raise InvalidInput(
            f"{spec.noun or spec.label} must be {spec.max_length} characters or fewer"
        )
    return text


def clean_inputs(
    specs: tuple[Input, ...], raw: Mapping[str, object], today: date
) -> tuple[dict[str, object], dict[str, str]]:
    """(values, errors): values of the inputs that apply, errors keyed by input id.

    Inputs that do not apply (``only_when`` not met) are dropped whatever was sent, and
    ids not declared are ignored, so a form's extra fields change nothing.
    """
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        if not spec.applies(values):
            continue
        given = raw.get(spec.id)
        if _blank(given):
            if spec.required:
                errors[spec.id] = spec.missing
            continue
        try:
            values[spec.id] = clean_value(spec, given, today)
        except InvalidInput as problem:
            errors[spec.id] = str(problem)
    return values, errors


def date_input(
    id: str, noun: str, hint: str = "For example, 27 3 2026", *, allow_future: bool = False
) -> Input:
    """A date, today or before unless ``allow_future``: ``noun`` is "the date the Panel was
    notified", which gives the label and every error message."""
    sentence = noun[0].upper() + noun[1:]
    return Input(
        id,
        sentence,
        Kind.DATE,
        f"Enter {noun}",
        hint=hint,
        noun=sentence,
        allow_future=allow_future,
    )


def text_input(
    id: str, label: str, missing: str = "", *, long: bool = True, max_length: int = 5000
) -> Input:
    """A text input, required unless ``missing`` (its error) is empty."""
    kind = Kind.TEXTAREA if long else Kind.TEXT
    shown = label if missing else f"{label} (optional)"
    return Input(id, shown, kind, missing, required=bool(missing), max_length=max_length)
