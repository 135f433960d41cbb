"""Editing a draft's answers page by page and item by item: a referral's journey, an
agency's scoping return and the console's Rapid Review report share this, each keeping its
draft in its own store.

What fails its checks is kept as typed (``pending``) so nothing is lost; what passes replaces
the page's answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from shared.forms.checks import check_item, check_page
from shared.forms.model import Page
from shared.forms.questions import Raw
from shared.forms.repeating import Repeating


class Draft(Protocol):
    """Answers being edited: checked ``answers`` in the stored shape, and ``pending``, what
    was typed on a page (or a group item, "family-members/2") that failed its checks."""

    answers: dict[str, Any]
    pending: dict[str, dict[str, list[str]]]


def merge_pending(
    pending: Mapping[str, dict[str, list[str]]], slot: str, raw: dict[str, list[str]] | None
) -> dict[str, dict[str, list[str]]]:
    """``pending`` with ``slot`` set to ``raw`` (or removed when None)."""
    found = {k: v for k, v in pending.items() if k != slot}
    if raw is not None:
        found[slot] = raw
    return found


class AnswerEditing:
    """Mixed into a journey that knows today's date and keeps a draft with ``_save``."""

    def today(self) -> date:
        raise NotImplementedError

    def _save(self, draft: Any) -> None:
        raise NotImplementedError

    def save_page(self, draft: Draft, page: Page, raw: Raw) -> dict[str, str]:
        """Check and keep a question page; errors (by input) leave the typed text pending."""
        result = check_page(page, raw, self.today())
        if result.ok:
            for answer_id in page.answer_ids:
                draft.answers.pop(answer_id, None)
            draft.answers.update(result.values)
            draft.pending = merge_pending(draft.pending, page.id, None)
        else:
            draft.pending = merge_pending(draft.pending, page.id, _as_lists(raw))
        self._save(draft)
        return result.errors

    def items(self, draft: Draft, group: Repeating) -> list[dict[str, Any]]:
        value = draft.answers.get(group.id)
        return [dict(i) for i in value] if isinstance(value, list) else []

    def save_item(self, draft: Draft, page: Page, number: int, raw: Raw) -> dict[str, str]:
        """Check and keep item ``number`` (from 1; one past the end adds an item)."""
        group = _group(page)
        items = self.items(draft, group)
        slot = f"{page.id}/{number}"
        if not 1 <= number <= min(len(items) + 1, group.max_items):
            raise IndexError(slot)
        result = check_item(group, raw, self.today())
        if result.ok:
            if number == len(items) + 1:
                items.append(result.values)
            else:
                items[number - 1] = result.values
            draft.answers[group.id] = items
            draft.pending = merge_pending(draft.pending, slot, None)
        else:
            draft.pending = merge_pending(draft.pending, slot, _as_lists(raw))
        self._save(draft)
        return result.errors

    def remove_item(self, draft: Draft, page: Page, number: int) -> None:
        group = _group(page)
        items = self.items(draft, group)
        if 1 <= number <= len(items):
            del items[number - 1]
            draft.answers[group.id] = items
            # pending input of later items would now sit under the wrong number
            draft.pending = {
                k: v for k, v in draft.pending.items() if not k.startswith(f"{page.id}/")
            }
            self._save(draft)


def _group(page: Page) -> Repeating:
    if page.repeating is None:
        raise ValueError(f"page {page.id} has no repeating group")
    return page.repeating


def _as_lists(raw: Raw) -> dict[str, list[str]]:
    return {str(k): [str(v) for v in values] for k, values in raw.items()}
