"""The pages of a form definition on the web: a question page, a repeating group's list, one
item of it and its removal. A referral's journey (intake), an agency's scoping form behind
its link (intake) and the Rapid Review report in the console (scheduler) are these same
pages; each says where its draft lives, what its URLs are and what "Save and come back
later" does.

Thin: what was posted is read by ``shared.forms.checks`` through the journey's
``AnswerEditing``; these functions only choose between showing the page (with the checker's
errors on its fields) and redirecting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import abort, redirect, render_template, request
from flask.typing import ResponseReturnValue

from shared.form_editing import AnswerEditing, Draft
from shared.forms.checks import check_item, check_page, page_of_error
from shared.forms.model import Form, Page
from shared.forms.present import page_view
from shared.webforms import build_form, raw_of, render_question, show_errors

#: an error in one item of a repeating group: ``family_composition[1].matches``
_ITEM_ERROR = re.compile(r"^\w+\[(?P<index>\d+)\]\.(?P<question>\w+)$")


def error_links(
    form: Form,
    errors: Mapping[str, str],
    url_of: Callable[..., str],
    item_url_of: Callable[[Page, int], str] | None = None,
    answers: Mapping[str, Any] | None = None,
) -> list[dict[str, str]]:
    """Check answers' error summary: each error links to the page (``url_of(page,
    change=1)``) and, on a question page, the question. With ``item_url_of``, an error in
    one item of a group (``people[1].matches``) links to that item's page and question (and
    back to check answers from there) and names the item ("Jane Smith (person 2): ..."), so
    errors that read alike, one for each person to confirm, each say whom they are about."""
    links = []
    for path, message in errors.items():
        found = page_of_error(form, path)
        item = _ITEM_ERROR.match(path)
        text = message
        if found and found.repeating and item and item_url_of is not None:
            index = int(item["index"])
            href = item_url_of(found, index + 1) + "?change=1"
            anchor = item["question"]
            text = f"{_item_name(found, index, answers or {})}: {message}"
        else:
            anchor = path.split("[", 1)[0] if found and not found.repeating else ""
            href = url_of(found, change=1) if found else "#"
        links.append({"text": text, "href": f"{href}#{anchor}" if anchor else href})
    return links


def _item_name(page: Page, index: int, answers: Mapping[str, Any]) -> str:
    group = page.repeating
    assert group is not None
    numbered = f"{group.item_title} {index + 1}"
    items = answers.get(group.id)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    titled = next((q for q in group.questions if q.id == group.title_question), None)
    if titled is None or not isinstance(item, Mapping) or not item.get(titled.id):
        return numbered
    return f"{titled.display(item[titled.id])} ({group.item_name} {index + 1})"


@dataclass(frozen=True)
class FormPages:
    form: Form
    editor: AnswerEditing
    #: the draft being edited; None before the first save of a referral
    draft: Draft | None
    #: the draft to save into (made on first use where there is none yet)
    ensure_draft: Callable[[], Draft]
    page_url: Callable[..., str]
    item_url: Callable[[Page, int], str]
    check_url: str
    start_url: str
    #: "Save and come back later" was pressed (the page itself is already saved)
    save_later: Callable[[Draft], ResponseReturnValue]
    #: more template values (the layout, a caption, the link's token ...)
    context: Mapping[str, Any] = field(default_factory=dict)

    def _answers(self) -> dict[str, Any]:
        return self.draft.answers if self.draft is not None else {}

    def _pending(self, slot: str) -> dict[str, list[str]] | None:
        return self.draft.pending.get(slot) if self.draft is not None else None

    def after(self, page: Page) -> str:
        """Where Continue goes: back to check answers when changing an answer, else on."""
        following = self.form.next_page(page)
        if request.args.get("change") or following is None:
            return self.check_url
        return str(self.page_url(following))

    def back(self, page: Page) -> str:
        if request.args.get("change"):
            return self.check_url
        previous = self.form.previous_page(page)
        return str(self.page_url(previous)) if previous else self.start_url

    def _onwards(self, draft: Draft, url: str) -> ResponseReturnValue:
        if request.form.get("action") == "save":
            return self.save_later(draft)
        return redirect(url, code=303)

    def _render(self, template: str, page: Page, **values: Any) -> ResponseReturnValue:
        shown: dict[str, Any] = {
            "form_def": self.form,
            "page": page,
            "section": self.form.section_of(page),
            "render_question": render_question,
            **self.context,
            **values,
        }
        return render_template(template, **shown)

    def page(self, page: Page) -> ResponseReturnValue:
        """A question page, or the list of a repeating group."""
        if page.repeating:
            return self.group(page)
        pending = self._pending(page.id)
        posted = request.form.to_dict(flat=False) if request.method == "POST" else None
        shown = posted if posted is not None else pending or raw_of(page.questions, self._answers())
        web = build_form(page.questions, shown, "PageForm")
        if posted is not None:
            if web.validate_on_submit():
                draft = self.ensure_draft()
                errors = self.editor.save_page(draft, page, posted)
                if request.form.get("action") == "save" or not errors:
                    return self._onwards(draft, self.after(page))
                show_errors(web, errors)
        elif pending:
            show_errors(web, check_page(page, pending, self.editor.today()).errors)
        return self._render("forms/question_page.html", page, form=web, back=self.back(page))

    def group(self, page: Page) -> ResponseReturnValue:
        group = page.repeating
        if group is None:
            abort(404)
        items = page_view(page, self._answers()).items
        error = None
        if request.method == "POST":
            choice = request.form.get("add_another")
            if request.form.get("action") == "save":
                return self.save_later(self.ensure_draft())
            if choice == "yes" and len(items) < group.max_items:
                return redirect(self.item_url(page, len(items) + 1), code=303)
            if choice == "no" or len(items) >= group.max_items:
                if len(items) < group.min_items:
                    error = group.too_few()
                else:
                    return redirect(self.after(page), code=303)
            else:
                article = "another" if items else "a"
                error = f"Select yes if you need to add {article} {group.item_name}"
        return self._render(
            "forms/group_list.html",
            page,
            group=group,
            items=items,
            error=error,
            item_url=lambda n: self.item_url(page, n),
            back=self.back(page),
            change=request.args.get("change"),
        )

    def item(self, page: Page, number: int) -> ResponseReturnValue:
        group = page.repeating
        if group is None:
            abort(404)
        value = self._answers().get(group.id)
        items = [dict(i) for i in value] if isinstance(value, list) else []
        if not 1 <= number <= min(len(items) + 1, group.max_items):
            abort(404)
        slot = f"{page.id}/{number}"
        pending = self._pending(slot)
        current = items[number - 1] if number <= len(items) else {}
        posted = request.form.to_dict(flat=False) if request.method == "POST" else None
        shown = posted if posted is not None else pending or raw_of(group.questions, current)
        web = build_form(group.questions, shown, "ItemForm")
        if posted is not None:
            if web.validate_on_submit():
                draft = self.ensure_draft()
                errors = self.editor.save_item(draft, page, number, posted)
                if request.form.get("action") == "save" or not errors:
                    return self._onwards(draft, self._item_back(page))
                show_errors(web, errors)
        elif pending:
            show_errors(web, check_item(group, pending, self.editor.today()).errors)
        return self._render(
            "forms/group_item.html",
            page,
            group=group,
            number=number,
            form=web,
            back=self._item_back(page),
        )

    def _item_back(self, page: Page) -> str:
        """From an item: its group's list, or check answers when changing an answer there."""
        return self.check_url if request.args.get("change") else str(self.page_url(page))

    def remove(self, page: Page, number: int) -> ResponseReturnValue:
        if page.repeating is None or self.draft is None:
            abort(404)
        items = page_view(page, self.draft.answers).items
        if not 1 <= number <= len(items):
            abort(404)
        error = None
        if request.method == "POST":
            choice = request.form.get("confirm")
            if choice == "yes":
                self.editor.remove_item(self.draft, page, number)
            if choice in ("yes", "no"):
                return redirect(str(self.page_url(page)), code=303)
            error = f"Select yes if you want to remove {items[number - 1].title}"
        return self._render(
            "forms/group_remove.html",
            page,
            title=items[number - 1].title,
            error=error,
            back=str(self.page_url(page)),
        )
