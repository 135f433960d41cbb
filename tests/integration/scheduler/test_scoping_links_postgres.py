"""The agencies' scoping links on PostgreSQL and Redis: cases made the production way (the
referral stored by intake, ``open_case`` run by a burst worker), the requests sent with the
case's action, each link read from the queued letter job as the documents worker gets it,
and opened by intake's own adapters. Guessed, withdrawn, replaced, removed and expired
links open nothing; one case's link opens only its agency's return; a return replayed and a
report run twice are kept once; the return clock is met when the last return arrives."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.intake.app import create_app as create_intake
from services.intake.bootstrap import Container as IntakeContainer
from services.intake.scoping import LinkProblem, Opened, ScopingJourney
from services.intake.scoping_store import SqlScopingReturns
from services.intake.tables import scoping_return
from services.scheduler import agencies, lifecycle
from services.scheduler.bootstrap import Container
from services.scheduler.domain.agencies import ScopingStatus
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.scoping import RENDER_SCOPING_LETTER
from services.scheduler.tables import agency_link, case, case_event, deadline
from shared import runtime
from shared.config import load_config
from shared.forms import samples
from shared.forms.registry import get_form
from shared.queue import enqueue
from tests.integration.journey.scoping_steps import contact
from tests.integration.scheduler.factories import (
    open_case,
    run_scheduler_jobs,
    scheduler_config,
    start_scheduler,
    store_referral,
)
from tests.support.journey import one, post, soup_of, text

OPS = Actor(Role.OPS, id=1, email="ops@partnership.example")
CHAIR = Actor(Role.CHAIR, id=2, email="chair@partnership.example")
LA_LEAD = Actor(Role.PARTNER_LEAD, id=3, partner=Partner.LOCAL_AUTHORITY)
RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday
SENT_ON = date(2026, 11, 3)
#: 5 working days after Tuesday 3 November 2026
DUE = date(2026, 11, 10)
#: 5pm (GMT) on the due date plus SCOPING_LINK_GRACE_DAYS (5)
EXPIRES = datetime(2026, 11, 15, 17, 0, tzinfo=UTC)
SCHOOL, POLICE = "Riverside Primary School", "Metropolitan Police"
RECORD_ACTIVITY = "services.scheduler.jobs.record_scoping_activity"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Services:
    scheduler: Container
    intake: Flask
    engine: Engine
    redis: Redis
    #: the scheduler's and intake's clocks (one service may be ahead of the other)
    clock: Clock
    intake_clock: Clock

    @property
    def intake_container(self) -> IntakeContainer:
        found: IntakeContainer = self.intake.extensions["cspr"]
        return found

    def journey(self) -> ScopingJourney:
        c = self.intake_container
        return ScopingJourney(
            links=c.scoping_links, returns=c.scoping_returns, reports=c.queue, clock=c.clock
        )


@pytest.fixture
def services(
    database_url: str, redis_url: str, engine: Engine, redis_conn: Redis
) -> Iterator[Services]:
    clock, intake_clock = Clock(RECEIVED), Clock(datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    scheduler = start_scheduler(scheduler_config(database_url, redis_url), engine)
    scheduler.clock = clock
    intake_config = load_config(
        "intake",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "REFERENCE_PREFIX": "GSCP",
        },
    )
    intake = create_intake(intake_config, engine=engine, clock=intake_clock)
    yield Services(scheduler, intake, engine, redis_conn, clock, intake_clock)
    runtime.clear()


# --- the case, made and sent the production way ---------------------------------------------


def case_with_agencies(s: Services, *names: str, child: str = "Ada Example") -> str:
    """A serious-incident case from a stored referral (its agencies list naming the school),
    taken to the Panel notification, its agencies completed, and the requests sent."""
    s.clock.now = RECEIVED
    answers = serious_incident_answers(child)
    reference = open_case(s.redis, store_referral(s.engine, answers=answers).id)
    listed = agency_ids(s, reference)
    assert list(listed) == [SCHOOL], "the referral's agencies start the case's list"
    for name in names:
        raw = {
            "name": name,
            "kind": "education" if "School" in name else "police",
            "representative": "Named Representative",
            "email": f"dsl@{name.split()[0].lower()}.example",
        }
        if name in listed:
            agencies.edit_agency(s.scheduler, reference, listed[name], raw, OPS)
        else:
            agencies.add_agency(s.scheduler, reference, raw, OPS)
    act(s, reference, "record_leads_informed", OPS, informed_on=RECEIVED.date())
    act(
        s,
        reference,
        "decide_criteria",
        CHAIR,
        criteria="met",
        decided_on=RECEIVED.date(),
        rationale="A child was seriously harmed; neglect is suspected.",
    )
    act(
        s,
        reference,
        "record_panel_notification",
        LA_LEAD,
        notified_on=RECEIVED.date(),
        dfe_reference="CSIN-2026-123",
    )
    s.clock.now = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    plan = act(
        s,
        reference,
        "send_scoping_requests",
        OPS,
        summary_of_case="A child was seriously injured at home; neglect is suspected.",
        time_period="From the child's birth to the incident",
        sent_on=SENT_ON,
    )
    assert plan.values["return_due_on"] == DUE
    return reference


def serious_incident_answers(child: str) -> dict[str, Any]:
    answers = samples.answers(get_form("serious-incident"), today=RECEIVED.date())
    answers["child_name"] = child
    answers["agencies"] = [{"agency": SCHOOL, "reason": "The child's school"}]
    return answers


def act(s: Services, reference: str, key: str, actor: Actor, **inputs: object) -> Any:
    return lifecycle.take_action(s.scheduler, reference, key, dict(inputs), actor)


def agency_ids(s: Services, reference: str) -> dict[str, int]:
    return {a.agency.name: a.id for a in agencies.case_agencies(s.scheduler, reference).agencies}


def statuses(s: Services, reference: str) -> dict[str, ScopingStatus]:
    found = agencies.case_agencies(s.scheduler, reference).agencies
    return {a.agency.name: a.status for a in found}


def issued(s: Services) -> dict[tuple[int, int], str]:
    """Every link in a queued letter job, by (case agency, serial): the token travels only
    there (and in the email the job asks for), never in the database."""
    return {
        (int(job.kwargs["case_agency_id"]), int(job.kwargs["serial"])): str(job.kwargs["token"])
        for job in Queue("documents", connection=s.redis).jobs
        if job.func_name == RENDER_SCOPING_LETTER
    }


def token_of(s: Services, case_agency_id: int) -> str:
    """The agency's newest link."""
    serials = {serial: t for (i, serial), t in issued(s).items() if i == case_agency_id}
    assert serials, f"no letter job for case agency {case_agency_id}"
    return serials[max(serials)]


def opened(s: Services, token: str) -> Opened:
    found = s.journey().open(token)
    assert isinstance(found, Opened), found
    return found


def reported(s: Services, activity: str) -> list[int]:
    """The case agencies of each queued report of ``activity`` to the scheduler."""
    return [
        int(job.kwargs["case_agency_id"])
        for job in Queue("scheduler", connection=s.redis).jobs
        if job.func_name == RECORD_ACTIVITY and job.kwargs["activity"] == activity
    ]


def timeline(s: Services, reference: str, action: str) -> list[str]:
    with s.engine.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
        return list(
            conn.execute(
                select(case_event.c.summary)
                .where(case_event.c.case_id == case_id, case_event.c.action == action)
                .order_by(case_event.c.id)
            ).scalars()
        )


def return_met_on(s: Services, reference: str) -> date | None:
    with s.engine.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
        met: date | None = conn.execute(
            select(deadline.c.met_on).where(
                deadline.c.case_id == case_id, deadline.c.clock == "return_scoping_forms"
            )
        ).scalar()
        return met


def complete(draft_answers: dict[str, Any]) -> dict[str, Any]:
    """The pre-filled answers with every person confirmed and every question answered."""
    people = [{**person, "matches": "yes"} for person in draft_answers["family_composition"]]
    return {
        **draft_answers,
        **contact("Ada Lovelace"),
        "family_composition": people,
        "involvement_summary": "Health visiting since birth; last seen in May.",
        "practice_analysis": "Visits were timely.",
        "partnership_concerns": "None identified.",
        "other_agencies": "no",
    }


def stored_return(s: Services, case_agency_id: int) -> Any:
    with s.engine.connect() as conn:
        return conn.execute(
            select(scoping_return).where(scoping_return.c.case_agency_id == case_agency_id)
        ).one()


# --- the tests --------------------------------------------------------------------------------


def test_only_the_hash_is_stored_and_guessed_tokens_open_nothing(services: Services) -> None:
    reference = case_with_agencies(services, SCHOOL, POLICE)
    ids = agency_ids(services, reference)
    tokens = {name: token_of(services, i) for name, i in ids.items()}
    assert len(set(tokens.values())) == 2
    assert all(len(t) == 43 for t in tokens.values()), "256 bits, URL-safe base64"

    with services.engine.connect() as conn:
        rows = conn.execute(select(agency_link)).all()
    assert {r.token_hash for r in rows} == {
        hashlib.sha256(t.encode()).hexdigest() for t in tokens.values()
    }
    assert not any(t in str(tuple(r)) for r in rows for t in tokens.values())

    journey = services.journey()
    school = tokens[SCHOOL]
    guesses = [
        *(secrets.token_urlsafe(32) for _ in range(50)),
        school[:-1] + ("A" if school[-1] != "A" else "B"),
        school.upper() if school.upper() != school else school.lower(),
        school[:-1],
        school + "A",
        hashlib.sha256(school.encode()).hexdigest(),
        "",
    ]
    assert {journey.open(guess) for guess in guesses} == {LinkProblem.UNKNOWN}
    assert reported(services, "opened") == []

    response = services.intake.test_client().get(f"/scoping/{guesses[0]}")
    assert response.status_code == 404
    assert text(one(soup_of(response), "h1")) == "This link is not recognised"
    assert reference not in response.get_data(as_text=True)
    assert opened(services, school).draft.case_agency_id == ids[SCHOOL]


def test_a_withdrawn_link_no_longer_opens_the_form(services: Services) -> None:
    reference = case_with_agencies(services, SCHOOL)
    school = agency_ids(services, reference)[SCHOOL]
    token = token_of(services, school)
    opened(services, token)

    assert agencies.revoke_link(
        services.scheduler, reference, school, OPS, "Sent to the wrong address"
    )
    assert services.journey().open(token) is LinkProblem.WITHDRAWN
    response = services.intake.test_client().get(f"/scoping/{token}/contact")
    assert response.status_code == 410
    assert text(one(soup_of(response), "h1")) == "This link has been withdrawn"
    body = response.get_data(as_text=True)
    assert reference not in body and SCHOOL not in body
    assert statuses(services, reference)[SCHOOL] is ScopingStatus.LINK_WITHDRAWN
    assert timeline(services, reference, "scoping_link_revoked") == [
        f"The scoping link of {SCHOOL} was withdrawn"
    ]


def test_a_link_sent_again_replaces_the_old_one_and_keeps_the_draft(
    services: Services,
) -> None:
    reference = case_with_agencies(services, SCHOOL)
    school = agency_ids(services, reference)[SCHOOL]
    first = token_of(services, school)
    browser = services.intake.test_client()
    browser.get(f"/scoping/{first}")
    services.intake_clock.now += timedelta(minutes=30)
    saved = post(browser, f"/scoping/{first}/contact", contact("Grace Hopper"), "save")
    assert saved.status_code == 303 and saved.location.endswith("/saved")

    services.clock.now = datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
    due = agencies.send_request(services.scheduler, reference, school, OPS, "Not received")
    assert due == DUE, "the case's deadline has not passed"
    second = token_of(services, school)
    assert second != first and set(issued(services)) == {(school, 1), (school, 2)}

    assert services.journey().open(first) is LinkProblem.WITHDRAWN
    assert browser.get(f"/scoping/{first}/contact").status_code == 410
    again = opened(services, second)
    assert again.request.serial == 2
    assert again.draft.answers["completer_name"] == "Grace Hopper"
    resumed = soup_of(browser.get(f"/scoping/{second}/contact"))
    assert one(resumed, "input[name=completer_name]")["value"] == "Grace Hopper"
    assert reported(services, "opened") == [school], "the return was opened once"


def test_a_removed_agency_s_link_is_withdrawn(services: Services) -> None:
    reference = case_with_agencies(services, SCHOOL, POLICE)
    ids = agency_ids(services, reference)
    token = token_of(services, ids[POLICE])
    agencies.remove_agency(services.scheduler, reference, ids[POLICE], OPS, "Not involved")
    assert services.journey().open(token) is LinkProblem.WITHDRAWN
    assert opened(services, token_of(services, ids[SCHOOL])).request.agency_name == SCHOOL
    assert list(agency_ids(services, reference)) == [SCHOOL]


def test_a_link_expires_at_5pm_on_the_due_date_plus_the_grace_days(
    services: Services,
) -> None:
    reference = case_with_agencies(services, SCHOOL)
    token = token_of(services, agency_ids(services, reference)[SCHOOL])
    with services.engine.connect() as conn:
        assert conn.execute(select(agency_link.c.expires_at)).scalar() == EXPIRES

    services.intake_clock.now = EXPIRES - timedelta(minutes=1)
    assert opened(services, token).request.due_on == DUE
    services.intake_clock.now = EXPIRES
    assert services.journey().open(token) is LinkProblem.EXPIRED
    services.intake_clock.now = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    assert services.journey().open(token) is LinkProblem.EXPIRED
    response = services.intake.test_client().get(f"/scoping/{token}")
    assert response.status_code == 410
    assert text(one(soup_of(response), "h1")) == "This link has expired"
    body = response.get_data(as_text=True)
    assert reference not in body and SCHOOL not in body and "neglect" not in body


def test_one_case_s_link_opens_only_that_case_s_agency_return(services: Services) -> None:
    first = case_with_agencies(services, SCHOOL, child="Ada Example")
    second = case_with_agencies(services, SCHOOL, child="Bea Other")
    assert first != second
    a, b = agency_ids(services, first)[SCHOOL], agency_ids(services, second)[SCHOOL]
    assert a != b

    in_first, in_second = (
        opened(services, token_of(services, a)),
        opened(services, token_of(services, b)),
    )
    assert (in_first.request.case_reference, in_first.draft.case_agency_id) == (first, a)
    assert (in_second.request.case_reference, in_second.draft.case_agency_id) == (second, b)
    people = in_second.draft.answers["family_composition"]
    assert people[0]["name"] == "Bea Other"
    assert "Ada Example" not in str(in_second.draft.answers)

    draft = replace(in_second.draft, answers={**in_second.draft.answers, **contact("Bea's DSL")})
    services.journey().save_for_later(draft)
    assert stored_return(services, b).answers["completer_name"] == "Bea's DSL"
    assert "completer_name" not in stored_return(services, a).answers
    shown = soup_of(services.intake.test_client().get(f"/scoping/{token_of(services, a)}"))
    assert first in text(one(shown, "#case-context")) and second not in text(shown)


def test_a_submitted_return_replayed_is_kept_once(services: Services) -> None:
    reference = case_with_agencies(services, SCHOOL)
    school = agency_ids(services, reference)[SCHOOL]
    journey = services.journey()
    assert isinstance(journey.returns, SqlScopingReturns)
    draft = opened(services, token_of(services, school)).draft
    draft.answers = complete(draft.answers)

    services.intake_clock.now += timedelta(hours=1)
    assert journey.submit(draft).ok
    kept = stored_return(services, school)
    assert kept.status == "returned"

    services.intake_clock.now += timedelta(minutes=5)
    draft.answers = {**draft.answers, "involvement_summary": "Replayed with other words."}
    assert journey.submit(draft).ok, "the answers are still complete"
    after = stored_return(services, school)
    assert after.answers == kept.answers
    assert after.submitted_at == kept.submitted_at
    assert reported(services, "returned") == [school]

    run_scheduler_jobs(services.redis)
    assert timeline(services, reference, "scoping_returned") == [
        f"{SCHOOL} returned its scoping form"
    ]
    assert statuses(services, reference)[SCHOOL] is ScopingStatus.RETURNED


def test_a_report_run_twice_keeps_one_timeline_entry(services: Services) -> None:
    reference = case_with_agencies(services, SCHOOL)
    school = agency_ids(services, reference)[SCHOOL]
    at = datetime(2026, 11, 4, 14, 30, tzinfo=UTC).isoformat()
    runs = []
    for _ in range(2):
        job = enqueue(
            services.redis, RECORD_ACTIVITY, case_agency_id=school, activity="opened", at=at
        )
        run_scheduler_jobs(services.redis)
        runs.append(job.return_value(refresh=True))
    assert runs == [True, False]
    assert timeline(services, reference, "scoping_opened") == [f"{SCHOOL} opened its scoping link"]
    assert statuses(services, reference)[SCHOOL] is ScopingStatus.OPENED


def test_the_return_clock_is_met_only_when_the_last_agency_returns(
    services: Services,
) -> None:
    reference = case_with_agencies(services, SCHOOL, POLICE)
    ids = agency_ids(services, reference)
    school, police = (opened(services, token_of(services, ids[n])) for n in (SCHOOL, POLICE))
    run_scheduler_jobs(services.redis)
    # opening the link made the agency's return, but nothing is saved in it yet
    assert statuses(services, reference) == {
        SCHOOL: ScopingStatus.OPENED,
        POLICE: ScopingStatus.OPENED,
    }

    services.intake_clock.now = datetime(2026, 11, 6, 11, 0, tzinfo=UTC)
    school.draft.answers = complete(school.draft.answers)
    assert services.journey().submit(school.draft).ok
    run_scheduler_jobs(services.redis)
    assert statuses(services, reference)[SCHOOL] is ScopingStatus.RETURNED
    assert return_met_on(services, reference) is None, "the police have not returned yet"

    services.intake_clock.now = datetime(2026, 11, 9, 15, 0, tzinfo=UTC)
    said = {key: [value] for key, value in contact("DI Sam Jones").items()}
    assert services.journey().not_known(police.draft, said) == {}
    run_scheduler_jobs(services.redis)
    assert statuses(services, reference) == {
        SCHOOL: ScopingStatus.RETURNED,
        POLICE: ScopingStatus.NOT_KNOWN,
    }
    assert return_met_on(services, reference) == date(2026, 11, 9)
    assert timeline(services, reference, "scoping_not_known") == [
        f"{POLICE} said the child and family are not known to it"
    ]
