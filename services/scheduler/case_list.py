"""The console's case list: filters from a query string, the most urgent first, a page at
a time.

Without a search everything happens in SQL (filters, each case's earliest unmet deadline,
the page), and only the page's 25 referrals are read from intake for the children's names.
A search also matches the child's name, which intake keeps: the filtered cases' ids come
in list order, their names in one more query, and the matching page is cut here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from math import ceil
from typing import Any
from urllib.parse import urlencode

from services.intake.readmodel import answers_of
from services.scheduler.bootstrap import Container
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import FINAL_STATE, CaseState
from services.scheduler.queries import (
    CaseSummary,
    DeadlineView,
    case_summary,
    deadline_views,
    today,
)
from services.scheduler.store import case_list as store
from services.scheduler.store import staff as staff_store
from services.scheduler.store.cases import CaseRow, deadlines_for
from shared.forms.present import first_line
from shared.forms.questions import NOT_GIVEN

PAGE_SIZE = 25
#: longer searches are cut: no reference or name is this long
MAX_SEARCH = 100
NAME = "child_name"
YES = "yes"
#: the owner filter's values besides a staff id
ME = "me"
NOBODY = "none"


def owner_value(value: str) -> str:
    """``me``, ``none`` or a staff id as given; anything else is ""."""
    if value in (ME, NOBODY):
        return value
    if value.isascii() and value.isdigit() and len(value) <= 9 and int(value) > 0:
        return str(int(value))
    return ""


@dataclass(frozen=True)
class CaseQuery:
    """What the list was asked for; values it does not know are dropped, never an error."""

    route: str = ""
    state: str = ""
    #: "me", "none" (not assigned) or a staff id
    owner: str = ""
    overdue_only: bool = False
    include_closed: bool = False
    search: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> CaseQuery:
        route = args.get("route", "")
        state = args.get("state", "")
        try:
            page = max(1, int(args.get("page", "1")))
        except ValueError:
            page = 1
        return cls(
            route=route if route in {r.value for r in Route} else "",
            state=state if state in {s.value for s in CaseState} else "",
            owner=owner_value(args.get("owner", "")),
            overdue_only=args.get("overdue") == YES,
            include_closed=args.get("closed") == YES,
            search=" ".join(args.get("q", "").split())[:MAX_SEARCH],
            page=page,
        )

    @property
    def filtered(self) -> bool:
        return self != CaseQuery(page=self.page)

    def href(self, page: int) -> str:
        """The list's URL for ``page`` with these filters."""
        params = {
            "route": self.route,
            "state": self.state,
            "owner": self.owner,
            "overdue": YES if self.overdue_only else "",
            "closed": YES if self.include_closed else "",
            "q": self.search,
            "page": str(page) if page > 1 else "",
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/cases?{query}" if query else "/cases"

    def store_filter(self, me: int | None = None) -> store.ListFilter:
        """The SQL filter; ``me`` is the signed-in staff member's id (for owner=me)."""
        owner: int | None = None
        if self.owner == ME:
            owner = me if me is not None else 0  # nobody signed in owns nothing
        elif self.owner and self.owner != NOBODY:
            owner = int(self.owner)
        # closed is one of the states: asking for it includes closed cases
        return store.ListFilter(
            route=self.route or None,
            state=self.state or None,
            owner_id=owner,
            unowned=self.owner == NOBODY,
            overdue_only=self.overdue_only,
            include_closed=self.include_closed or self.state == FINAL_STATE.value,
        )


@dataclass(frozen=True)
class CasePage:
    query: CaseQuery
    cases: list[CaseSummary]
    total: int
    pages: int

    @property
    def page(self) -> int:
        return self.query.page

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.cases) - 1 if self.cases else 0

    def page_numbers(self) -> list[int | None]:
        """The first, the last, the current and its neighbours; None where pages are left out."""
        shown = sorted(
            {1, self.pages, *range(self.page - 1, self.page + 2)} & set(range(1, self.pages + 1))
        )
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def matches(search: str, reference: str, name: str) -> bool:
    """A reference matches exactly or by its beginning; a name when it holds every word."""
    needle = search.casefold()
    if reference.casefold().startswith(needle):
        return True
    words = needle.split()
    return bool(words) and all(w in name.casefold() for w in words)


def _last_page(total: int) -> int:
    return max(1, ceil(total / PAGE_SIZE))


def list_case_page(c: Container, query: CaseQuery, me: int | None = None) -> CasePage:
    """A page of the list; ``me`` is the id of the staff member asking (for owner=me)."""
    on = today(c)
    f = query.store_filter(me)
    with c.engine.connect() as conn:
        if query.search:
            found = store.candidates(conn, f, on)
            names = answers_of(conn, store.referral_ids(f, on), [NAME])
            hits = [
                r.id
                for r in found
                if matches(
                    query.search, r.reference, first_line(names.get(r.referral_id, {}), NAME)
                )
            ]
            total = len(hits)
            page = min(query.page, _last_page(total))
            start = (page - 1) * PAGE_SIZE
            rows = store.cases_by_ids(conn, hits[start : start + PAGE_SIZE])
        else:
            total = store.count_cases(conn, f, on)
            page = min(query.page, _last_page(total))
            rows = store.page_of_cases(conn, f, on, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        open_rows = [r.id for r in rows if r.state != FINAL_STATE.value]
        deadlines = deadlines_for(conn, open_rows)
        names = answers_of(conn, [r.referral_id for r in rows], [NAME])
        owners = staff_store.names_by_id(conn, (r.owner_id for r in rows if r.owner_id))
    summaries = [
        _summary(
            r, deadline_views(c, deadlines.get(r.id, []), on), names.get(r.referral_id), owners
        )
        for r in rows
    ]
    return CasePage(replace(query, page=page), summaries, total, _last_page(total))


def _summary(
    row: CaseRow,
    deadlines: list[DeadlineView],
    answers: dict[str, Any] | None,
    owners: dict[int, str],
) -> CaseSummary:
    summary = case_summary(row, deadlines, None, owners)
    return replace(summary, child_name=first_line(answers or {}, NAME) or NOT_GIVEN)
