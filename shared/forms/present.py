"""Answers as people read them, in the form's order: the check-answers page, the console's
referral summary and the Word/PDF document all show this, so they cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.forms.model import Form, Page
from shared.forms.questions import NOT_GIVEN, Question


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    #: answer id (the input a "Change" link goes to)
    question_id: str


@dataclass(frozen=True)
class Item:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class PageView:
    page: Page
    title: str
    rows: tuple[Row, ...] = ()
    #: a repeating group's items, each with its own rows
    items: tuple[Item, ...] = ()
    #: what a repeating group with no items says
    empty_text: str = ""


@dataclass(frozen=True)
class SectionView:
    title: str
    pages: tuple[PageView, ...]


def row(question: Question, value: Any) -> Row:
    return Row(
        question.label, question.display(value) if value is not None else NOT_GIVEN, question.id
    )


def page_view(page: Page, answers: Mapping[str, Any]) -> PageView:
    group = page.repeating
    if group is None:
        return PageView(
            page, page.title, rows=tuple(row(q, answers.get(q.id)) for q in page.questions)
        )
    value = answers.get(group.id)
    items = value if isinstance(value, list) else []
    return PageView(
        page,
        page.title,
        items=tuple(
            Item(
                group.title_of(index, item),
                tuple(row(q, item.get(q.id)) for q in group.questions),
            )
            for index, item in enumerate(items)
            if isinstance(item, Mapping)
        ),
        empty_text=f"No {group.items_name} added",
    )


def summary(form: Form, answers: Mapping[str, Any]) -> tuple[SectionView, ...]:
    return tuple(
        SectionView(section.title, tuple(page_view(p, answers) for p in section.pages))
        for section in form.sections
    )


def first_line(answers: Mapping[str, Any], key: str) -> str:
    """A single answer as one line of text (a name for a case list), or empty."""
    value = answers.get(key)
    return " ".join(str(value).split()) if isinstance(value, str) else ""
