"""A referral's journey through its form: saving pages and items, resuming, submitting.

No Flask here: the views pass in what was posted and the session's draft key; this module
talks to the ports (drafts, referrals, the queue) and the form definition.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from services.intake.drafts import Draft, DraftRepository, merge_pending, new_secret
from services.intake.handoff import submit_referral
from services.intake.ports import CaseQueue, Clock, NewReferral, ReferralRepository
from services.intake.references import london_date
from shared.forms.checks import Checked, check_answers, check_item, check_page
from shared.forms.model import Form, Page
from shared.forms.questions import Raw
from shared.forms.repeating import Repeating

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Journey:
    drafts: DraftRepository
    referrals: ReferralRepository
    queue: CaseQueue
    clock: Clock
    retention_days: int

    def today(self) -> date:
        return london_date(self.clock())

    def _expiry(self, now: datetime) -> datetime:
        return now + timedelta(days=self.retention_days)

    def open(self, key: str | None) -> Draft | None:
        return self.drafts.by_key(key, self.clock()) if key else None

    def ensure(self, form: Form, key: str | None) -> tuple[Draft, str]:
        """The session's draft of ``form``, made on first use; returns it and its key."""
        found = self.open(key)
        if found is not None and found.form_id == form.id:
            return found, str(key)
        new_key = new_secret()
        now = self.clock()
        made = self.drafts.create(
            key=new_key,
            form_id=form.id,
            form_version=form.version,
            now=now,
            expires_at=self._expiry(now),
        )
        return made, new_key

    def _save(self, draft: Draft) -> None:
        now = self.clock()
        self.drafts.save(draft, now=now, expires_at=self._expiry(now))

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

    def check(self, form: Form, draft: Draft) -> Checked:
        return check_answers(form, draft.answers, self.today())

    def submit(self, form: Form, draft: Draft) -> tuple[Checked, str | None]:
        """Store the referral once (however often this is called), lock the draft.

        Returns the check and, when stored, the reference.
        """
        checked = self.check(form, draft)
        if not checked.ok:
            return checked, None
        stored = submit_referral(
            referrals=self.referrals,
            queue=self.queue,
            clock=self.clock,
            new=NewReferral.of(
                form, checked.answers, source="web", submission_key=f"draft:{draft.id}"
            ),
        )
        self.drafts.mark_submitted(draft.id, stored.id, self.clock())
        return checked, stored.reference

    def send_resume_link(self, draft: Draft, email: str) -> datetime:
        """Issue a new single-use link and ask the notifier to email it; returns its expiry."""
        now = self.clock()
        link = self.drafts.issue_resume_link(
            draft.id, email=email, now=now, expires_at=self._expiry(now)
        )
        self.queue.send_resume_link(draft.id, link.serial, link.token)
        log.info("resume link %s issued for draft %s", link.serial, draft.id)
        return link.expires_at

    def resume(self, token: str) -> tuple[Draft, str] | None:
        new_key = new_secret()
        found = self.drafts.take_resume_link(token, new_key=new_key, now=self.clock())
        return (found, new_key) if found is not None else None


def _group(page: Page) -> Repeating:
    if page.repeating is None:
        raise ValueError(f"page {page.id} has no repeating group")
    return page.repeating


def _as_lists(raw: Raw) -> dict[str, list[str]]:
    return {str(k): [str(v) for v in values] for k, values in raw.items()}


def first_incomplete(form: Form, checked: Checked) -> Page | None:
    """The first page with an error (where a resumed referrer carries on)."""
    for page in form.pages:
        if any(path.split("[", 1)[0] in page.answer_ids for path in checked.errors):
            return page
    return None
