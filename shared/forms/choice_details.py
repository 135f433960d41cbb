"""Radios with a details box under some of the options: the seed's "Please advise of any
anomalies" under "No, there are anomalies", or "Please state" under both "d) Warrants
consideration of DHR, SAR, MAPPA SFO or other" and "j) Other" (see ``questions`` for what
every question type provides, and ``choices.YesNoDetails``, the yes/no case of the same
idea)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from shared.forms.choices import Choice, read_details
from shared.forms.questions import NOT_GIVEN, Raw, Reading, first


@dataclass(frozen=True, kw_only=True)
class ChoiceDetails(Choice):
    """One of the options and, with an option named in ``details_for``, the details.

    Stored as ``{"answer": "anomaly", "details": "..."}``; details only with such an option.

    Each such option has its own box, revealed under it, so a page's inputs keep unique
    names and ids: ``<id>_details`` when one option has details (the scoping form's
    ``matches_details``), ``<id>_details_<option>`` when several do (``recommendation_details_d``
    and ``recommendation_details_j``). Only the chosen option's box is read.
    """

    details_label: str = ""
    #: how messages name the details: "the anomalies" → "Enter the anomalies"
    details_name: str = "the details"
    #: the option, or options, the details box belongs to (shown under it when chosen)
    details_for: str | tuple[str, ...] = ""
    details_required: bool = True
    max_length: int = 2_000
    type: ClassVar[str] = "single-choice-details"

    def __post_init__(self) -> None:
        values = {o.value for o in self.options}
        wanted = self.details_options
        if not wanted or len(set(wanted)) != len(wanted) or not set(wanted) <= values:
            raise ValueError(f"{self.id}: details_for must name one or more of its options")

    @property
    def details_options(self) -> tuple[str, ...]:
        """The options with a details box, in the order given."""
        if isinstance(self.details_for, str):
            return (self.details_for,) if self.details_for else ()
        return tuple(self.details_for)

    def details_id_for(self, option: str) -> str:
        """The name (and id) of the details box under ``option``."""
        if len(self.details_options) == 1:
            return f"{self.id}_details"
        return f"{self.id}_details_{option}"

    @property
    def details_id(self) -> str:
        """The details box of the first option with details (the only one, usually)."""
        return self.details_id_for(self.details_options[0])

    @property
    def details_ids(self) -> tuple[str, ...]:
        return tuple(self.details_id_for(option) for option in self.details_options)

    def field_names(self) -> tuple[str, ...]:
        return (self.id, *self.details_ids)

    def read(self, raw: Raw, today: date) -> Reading:
        answer = super().read(raw, today)
        if answer.value is None:
            return answer
        found = {"answer": answer.value}
        if answer.value not in self.details_options:
            return Reading(value=found)
        details = read_details(
            first(raw, self.details_id_for(answer.value)),
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
        chosen = first(raw, self.id)
        return self.details_id_for(chosen) if chosen in self.details_options else self.id

    def to_raw(self, value: Any) -> dict[str, list[str]]:
        raw: dict[str, list[str]] = {self.id: []}
        raw.update({name: [] for name in self.details_ids})
        if not isinstance(value, Mapping):
            # a bare option value from an API client is read as such
            raw[self.id] = [str(value)] if value else []
            return raw
        answer = str(value.get("answer") or "")
        raw[self.id] = [answer]
        details = value.get("details")
        if details:
            # under the option chosen; under the first one when that option has no box, so
            # that the details are not lost from view (they are dropped when read)
            option = answer if answer in self.details_options else self.details_options[0]
            raw[self.details_id_for(option)] = [str(details)]
        return raw

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
            options = self.details_options
            answer = {"const": options[0]} if len(options) == 1 else {"enum": list(options)}
            found["if"] = {"properties": {"answer": answer}}
            found["then"] = {"required": ["details"]}
        return found
