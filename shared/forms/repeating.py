"""A repeating group of several questions ("add another"): family members, agencies,
chronology events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.forms.questions import Question, Raw, sentence_start


def error_field(question: Question, raw: Raw) -> str:
    """The input an error message is attached to (and the error summary links to)."""
    return question.error_field(raw)


@dataclass(frozen=True, kw_only=True)
class Repeating:
    """A repeating group of several questions ("add another"): one item per family member.

    Stored as a list of objects keyed by the item questions' ids.
    """

    id: str
    label: str
    #: one item, in running text: "family member" → "Add a family member"
    item_name: str
    #: more than one, where adding "s" would be wrong: "agencies"
    item_plural: str = ""
    questions: tuple[Question, ...]
    hint: str = ""
    min_items: int = 0
    max_items: int = 20
    #: the question whose answer titles an item in summaries ("Family member 1: Jo Bloggs")
    title_question: str = ""
    type: ClassVar[str] = "repeating"

    def __post_init__(self) -> None:
        ids = [q.id for q in self.questions]
        names = [name for q in self.questions for name in q.field_names()]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: question ids repeat")
        if self.title_question and self.title_question not in ids:
            raise ValueError(f"{self.id}: title_question {self.title_question} is not a question")
        if not 0 <= self.min_items <= self.max_items:
            raise ValueError(f"{self.id}: min_items and max_items disagree")

    @property
    def items_name(self) -> str:
        return self.item_plural or f"{self.item_name}s"

    @property
    def item_title(self) -> str:
        return sentence_start(self.item_name)

    def title_of(self, index: int, item: Mapping[str, Any]) -> str:
        title = f"{self.item_title} {index + 1}"
        titled = next((q for q in self.questions if q.id == self.title_question), None)
        if titled is not None and item.get(titled.id):
            return f"{title}: {titled.display(item[titled.id])}"
        return title

    def too_few(self) -> str:
        named = self.item_name if self.min_items == 1 else self.items_name
        return f"Add at least {self.min_items} {named}"

    def too_many(self) -> str:
        return f"You can add up to {self.max_items} {self.items_name}"

    def item_to_raw(self, item: Mapping[str, Any]) -> dict[str, list[str]]:
        raw: dict[str, list[str]] = {}
        for question in self.questions:
            raw.update(question.to_raw(item.get(question.id)))
        return raw

    def schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "title": self.label,
            "minItems": self.min_items,
            "maxItems": self.max_items,
            "items": {
                "type": "object",
                "title": self.item_title,
                "properties": {q.id: q.described() for q in self.questions},
                "required": [q.id for q in self.questions if q.required],
                "additionalProperties": False,
            },
        }
