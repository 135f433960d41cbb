"""The Report of Rapid Review (App. iv) in the console: drafted as ops type, on the form
definition ``rapid-review-report``; pre-filled from the referral and the agencies' returns;
finalised as a version that is never changed, which the lead representatives then decide on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.intake.readmodel import fetch_referral, fetch_scoping_returns
from services.scheduler.approvals import request_approvals
from services.scheduler.bootstrap import Container
from services.scheduler.case_notes import note
from services.scheduler.domain.clocks import london_date
from services.scheduler.domain.lifecycle import ActionRefused, Actor
from services.scheduler.domain.report import ReportChange, report_refusal
from services.scheduler.domain.routes import Route
from services.scheduler.domain.states import CaseState
from services.scheduler.store import lifecycle as timeline
from services.scheduler.store import report as store
from services.scheduler.store.agencies import agencies_of
from services.scheduler.store.report import ReportDraft
from services.scheduler.tables import case, case_event
from shared.form_editing import AnswerEditing
from shared.forms.checks import Checked, check_answers
from shared.forms.definitions.rapid_review_report import RAPID_REVIEW_REPORT
from shared.forms.prefill import report_answers

log = logging.getLogger(__name__)

FORM = RAPID_REVIEW_REPORT
DISAGREEMENT_NOTICE = "services.notifier.jobs.send_disagreement_notice"


class CaseNotFound(LookupError):
    pass


class ReportLocked(RuntimeError):
    """The version was finalised meanwhile (another tab, another person)."""


@dataclass(frozen=True)
class ReportState:
    reference: str
    route: Route
    state: CaseState
    #: the newest version (a draft, or final), None before the report is started
    newest: ReportDraft | None
    versions: tuple[ReportDraft, ...]
    #: the newest version is final and awaits the lead representatives
    final_pending: bool

    @property
    def draft(self) -> ReportDraft | None:
        return self.newest if self.newest is not None and not self.newest.final else None


def _case_row(conn: Connection, reference: str, *, lock: bool = False) -> Any:
    row = (
        timeline.lock_case(conn, reference)
        if lock
        else conn.execute(select(case).where(case.c.reference == reference)).first()
    )
    if row is None:
        raise CaseNotFound(reference)
    return row


def _final_pending(conn: Connection, case_id: int, newest: ReportDraft | None) -> bool:
    """A final newest version awaits the partners unless mediation sent it back since."""
    if newest is None or not newest.final or newest.finalised_at is None:
        return False
    mediated = conn.execute(
        select(case_event.c.at)
        .where(case_event.c.case_id == case_id, case_event.c.action == "record_mediation")
        .order_by(case_event.c.id.desc())
        .limit(1)
    ).scalar()
    return mediated is None or mediated < newest.finalised_at


def report_state(c: Container, reference: str) -> ReportState:
    with c.engine.connect() as conn:
        row = _case_row(conn, reference)
        found = store.versions(conn, row.id)
        newest = found[0] if found else None
        pending = _final_pending(conn, row.id, newest)
    return ReportState(
        reference, Route(row.route), CaseState(row.state), newest, tuple(found), pending
    )


def refusal(c: Container, reference: str, actor: Actor, change: ReportChange) -> str:
    found = report_state(c, reference)
    return report_refusal(
        found.route, found.state, actor.role, change, final_pending=found.final_pending
    )


def _locked(
    conn: Connection, reference: str, actor: Actor, change: ReportChange
) -> tuple[Any, ReportDraft | None]:
    """The case row, locked for the rest of the transaction, and the report's newest
    version, once the actor may make ``change`` now; raises ActionRefused. The check is
    made under the lock so that two people saving or finalising at once cannot both pass."""
    row = _case_row(conn, reference, lock=True)
    newest = store.newest(conn, row.id)
    refused = report_refusal(
        Route(row.route),
        CaseState(row.state),
        actor.role,
        change,
        final_pending=_final_pending(conn, row.id, newest),
    )
    if refused:
        raise ActionRefused(refused)
    return row, newest


def _prefill(conn: Connection, row: Any) -> dict[str, Any]:
    referral = fetch_referral(conn, row.referral_id)
    agencies = agencies_of(conn, row.id)
    returns = fetch_scoping_returns(conn, [a.id for a in agencies])
    returned = [
        (a.name, returns[a.id].answers)
        for a in agencies
        if a.id in returns and returns[a.id].status == "returned"
    ]
    if referral is None:
        return {}
    return report_answers(referral.form_id, referral.answers, returned)


def start(c: Container, reference: str, actor: Actor, *, remote_addr: str | None = None) -> int:
    """The draft to edit: the current one, or a new version (pre-filled from the referral
    and the returns for the first; a copy of the newest final one after that)."""
    with c.engine.begin() as conn:
        row, newest = _locked(conn, reference, actor, ReportChange.EDIT)
        if newest is not None and not newest.final:
            return newest.version
        version = 1 if newest is None else newest.version + 1
        answers = _prefill(conn, row) if newest is None else dict(newest.answers)
        store.add_draft(
            conn,
            row.id,
            version=version,
            form_id=FORM.id,
            form_version=FORM.version,
            answers=answers,
            at=c.clock(),
            by=actor.email or None,
        )
        note(
            conn,
            c,
            row,
            actor,
            "report_started",
            f"Version {version} of the Report of Rapid Review was started"
            + (" from the referral and the agencies' returns" if newest is None else ""),
            ids={"report_version": version},
            remote_addr=remote_addr,
        )
    return version


@dataclass(frozen=True)
class ReportEditor(AnswerEditing):
    """Saves the case's draft as staff answer each page (``shared.form_pages``)."""

    c: Container
    actor: Actor

    def today(self) -> date:
        return london_date(self.c.clock())

    def _save(self, draft: Any) -> None:
        with self.c.engine.begin() as conn:
            if not store.save(conn, draft, at=self.c.clock(), by=self.actor.email or None):
                raise ReportLocked(f"report version {draft.version} is final")


def check(c: Container, draft: ReportDraft) -> Checked:
    return check_answers(FORM, draft.answers, london_date(c.clock()))


def finalise(
    c: Container, reference: str, actor: Actor, *, remote_addr: str | None = None
) -> Checked:
    """Make the draft a final version, ask the lead representatives to decide on it, and
    tell them when the recommendation was not unanimous. Returns the check (errors mean
    nothing changed); raises ActionRefused."""
    now = c.clock()
    with c.engine.begin() as conn:
        row, newest = _locked(conn, reference, actor, ReportChange.FINALISE)
        if newest is None or newest.final:
            raise ActionRefused("There is no draft of the report to finalise.")
        checked = check_answers(FORM, newest.answers, london_date(now))
        if not checked.ok:
            return checked
        if not store.finalise(conn, newest, dict(checked.answers), at=now, by=actor.email or None):
            raise ReportLocked(f"report version {newest.version} is final")
        disputed = (checked.answers.get("disagreement") or {}).get("answer") == "yes"
        note(
            conn,
            c,
            row,
            actor,
            "report_finalised",
            f"Version {newest.version} of the Report of Rapid Review was finalised and sent to "
            "the three lead representatives for approval"
            + ("; the recommendation was not unanimous" if disputed else ""),
            ids={"report_version": newest.version},
            remote_addr=remote_addr,
        )
        asked = request_approvals(conn, c, row, newest.version, by=actor.email or None)
    asked()
    if disputed:
        c.queue.enqueue(DISAGREEMENT_NOTICE, case_reference=reference, version=newest.version)
    log.info("case %s: report version %s finalised", reference, newest.version)
    return checked


def _answer_root(path: str) -> str:
    """``family_members[0].name`` → ``family_members``."""
    return path.split("[", 1)[0].split(".", 1)[0]


def save_answers(
    c: Container, reference: str, sent: Mapping[str, Any], actor: Actor
) -> tuple[ReportDraft, dict[str, str]]:
    """Change the draft's answers by question id, in their stored shape (``None`` takes an
    answer away), as an API client writes them: each answer sent is checked as the page
    checks it, and nothing is kept when one is wrong (the errors by answer path are
    returned). Answers not sent are kept; they are checked in full when finalising."""
    with c.engine.begin() as conn:
        _, newest = _locked(conn, reference, actor, ReportChange.EDIT)
        if newest is None or newest.final:
            raise ActionRefused("Start a draft of the report before changing its answers.")
        merged = {k: v for k, v in {**newest.answers, **sent}.items() if v is not None}
        checked = check_answers(FORM, merged, london_date(c.clock()))
        given = {k for k, v in sent.items() if v is not None}
        errors = {p: m for p, m in checked.errors.items() if _answer_root(p) in given}
        if errors:
            return newest, errors
        answers = dict(newest.answers)
        for key, value in sent.items():
            answers.pop(key, None)
            if value is not None and key in checked.answers:
                answers[key] = checked.answers[key]
        touched = {p.id for p in FORM.pages if set(p.answer_ids) & set(sent)}
        pending = {
            slot: raw
            for slot, raw in newest.pending.items()
            if slot.split("/", 1)[0] not in touched
        }
        saved = replace(newest, answers=answers, pending=pending)
        if not store.save(conn, saved, at=c.clock(), by=actor.email or None):
            raise ReportLocked(f"report version {newest.version} is final")
    return saved, {}
