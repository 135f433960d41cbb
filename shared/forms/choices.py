"""Questions answered by choosing: radios, checkboxes, yes/no, and yes/no with the seed's
"if so ..." details (see ``questions`` for what every question type provides)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from shared.forms.questions import NOT_GIVEN, Question, Raw, Reading, first
from shared.forms.text import clean_text, unreadable


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""
    #: a checkbox that cannot be ticked with another ("None of the above"); shown last,
    #: after an "or" divider
    exclusive: bool = False


@dataclass(frozen=True, kw_only=True)
class Choice(Question):
    """Radios: one of the options."""

    options: tuple[Option, ...] = ()
    type: ClassVar[str] = "single-choice"

    def missing(self) -> str:
        return f"Select {self.name}"

    def _labels(self) -> dict[str, str]:
        return {o.value: o.label for o in self.options}

    def read(self, raw: Raw, today: date) -> Reading:
        chosen = first(raw, self.id)
        if not chosen:
            return Reading(error=self.missing() if self.required else None)
        if chosen not in self._labels():
            return Reading(error=self.missing())
        return Reading(value=chosen)

    def display(self, value: Any) -> str:
        return self._labels().get(str(value), NOT_GIVEN) if value else NOT_GIVEN

    def wrong_type(self, value: Any) -> str | None:
        return None if value is None or isinstance(value, str) else self.missing()

    def schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "oneOf": [{"const": o.value, "title": o.label} for o in self.options],
        }


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Choice):
    """Checkboxes: any of the options (at least one when required); an ``exclusive`` option
    ("None of the above") only by itself."""

    type: ClassVar[str] = "multiple-choice"

    @property
    def exclusive_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options if o.exclusive)

    def exclusive_error(self) -> str:
        """The message when an exclusive option is ticked with another:
        'Select the criteria ..., or select "None of the above"'."""
        labels = " or ".join(f'"{o.label}"' for o in self.options if o.exclusive)
        return f"{self.missing()}, or select {labels}"

    def read(self, raw: Raw, today: date) -> Reading:
        chosen = [str(v) for v in (raw.get(self.id) or ()) if str(v)]
        if not chosen:
            return Reading(error=self.missing() if self.required else None)
        labels = self._labels()
        if any(c not in labels for c in chosen):
            return Reading(error=self.missing())
        if len(set(chosen)) > 1 and set(chosen) & set(self.exclusive_values):
            return Reading(error=self.exclusive_error())
        # stored in the options' order, once each
        return Reading(value=[o.value for o in self.options if o.value in chosen])

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        return {self.id: [str(v) for v in value] if isinstance(value, list) else []}

    def display(self, value: Any) -> str:
        if not value:
            return NOT_GIVEN
        labels = self._labels()
        return "\n".join(labels.get(str(v), str(v)) for v in value)

    def wrong_type(self, value: Any) -> str | None:
        if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return None
        return self.missing()

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": [o.value for o in self.options]},
        }
        if self.exclusive_values:
            found["if"] = {"contains": {"enum": list(self.exclusive_values)}}
            found["then"] = {"maxItems": 1}
        return found


YES, NO = "yes", "no"


def read_details(text: str, *, name: str, max_length: int, required: bool) -> Reading:
    """The details box under a choice ("If so, who is the lead investigator?"), as typed."""
    if unreadable(text):
        return Reading(
            error=f"Details of {name} contain characters that could not be read: type them again"
        )
    cleaned = clean_text(text)
    if not cleaned:
        return Reading(error=f"Enter {name}" if required else None)
    if len(cleaned) > max_length:
        return Reading(error=f"Details of {name} must be {max_length:,} characters or fewer")
    return Reading(value=cleaned)


@dataclass(frozen=True, kw_only=True)
class YesNo(Question):
    """Yes or no, stored as "yes" / "no"."""

    type: ClassVar[str] = "yes-no"

    def missing(self) -> str:
        return f"Select yes if {self.name}, or no" if self.name else "Select yes or no"

    def read(self, raw: Raw, today: date) -> Reading:
        chosen = first(raw, self.id)
        if chosen not in (YES, NO):
            return Reading(error=self.missing() if chosen or self.required else None)
        return Reading(value=chosen)

    def display(self, value: Any) -> str:
        return {YES: "Yes", NO: "No"}.get(str(value), NOT_GIVEN)

    def wrong_type(self, value: Any) -> str | None:
        return None if value is None or isinstance(value, str) else self.missing()

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": [YES, NO]}


@dataclass(frozen=True, kw_only=True)
class YesNoDetails(YesNo):
    """Yes or no, and when yes, the seed's "if so ..." details.

    Stored as ``{"answer": "yes", "details": "..."}``; details only with yes.
    """

    details_label: str = ""
    #: how messages name the details: "who the lead investigator is"
    details_name: str = "the details"
    details_required: bool = True
    max_length: int = 2_000
    type: ClassVar[str] = "yes-no-details"

    @property
    def details_id(self) -> str:
        return f"{self.id}_details"

    def field_names(self) -> tuple[str, ...]:
        return (self.id, self.details_id)

    def read(self, raw: Raw, today: date) -> Reading:
        answer = super().read(raw, today)
        if answer.value != YES:
            return answer if answer.value is None else Reading(value={"answer": NO})
        details = read_details(
            first(raw, self.details_id),
            name=self.details_name,
            max_length=self.max_length,
            required=self.details_required,
        )
        if details.error:
            return details
        found = {"answer": YES}
        if details.value:
            found["details"] = details.value
        return Reading(value=found)

    def error_field(self, raw: Raw) -> str:
        """Which input an error belongs to: the radios, or the details box under "yes"."""
        return self.details_id if first(raw, self.id) == YES else self.id

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        if not isinstance(value, Mapping):
            # a bare "yes"/"no" from an API client is read as such
            return {self.id: [str(value)] if value else [], self.details_id: []}
        details = value.get("details")
        return {
            self.id: [str(value.get("answer") or "")],
            self.details_id: [str(details)] if details else [],
        }

    def display(self, value: Any) -> str:
        if not isinstance(value, Mapping):
            return NOT_GIVEN
        shown = super().display(value.get("answer"))
        return f"{shown}: {value['details']}" if value.get("details") else shown

    def wrong_type(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return None  # a bare "yes"/"no" is read as such
        if not isinstance(value, Mapping) or not isinstance(value.get("answer", ""), str):
            return self.missing()
        details = value.get("details")
        if details is not None and not isinstance(details, str):
            return f"Enter {self.details_name} as text"
        return None

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "answer": {"type": "string", "enum": [YES, NO]},
                "details": {
                    "type": "string",
                    "maxLength": self.max_length,
                    "title": self.details_label,
                },
            },
            "required": ["answer"],
            "additionalProperties": False,
            **(
                {
                    "if": {"properties": {"answer": {"const": YES}}},
                    "then": {"required": ["details"]},
                }
                if self.details_required
                else {}
            ),
        }
