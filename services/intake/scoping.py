"""An agency's Initial Scoping and Information Sharing form (App. iii), behind its link.

No Flask here. The link is the scheduler's (read through its read model: scoped to one
agency on one case, expiring, revocable); the return is intake's own, kept apart from the
case file. The first time a link is opened the return is made, with section 1 pre-filled
from the referral, so each person must be confirmed or an anomaly flagged. Drafts save as
the agency goes and resume through the same link; a submitted return (or "not known to our
agency") is read-only until ops reopen it. Each step is reported to the scheduler for the
case timeline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from services.intake.drafts import Draft, digest
from services.intake.ports import Clock, QueueUnavailable
from services.intake.references import london_date
from services.scheduler.readmodel import ScopingRequest
from shared.form_editing import AnswerEditing
from shared.forms.checks import Checked, check_answers, check_page
from shared.forms.definitions.scoping import SCOPING
from shared.forms.model import Form, Page
from shared.forms.prefill import prefilled_answers
from shared.forms.questions import Raw

log = logging.getLogger(__name__)

DRAFT, RETURNED, NOT_KNOWN = "draft", "returned", "not_known"
#: the page whose questions a "not known to our agency" answer also asks (who says so)
CONTACT_PAGE = "contact"


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class FoundLink:
    request: ScopingRequest
    #: the referral the case was opened from: its form and answers pre-fill section 1
    referral_form_id: str
    referral_answers: dict[str, Any]


@dataclass
class ScopingDraft(Draft):
    case_agency_id: int = 0
    status: str = DRAFT
    submitted_at: datetime | None = None
    reopened_at: datetime | None = None
    reopen_reason: str = ""
    started_at: datetime | None = None
    saved_at: datetime | None = None
    #: made by this request (the link was opened for the first time)
    created: bool = field(default=False, compare=False)

    @property
    def submitted(self) -> bool:
        return self.status != DRAFT


class ScopingLinks(Protocol):
    def by_token_hash(self, token_hash: str) -> FoundLink | None: ...


class ScopingReturns(Protocol):
    def open(
        self, request: ScopingRequest, form: Form, answers: dict[str, Any], now: datetime
    ) -> ScopingDraft:
        """The agency's return, made with ``answers`` if it has none yet."""
        ...

    def save(self, draft: ScopingDraft, now: datetime) -> None:
        """Keep the draft's answers and pending input; ``ReturnLocked`` once submitted."""
        ...

    def submit(
        self, case_agency_id: int, answers: dict[str, Any], status: str, now: datetime
    ) -> bool:
        """Lock the return as ``status``; False when it was submitted already."""
        ...

    def reopen(self, case_agency_id: int, reason: str, at: datetime) -> bool: ...


class ActivityReports(Protocol):
    def scoping_activity(self, case_agency_id: int, activity: str, at: datetime) -> None:
        """Tell the scheduler (timeline); raises QueueUnavailable."""
        ...


class ReturnLocked(RuntimeError):
    """The return was submitted meanwhile (another tab): it cannot be changed now."""


#: a link's token is looked up by its SHA-256, as a resume link's is
token_hash = digest


@dataclass(frozen=True)
class Opened:
    found: FoundLink
    draft: ScopingDraft

    @property
    def request(self) -> ScopingRequest:
        return self.found.request


@dataclass(frozen=True)
class ScopingJourney(AnswerEditing):
    links: ScopingLinks
    returns: ScopingReturns
    reports: ActivityReports
    clock: Clock
    form: Form = SCOPING

    def open(self, token: str) -> Opened | LinkProblem:
        """The link's return, or why the link does not open it (nothing else is said)."""
        found = self.links.by_token_hash(token_hash(token)) if token else None
        if found is None:
            return LinkProblem.UNKNOWN
        request = found.request
        if request.revoked or request.replaced or request.removed:
            return LinkProblem.WITHDRAWN
        now = self.clock()
        if not request.usable(now):
            return LinkProblem.EXPIRED
        prefill = prefilled_answers(found.referral_form_id, found.referral_answers)
        draft = self.returns.open(request, self.form, prefill, now)
        if draft.created:
            self._report(draft, "opened", draft.started_at or now)
        return Opened(found, draft)

    def today(self) -> date:
        return london_date(self.clock())

    def _save(self, draft: Draft) -> None:
        if not isinstance(draft, ScopingDraft) or draft.submitted:
            raise ReturnLocked(f"return {draft.id} is submitted")
        self.returns.save(draft, self.clock())

    def save_for_later(self, draft: ScopingDraft) -> None:
        """The agency chose "Save and come back later": on the timeline once per save."""
        now = self.clock()
        self.returns.save(draft, now)
        self._report(draft, "draft_saved", now)

    def check(self, draft: ScopingDraft) -> Checked:
        return check_answers(self.form, draft.answers, self.today())

    def submit(self, draft: ScopingDraft) -> Checked:
        """Return the form (once, however often this is called)."""
        checked = self.check(draft)
        if checked.ok:
            now = self.clock()
            if self.returns.submit(draft.case_agency_id, checked.answers, RETURNED, now):
                self._report(draft, "returned", now)
        return checked

    def contact_page(self) -> Page:
        page = self.form.page(CONTACT_PAGE)
        if page is None:
            raise LookupError("the scoping form has no contact page")
        return page

    def not_known(self, draft: ScopingDraft, raw: Raw) -> dict[str, str]:
        """The agency says the child and family are not known to it: who says so is asked
        (the contact page's questions), and that counts as its return."""
        result = check_page(self.contact_page(), raw, self.today())
        if result.ok:
            now = self.clock()
            if self.returns.submit(draft.case_agency_id, dict(result.values), NOT_KNOWN, now):
                self._report(draft, "not_known", now)
        return result.errors

    def _report(self, draft: ScopingDraft, activity: str, at: datetime) -> None:
        try:
            self.reports.scoping_activity(draft.case_agency_id, activity, at)
        except QueueUnavailable:
            # the return itself is stored: only the timeline entry waits
            log.warning(
                "scoping activity %s of case agency %s not reported: queue unavailable",
                activity,
                draft.case_agency_id,
            )
