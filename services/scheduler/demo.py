"""``cspr demo``: made-up cases in every state of both routes, for trying cspr out and for
screenshots, made the way production makes them and safe to run again.

Each demo case is a referral stored by intake's own repository (reference prefix DEMO,
submission key ``demo:<key>``, so a second run finds it instead of adding another), opened
by ``casework.open_case`` and moved on by ``lifecycle.take_action``, each step on its own
day: dates count back in working days from today, so the clocks show on track, due soon,
overdue, met on time and met late whenever it is run. Steps a case already has are skipped.

Follow-up jobs (the referral document, alerts) go to the real queue while Redis answers;
when it does not, the cases are still made and the jobs only counted: ``open_case`` asks
for them on every run, so running ``cspr demo`` again once Redis is up sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from redis.exceptions import RedisError

from services.intake.ports import NewReferral
from services.intake.repository import SqlReferralRepository
from services.scheduler import agencies, rapid_review_meeting
from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container, redis_factory
from services.scheduler.case_notes import note
from services.scheduler.casework import open_case
from services.scheduler.demo_cases import (
    CASES,
    LATER_MEETING,
    NEXT_MEETING,
    PAST_MEETING,
    DemoCase,
    Step,
)
from services.scheduler.domain.clocks import LONDON
from services.scheduler.domain.dates import Calendar, is_working_day
from services.scheduler.jobqueue import JobQueue, RqJobQueue
from services.scheduler.lifecycle import case_snapshot, take_action
from services.scheduler.store import report as reports
from services.scheduler.store.lifecycle import add_meeting, lock_case
from shared.clock import utc_now
from shared.config import Config
from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.registry import get_form

PREFIX = "DEMO"
REPORT_FORM = "rapid-review-report"
#: the input each action's own date goes in (the others happen on the day they are taken)
DATE_INPUT = {
    "record_leads_informed": "informed_on",
    "decide_criteria": "decided_on",
    "record_panel_notification": "notified_on",
    "record_report_sent": "sent_on",
    "record_panel_response": "responded_on",
    "record_outcome": "decided_on",
    "record_agencies_informed": "informed_on",
    "record_lfp_decision": "meeting_on",
    "send_scoping_requests": "sent_on",
    "record_meeting_held": "held_on",
}
#: steps that prepare a case rather than act on it: made-up representatives for the
#: agencies the referral names, the meeting's participants (one per partner), and a final
#: version of the Report of Rapid Review for the lead representatives to decide on
PREPARE_AGENCIES, PREPARE_PARTICIPANTS = "demo:agencies", "demo:participants"
PREPARE_REPORT = "demo:report"
PREPARING = (PREPARE_AGENCIES, PREPARE_PARTICIPANTS, PREPARE_REPORT)
_PARTICIPANTS = (
    ("Sam Okafor (demo)", "Head of Safeguarding", "Children's Social Care", "local_authority"),
    ("DI Alex Reid (demo)", "Detective Inspector", "Police", "police"),
    ("Jo Patel (demo)", "Designated Nurse", "Integrated care board", "health"),
)


@dataclass(frozen=True)
class Made:
    reference: str
    route: str
    state: str
    created: bool


class _Clock:
    """The container's "now": set to each step's day, so the "today" rules hold."""

    def __init__(self, now: datetime) -> None:
        self.real = self.now = now

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date, hour: int) -> datetime:
        at = datetime.combine(day, time(hour), tzinfo=LONDON).astimezone(UTC)
        self.now = min(at, self.real)
        return self.now


class _FollowUps:
    """The real queue while Redis answers; after its first refusal jobs are only counted."""

    def __init__(self, real: JobQueue) -> None:
        self.real, self.down, self.missed = real, False, 0

    def enqueue(self, name: str, **kwargs: Any) -> str:
        if not self.down:
            try:
                return self.real.enqueue(name, **kwargs)
            except RedisError:
                self.down = True
        self.missed += 1
        return ""


def working_day(today: date, ago: int, calendar: Calendar) -> date:
    """``ago`` working days before today (after it when negative); 0 is the latest working
    day on or before today."""
    if ago < 0:
        return calendar.add_working_days(today, -ago)
    day = today
    while not is_working_day(calendar, day):
        day -= timedelta(days=1)
    for _ in range(ago):
        day -= timedelta(days=1)
        while not is_working_day(calendar, day):
            day -= timedelta(days=1)
    return day


def demo_answers(demo: DemoCase, received: date) -> dict[str, Any]:
    form = get_form(demo.form_id)
    answers = samples.answers(form, today=received)
    invented = {
        "child_name": demo.child,
        "child_date_of_birth": (received - timedelta(days=365 * 6)).isoformat(),
        "child_home_address": "1 Example Road, Demo Town, DT1 1AA",
        "incident_date": (received - timedelta(days=2)).isoformat(),
        "incident_location": "The family home (made-up address for the demo)",
        "outline": f"{demo.story} All names and details are invented for the demo.",
        "referral_reason": "Several agencies were involved and may have learning to share.",
    }
    answers.update({k: v for k, v in invented.items() if k in answers})
    checked = check_answers(form, answers, received)
    if not checked.ok:
        raise ValueError(f"demo answers for {demo.key} do not pass the form: {checked.errors}")
    return checked.answers


def make_demo(config: Config, *, now: datetime | None = None) -> tuple[list[Made], int]:
    """Every demo case, made or found and moved on; and how many follow-up jobs could not
    be queued (Redis down)."""
    clock = _Clock(now or utc_now())
    queue = _FollowUps(RqJobQueue(redis_factory(config["REDIS_URL"])))
    c: Container = create_app(config, clock=clock, queue=queue).extensions["cspr"]
    try:
        today = clock.real.astimezone(LONDON).date()

        def day(ago: int) -> date:
            return working_day(today, ago, c.calendar)

        with c.engine.begin() as conn:
            for ago in (PAST_MEETING, NEXT_MEETING, LATER_MEETING):
                add_meeting(conn, day(ago), clock.real)
        made = [_make(c, clock, demo, day) for demo in CASES]
    finally:
        c.engine.dispose()
    return made, queue.missed


def _make(c: Container, clock: _Clock, demo: DemoCase, day: Callable[[int], date]) -> Made:
    form = get_form(demo.form_id)
    received = day(demo.received)
    new = NewReferral.of(form, demo_answers(demo, received), submission_key=f"demo:{demo.key}")
    stored = SqlReferralRepository(c.engine, PREFIX).add(new, received_at=clock.on(received, 10))
    reference = open_case(c, stored.id).reference
    found = case_snapshot(c, reference)
    done = found.done if found else {}
    for step in demo.steps:
        if step.action in done:
            continue
        on = day(step.ago)
        clock.on(on, 12)
        if step.action in PREPARING:
            _prepare(c, reference, step)
            continue
        inputs = {k: day(v) if k == "meeting_on" else v for k, v in step.inputs.items()}
        if step.action in DATE_INPUT:
            inputs[DATE_INPUT[step.action]] = on
        take_action(c, reference, step.action, inputs, step.actor)
    after = case_snapshot(c, reference)
    assert after is not None
    return Made(reference, after.route.value, after.state.value, stored.created)


def _prepare(c: Container, reference: str, step: Step) -> None:
    """Give each agency a made-up representative, or record the meeting's participants;
    once (a second run finds them done)."""
    found = case_snapshot(c, reference)
    assert found is not None
    if step.action == PREPARE_REPORT:
        if found.report_version is None:
            _final_report(c, reference, step)
    elif step.action == PREPARE_AGENCIES:
        for n, agency in enumerate(found.agencies, start=1):
            if agency.details.can_be_sent:
                continue
            details = {
                "name": agency.name,
                "kind": agency.details.kind,
                "representative": f"Representative {n} (demo)",
                "email": f"agency{n}.demo@partnership.example",
            }
            agencies.edit_agency(c, reference, agency.id, details, step.actor)
    elif not found.participants:
        for name, role, agency_name, partner in _PARTICIPANTS:
            values = {"name": name, "job_role": role, "agency": agency_name, "partner": partner}
            rapid_review_meeting.add_participant(c, reference, values, step.actor)


def _final_report(c: Container, reference: str, step: Step) -> None:
    """Version 1 of the report, made final as the console's report pages make one (the
    lead representatives' links are not issued: a demo emails nobody)."""
    form = get_form(REPORT_FORM)
    today = c.clock().astimezone(LONDON).date()
    answers = {**samples.answers(form, today=today), **step.inputs}
    answers["disagreement"] = {"answer": "no"}
    checked = check_answers(form, answers, today)
    if not checked.ok:
        raise ValueError(f"demo report answers do not pass the form: {checked.errors}")
    by = step.actor.email or None
    with c.engine.begin() as conn:
        row = lock_case(conn, reference)
        draft = reports.add_draft(
            conn,
            row.id,
            version=1,
            form_id=form.id,
            form_version=form.version,
            answers=dict(checked.answers),
            at=c.clock(),
            by=by,
        )
        reports.finalise(conn, draft, dict(checked.answers), at=c.clock(), by=by)
        note(
            conn,
            c,
            row,
            step.actor,
            "report_finalised",
            "Version 1 of the Report of Rapid Review was finalised (demo)",
            ids={"report_version": 1},
        )
