"""A referral's journey through its form: saving pages and items, resuming, submitting.

No Flask here: the views pass in what was posted and the session's draft key; this module
talks to the ports (drafts, referrals, the queue) and the form definition.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.intake.drafts import Draft, DraftRepository, new_secret
from services.intake.handoff import submit_referral
from services.intake.ports import CaseQueue, Clock, NewReferral, ReferralRepository
from services.intake.references import london_date
from shared.form_editing import AnswerEditing
from shared.forms.checks import Checked, check_answers
from shared.forms.model import Form, Page

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Journey(AnswerEditing):
    drafts: DraftRepository
    referrals: ReferralRepository
    queue: CaseQueue
    clock: Clock
    retention_days: int

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

    def today(self) -> date:
        return london_date(self.clock())

    def _save(self, draft: Draft) -> None:
        now = self.clock()
        self.drafts.save(draft, now=now, expires_at=self._expiry(now))

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


def first_incomplete(form: Form, checked: Checked) -> Page | None:
    """The first page with an error (where a resumed referrer carries on)."""
    for page in form.pages:
        if any(path.split("[", 1)[0] in page.answer_ids for path in checked.errors):
            return page
    return None
