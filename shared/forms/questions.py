"""Question types: how each is read from what was typed, checked, shown and described.

Every question type answers the same five things, so pages, the checker, the check-answers
page, the console, the Word document and the JSON Schema are all derived from one
declaration:

- ``field_names()``: the names its inputs post (a date posts one name three times);
- ``read(raw, today)``: the typed strings → a clean value, nothing, or one GOV.UK message;
- ``to_raw(value)``: a stored value → the strings a page shows again (change links, drafts,
  and the JSON API, whose answers are checked by the very same ``read``);
- ``display(value)``: the text shown to people and printed in documents;
- ``schema()``: its JSON Schema (2020-12), with the seed label as ``title``.

``Raw`` is what a browser posts: each name with its list of values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from shared.forms.dates import read_date
from shared.forms.emails import looks_like_email
from shared.forms.text import clean_line, clean_text, unreadable
from shared.govuk_dates import long_date

Raw = Mapping[str, Sequence[str]]

NOT_GIVEN = "Not given"
#: nobody referred, nor any event recorded, is older than this: an earlier year is a slip
EARLIEST_YEAR = 1900
_ARTICLE = re.compile(r"^(the|your|a|an) ", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """One question read: ``value`` is None when nothing usable was given."""

    value: Any = None
    error: str | None = None


def sentence_start(name: str) -> str:
    """ "the child's name" → "Child's name": the subject of "... must be ..." messages."""
    bare = _ARTICLE.sub("", name)
    return bare[:1].upper() + bare[1:]


def first(raw: Raw, name: str) -> str:
    values = raw.get(name) or ()
    return str(values[0]) if values else ""


@dataclass(frozen=True, kw_only=True)
class Question:
    #: stable key of the answer (stored JSON, API, HTML name); never reused for another meaning
    id: str
    #: the seed form's own wording
    label: str
    #: how messages name it: "the child's name" → "Enter the child's name"
    name: str
    hint: str = ""
    required: bool = True
    max_length: int = 200
    #: HTML autocomplete token, where one applies
    autocomplete: str = ""
    type: ClassVar[str] = "text"

    def field_names(self) -> tuple[str, ...]:
        return (self.id,)

    def error_field(self, raw: Raw) -> str:
        """The input an error message is attached to (and the error summary links to)."""
        return self.id

    def read(self, raw: Raw, today: date) -> Reading:
        raise NotImplementedError

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        return {self.id: [] if value in (None, "") else [str(value)]}

    def display(self, value: Any) -> str:
        return NOT_GIVEN if value in (None, "", []) else str(value)

    def wrong_type(self, value: Any) -> str | None:
        """The message for a stored or API answer of the wrong JSON type (a number for a name),
        which ``to_raw`` would otherwise turn into text and accept."""
        return None if value is None or isinstance(value, str) else f"Enter {self.name} as text"

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length}

    def described(self) -> dict[str, Any]:
        """The JSON Schema of this question's answer, with its label and hint."""
        found = {"title": self.label, **self.schema()}
        if self.hint:
            found["description"] = self.hint
        return found

    # Messages (GOV.UK Design System error-message patterns)
    def missing(self) -> str:
        return f"Enter {self.name}"

    def too_long(self) -> str:
        return f"{sentence_start(self.name)} must be {self.max_length:,} characters or fewer"

    def garbled(self) -> str:
        return (
            f"{sentence_start(self.name)} contains characters that could not be read: "
            "type them again"
        )

    def _text(self, text: str, *, multi_line: bool) -> Reading:
        if unreadable(text):
            return Reading(error=self.garbled())
        cleaned = clean_text(text) if multi_line else clean_line(text)
        if not cleaned:
            return Reading(error=self.missing() if self.required else None)
        if len(cleaned) > self.max_length:
            return Reading(error=self.too_long())
        return Reading(value=cleaned)


@dataclass(frozen=True, kw_only=True)
class ShortText(Question):
    type: ClassVar[str] = "short-text"

    def read(self, raw: Raw, today: date) -> Reading:
        return self._text(first(raw, self.id), multi_line=False)


@dataclass(frozen=True, kw_only=True)
class LongText(Question):
    max_length: int = 10_000
    rows: int = 6
    type: ClassVar[str] = "long-text"

    def read(self, raw: Raw, today: date) -> Reading:
        return self._text(first(raw, self.id), multi_line=True)


@dataclass(frozen=True, kw_only=True)
class Address(LongText):
    """A postal address, one line per line of the address."""

    max_length: int = 500
    rows: int = 4
    type: ClassVar[str] = "address"


@dataclass(frozen=True, kw_only=True)
class Email(Question):
    max_length: int = 254
    autocomplete: str = "email"
    type: ClassVar[str] = "email"

    def read(self, raw: Raw, today: date) -> Reading:
        reading = self._text(first(raw, self.id), multi_line=False)
        if reading.value is not None and not looks_like_email(reading.value):
            return Reading(error=f"Enter {self.name} in the correct format, like name@example.com")
        return reading

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "format": "email"}


_PHONE = re.compile(r"\+?[0-9 ()\-]{7,}(\s*(ext|extension|x)\.?\s*[0-9]{1,6})?", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Phone(Question):
    max_length: int = 40
    autocomplete: str = "tel"
    type: ClassVar[str] = "phone"

    def read(self, raw: Raw, today: date) -> Reading:
        reading = self._text(first(raw, self.id), multi_line=False)
        if reading.value is not None and not _PHONE.fullmatch(reading.value):
            return Reading(error=f"Enter {self.name}, like 01632 960 001 or +44 808 157 0192")
        return reading


_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(am|pm)?", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Time(Question):
    """A time of day, stored as 24-hour hh:mm; "2pm", "14:30" and "2.30pm" are understood."""

    max_length: int = 5
    type: ClassVar[str] = "time"

    def read(self, raw: Raw, today: date) -> Reading:
        text = clean_line(first(raw, self.id))
        if not text:
            return Reading(error=self.missing() if self.required else None)
        match = _TIME.fullmatch(text.replace(" ", ""))
        hour = minute = -1
        if match:
            hour, minute = int(match[1]), int(match[2] or 0)
            if match[3]:
                if not 1 <= hour <= 12:
                    hour = -1
                elif match[3].lower() == "pm":
                    hour = hour % 12 + 12
                else:
                    hour %= 12
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            return Reading(error=f"Enter {self.name} like 14:30 or 2:30pm")
        return Reading(value=f"{hour:02d}:{minute:02d}")

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}


@dataclass(frozen=True, kw_only=True)
class Date(Question):
    """GOV.UK date input (day, month, year); stored as ISO yyyy-mm-dd."""

    #: the latest allowed date is the day the form arrives (a date of birth, an incident)
    not_after_today: bool = True
    not_before: date | None = None
    max_length: int = 10
    type: ClassVar[str] = "date"

    def read(self, raw: Raw, today: date) -> Reading:
        parts = [str(v) for v in (raw.get(self.id) or ())][:3]
        parts += [""] * (3 - len(parts))
        subject = sentence_start(self.name)
        reading = read_date(*parts, label=subject)
        if reading.empty:
            return Reading(error=self.missing() if self.required else None)
        if reading.error or reading.value is None:
            return Reading(error=reading.error)
        value = reading.value
        if self.not_after_today and value > today:
            return Reading(error=f"{subject} must be today or in the past")
        if self.not_before and value < self.not_before:
            return Reading(error=f"{subject} must be on or after {long_date(self.not_before)}")
        if value.year < EARLIEST_YEAR:
            return Reading(error=f"{subject} must be a real date")
        return Reading(value=value.isoformat())

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        if not value:
            return {self.id: []}
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            # not ISO (an API client's slip): let read() say so in the usual words
            return {self.id: ["", "", str(value)]}
        return {self.id: [str(day.day), str(day.month), str(day.year)]}

    def display(self, value: Any) -> str:
        if not value:
            return NOT_GIVEN
        return long_date(date.fromisoformat(str(value)))

    def wrong_type(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return None
        return f"Enter {self.name} as a date, like 2019-03-14"

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}
