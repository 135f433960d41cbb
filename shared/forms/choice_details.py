"""Radios with a details box under some of the options: the seed's "Please advise of any
anomalies" under "No, there are anomalies" (see ``questions`` for what every question type
provides, and ``choices.YesNoDetails``, the yes/no case of the same idea)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from shared.forms.choices import Choice, read_details
from shared.forms.questions import NOT_GIVEN, Raw, Reading, first


@dataclass(frozen=True, kw_only=True)
class ChoiceDetails(Choice):
    """One of the options and, with the option ``details_for``, the details.

    Stored as ``{"answer": "anomaly", "details": "..."}``; details only with that option.
    """

    details_label: str = ""
    #: how messages name the details: "the anomalies" → "Enter the anomalies"
    details_name: str = "the details"
    #: the option the details box belongs to (shown under it when it is chosen)
    details_for: str = ""
    details_required: bool = True
    max_length: int = 2_000
    type: ClassVar[str] = "single-choice-details"

    def __post_init__(self) -> None:
        if self.details_for not in {o.value for o in self.options}:
            raise ValueError(f"{self.id}: details_for must name one of its options")

    @property
    def details_id(self) -> str:
        return f"{self.id}_details"

    def field_names(self) -> tuple[str, ...]:
        return (self.id, self.details_id)

    def read(self, raw: Raw, today: date) -> Reading:
        answer = super().read(raw, today)
        if answer.value is None:
            return answer
        found = {"answer": answer.value}
        if answer.value != self.details_for:
            return Reading(value=found)
        details = read_details(
            first(raw, self.details_id),
            name=self.details_name,
            max_length=self.max_length,
            required=self.details_required,
        )
        if details.error:
            return details
        if details.value:
            found["details"] = details.value
        return Reading(value=found)

    def error_field(self, raw: Raw) -> str:
        """The radios, or the details box under the option chosen."""
        return self.details_id if first(raw, self.id) == self.details_for else self.id

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        if not isinstance(value, Mapping):
            # a bare option value from an API client is read as such
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
            return None  # a bare option value is read as such
        if not isinstance(value, Mapping) or not isinstance(value.get("answer", ""), str):
            return self.missing()
        details = value.get("details")
        if details is not None and not isinstance(details, str):
            return f"Enter {self.details_name} as text"
        return None

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "type": "object",
            "properties": {
                "answer": super().schema(),
                "details": {
                    "type": "string",
                    "maxLength": self.max_length,
                    "title": self.details_label,
                },
            },
            "required": ["answer"],
            "additionalProperties": False,
        }
        if self.details_required:
            found["if"] = {"properties": {"answer": {"const": self.details_for}}}
            found["then"] = {"required": ["details"]}
        return found
