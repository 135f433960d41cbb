"""A form: sections → pages → questions (or one repeating group per page), versioned.

A page is one screen of the web journey and one block of the check-answers page, the
console summary and the Word document. ``Form`` checks its own definition when it is made:
ids are unique across the form, so an answer key means one thing everywhere, and its
``rules`` (``shared.forms.rules``) name its own questions and options.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from shared.forms.questions import Question
from shared.forms.repeating import Repeating
from shared.forms.rules import Rule, option_values

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


@dataclass(frozen=True)
class Page:
    #: the page's URL slug: /referrals/serious-incident/<id>
    id: str
    title: str
    questions: tuple[Question, ...] = ()
    repeating: Repeating | None = None
    #: paragraphs shown above the questions (the seed's notes), in its words
    intro: tuple[str, ...] = ()
    #: a note shown as GOV.UK warning text (the seed's capitalised notes)
    warning: str = ""

    def __post_init__(self) -> None:
        if not SLUG.fullmatch(self.id):
            raise ValueError(f"page id {self.id!r}: lower-case letters, digits and hyphens only")
        if bool(self.questions) == bool(self.repeating):
            raise ValueError(f"page {self.id}: either questions or one repeating group")

    @property
    def answer_ids(self) -> tuple[str, ...]:
        """The top-level answer keys this page writes."""
        if self.repeating:
            return (self.repeating.id,)
        return tuple(q.id for q in self.questions)


@dataclass(frozen=True)
class Section:
    title: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Form:
    #: URL and API id: serious-incident, practice-learning
    id: str
    #: bumped whenever a question's meaning changes; stored with every answer set
    version: int
    title: str
    #: the seed's own heading, used on documents: "REFERRAL OF A SERIOUS INCIDENT FORM"
    document_title: str
    #: "Appendix i"
    caption: str
    #: the case route a submission opens (scheduler's Route values)
    route: str
    sections: tuple[Section, ...]
    #: what the start of the form says, in the seed's words
    intro: tuple[str, ...] = ()
    #: answers required (or required to be one value) by another answer, checked over the
    #: whole answer set after each question is read by itself
    rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for page in self.pages:
            # every input a page posts, so a yes/no-details question's "<id>_details" counts
            inputs = [n for q in page.questions for n in q.field_names()] or page.answer_ids
            for key in (*inputs, f"page:{page.id}"):
                if key in seen:
                    raise ValueError(f"form {self.id}: {key} appears twice")
                seen.add(key)
            inner = page.repeating.questions if page.repeating else ()
            if not all(SNAKE_CASE.fullmatch(i) for i in (*inputs, *(q.id for q in inner))):
                raise ValueError(f"form {self.id}: answer ids are snake_case ({page.id})")
        for rule in self.rules:
            self._check_rule(rule)

    def _check_rule(self, rule: Rule) -> None:
        """A rule names two questions of this form (not repeating groups) and, for the
        question it looks at and any answer it asks for, their options."""
        target, when = self.question(rule.question), self.question(rule.when)
        where = f"form {self.id}: rule on {rule.question}"
        if not isinstance(target, Question) or not isinstance(when, Question):
            raise ValueError(f"{where}: both questions must be questions of this form")
        if rule.question == rule.when or not rule.among or not rule.message:
            raise ValueError(f"{where}: needs another question, its answers and a message")
        allowed = option_values(when)
        if allowed is None or not set(rule.among) <= set(allowed):
            raise ValueError(f"{where}: {rule.when} has no options {rule.among}")
        if rule.equals is not None and rule.equals not in (option_values(target) or ()):
            raise ValueError(f"{where}: {rule.equals!r} is not one of its options")

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(page for section in self.sections for page in section.pages)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def section_of(self, page: Page) -> Section:
        return next(s for s in self.sections if page in s.pages)

    def next_page(self, page: Page) -> Page | None:
        pages = self.pages
        index = pages.index(page)
        return pages[index + 1] if index + 1 < len(pages) else None

    def previous_page(self, page: Page) -> Page | None:
        pages = self.pages
        index = pages.index(page)
        return pages[index - 1] if index > 0 else None

    def page_of(self, answer_id: str) -> Page | None:
        return next((p for p in self.pages if answer_id in p.answer_ids), None)

    def questions(self) -> Iterator[Question]:
        """Every question, those inside repeating groups included."""
        for page in self.pages:
            yield from page.questions
            if page.repeating:
                yield from page.repeating.questions

    def rules_about(self, answer_id: str) -> tuple[Rule, ...]:
        """The rules that may require ``answer_id`` (a page need not mark it "optional")."""
        return tuple(rule for rule in self.rules if rule.question == answer_id)

    def question(self, answer_id: str) -> Question | Repeating | None:
        for page in self.pages:
            if page.repeating and page.repeating.id == answer_id:
                return page.repeating
            for question in page.questions:
                if question.id == answer_id:
                    return question
        return None
