"""An agency's scoping form (App. iii) behind its link, page by page, with fakes behind the
intake app (no I/O): what a link that does not work says (nothing of the case), the form
pre-filled from the referral, drafts through the same link, returning once, read-only
after, "not known to our agency", reopening, and one agency's link opening only its own
return."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.intake.app import create_app
from services.intake.scoping import FoundLink
from services.scheduler.domain.agencies import link_expiry
from services.scheduler.readmodel import ScopingRequest
from shared.config import Config
from shared.forms.definitions.scoping import SCOPING
from tests.integration.journey.scoping_steps import contact, return_form
from tests.support.journey import error_texts, one, post, soup_of, text, token
from tests.unit.intake.fakes import (
    FakeDrafts,
    FakeQueue,
    FakeReferrals,
    FakeScopingLinks,
    FakeScopingReturns,
    FixedClock,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DUE = date(2026, 11, 27)
GRACE_DAYS = 5
REFERENCE = "GSCP-2026-0042"
SCHOOL, POLICE = "Riverside Primary School", "Metropolitan Police"
TOKEN, POLICE_TOKEN = "school-link-" + "s" * 31, "police-link-" + "p" * 31
CHILD = "Amelia Hartley-O'Brien"
REFERRAL = {
    "child_name": CHILD,
    "child_date_of_birth": "2015-06-01",
    "child_home_address": "1 River Road\nGreenwich\nSE10 1AA",
    "family_members": [
        {
            "relationship": "Mother",
            "name": "Jo Hartley",
            "date_of_birth": "1990-01-02",
            "address": "1 River Road\nGreenwich\nSE10 1AA",
        },
        {"relationship": "Brother", "name": "Sam Hartley"},
    ],
}
#: every page of the form, each group item and each step of the journey under the link
STEPS = (
    *(page.id for page in SCOPING.pages),
    "family-composition/1",
    "family-composition/1/remove",
    "not-known",
    "check-answers",
)


def scoping_request(
    *,
    case_agency_id: int = 11,
    agency_name: str = SCHOOL,
    case_reference: str = REFERENCE,
    revoked: bool = False,
    replaced: bool = False,
    removed: bool = False,
) -> ScopingRequest:
    return ScopingRequest(
        case_agency_id=case_agency_id,
        case_reference=case_reference,
        case_state="rapid_review_scoping",
        referral_id=5,
        agency_name=agency_name,
        representative="Ada Lovelace",
        email="dsl@agency.example",
        link_id=case_agency_id * 10,
        serial=1,
        due_on=DUE,
        expires_at=link_expiry(DUE, GRACE_DAYS),
        revoked=revoked,
        replaced=replaced,
        removed=removed,
        summary_of_case="A child was seriously injured at home; neglect is suspected.",
        time_period="From the child's birth to the incident",
    )


def issue(links: FakeScopingLinks, token: str = TOKEN, **request: Any) -> None:
    links.add(token, FoundLink(scoping_request(**request), "serious-incident", REFERRAL))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def links() -> FakeScopingLinks:
    found = FakeScopingLinks()
    issue(found)
    return found


@pytest.fixture
def returns() -> FakeScopingReturns:
    return FakeScopingReturns()


@pytest.fixture
def app(
    config: Config,
    queue: FakeQueue,
    clock: FixedClock,
    links: FakeScopingLinks,
    returns: FakeScopingReturns,
) -> Iterator[Flask]:
    yield create_app(
        config,
        referrals=FakeReferrals(),
        queue=queue,
        drafts=FakeDrafts(),
        scoping_links=links,
        scoping_returns=returns,
        clock=clock,
    )


@pytest.fixture
def agency(app: Flask) -> FlaskClient:
    return app.test_client()


def activities(queue: FakeQueue) -> list[tuple[int, str]]:
    return [(case_agency_id, activity) for case_agency_id, activity, _ in queue.activities]


def heading(response: TestResponse) -> str:
    return text(one(soup_of(response), "h1"))


def says_nothing_of_the_case(response: TestResponse) -> None:
    body = response.get_data(as_text=True)
    for secret in (REFERENCE, SCHOOL, POLICE, "Amelia", "Hartley", "neglect", "Ada Lovelace"):
        assert secret not in body, secret
    assert soup_of(response).select("form") == [], "nothing to fill in"


def check_answers(agency: FlaskClient, link: str = TOKEN) -> TestResponse:
    url = f"/scoping/{link}/check-answers"
    return agency.post(url, data={"csrf_token": token(agency, url)})


# --- links that do not open the form --------------------------------------------------------


@pytest.mark.parametrize(
    "made_up", ["A" * 43, TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "%20"], ids=str
)
def test_a_made_up_link_is_not_recognised_and_says_nothing_of_the_case(
    agency: FlaskClient, queue: FakeQueue, returns: FakeScopingReturns, made_up: str
) -> None:
    response = agency.get(f"/scoping/{made_up}")
    assert response.status_code == 404
    assert heading(response) == "This link is not recognised"
    assert "Check that you copied the whole link" in text(soup_of(response))
    says_nothing_of_the_case(response)
    assert queue.activities == [] and returns.rows == {}


@pytest.mark.parametrize("why", ["revoked", "replaced", "removed"])
def test_a_withdrawn_replaced_or_removed_agency_s_link_is_withdrawn(
    agency: FlaskClient, links: FakeScopingLinks, queue: FakeQueue, why: str
) -> None:
    issue(links, revoked=why == "revoked", replaced=why == "replaced", removed=why == "removed")
    for step in ("", *(f"/{s}" for s in STEPS), "/saved", "/confirmation"):
        response = agency.get(f"/scoping/{TOKEN}{step}")
        assert response.status_code == 410, step
        assert heading(response) == "This link has been withdrawn"
        says_nothing_of_the_case(response)
    assert "use the link in it" in text(soup_of(agency.get(f"/scoping/{TOKEN}")))
    assert queue.activities == []


def test_a_link_works_until_5pm_plus_the_grace_days_then_has_expired(
    agency: FlaskClient, clock: FixedClock, queue: FakeQueue
) -> None:
    # due Friday 27 November 2026: the link works until 5pm (GMT) on Wednesday 2 December
    expires = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    clock.now = expires - timedelta(minutes=1)
    assert agency.get(f"/scoping/{TOKEN}").status_code == 200
    clock.now = expires
    for step in ("", *(f"/{s}" for s in STEPS)):
        response = agency.get(f"/scoping/{TOKEN}{step}")
        assert response.status_code == 410, step
        assert heading(response) == "This link has expired"
        says_nothing_of_the_case(response)
    assert activities(queue) == [(11, "opened")], "only the visit before 5pm"


# --- opening, pre-filled, confirming each person ---------------------------------------------


def test_the_first_opening_is_reported_once(agency: FlaskClient, queue: FakeQueue) -> None:
    first = soup_of(agency.get(f"/scoping/{TOKEN}"))
    assert text(one(first, "h1")) == (
        "Initial scoping and information sharing form for a Rapid Review"
    )
    context = text(one(first, "#case-context"))
    assert REFERENCE in context and "neglect is suspected" in context
    assert "5pm on Friday 27 November 2026" in text(first)
    assert text(one(first, "#start")) == "Start now"
    assert activities(queue) == [(11, "opened")]

    agency.get(f"/scoping/{TOKEN}")
    other_browser = agency.application.test_client()
    other_browser.get(f"/scoping/{TOKEN}/contact")
    assert activities(queue) == [(11, "opened")], "a second opening reports nothing"


def test_section_1_is_pre_filled_child_first_and_each_person_must_be_confirmed(
    agency: FlaskClient,
) -> None:
    agency.get(f"/scoping/{TOKEN}")
    group = soup_of(agency.get(f"/scoping/{TOKEN}/family-composition"))
    cards = [
        text(one(card, ".govuk-summary-card__title"))
        for card in group.select(".govuk-summary-card")
    ]
    assert cards == [f"Person 1: {CHILD}", "Person 2: Jo Hartley", "Person 3: Sam Hartley"]
    child = soup_of(agency.get(f"/scoping/{TOKEN}/family-composition/1"))
    assert one(child, "input[name=role]")["value"] == "Subject child"
    assert one(child, "#date_of_birth-year")["value"] == "2015"
    assert "1 River Road" in text(one(child, "textarea[name=home_address]"))
    assert child.select("input[name=matches][checked]") == [], "never confirmed for them"
    mother = soup_of(agency.get(f"/scoping/{TOKEN}/family-composition/2"))
    assert one(mother, "input[name=name]")["value"] == "Jo Hartley"
    assert one(mother, "input[name=role]")["value"] == "Mother"

    response = check_answers(agency)
    assert response.status_code == 200
    summary = soup_of(response).select(".govuk-error-summary__list a")
    unconfirmed = {
        text(a): str(a["href"])
        for a in summary
        if text(a).endswith(
            ": Select whether these details match the information held on your systems"
        )
    }
    assert [t.split(":")[0] for t in unconfirmed] == [
        f"{CHILD} (person 1)",
        "Jo Hartley (person 2)",
        "Sam Hartley (person 3)",
    ], "one error per person, each naming them"
    assert list(unconfirmed.values()) == [
        f"/scoping/{TOKEN}/family-composition/{n}?change=1#matches" for n in (1, 2, 3)
    ], "each linking to that person's page, which goes back to check answers"
    for href in unconfirmed.values():
        person = soup_of(agency.get(href.split("#")[0]))
        assert person.select_one("#matches") is not None
        back = one(person, ".govuk-back-link")
        assert back["href"] == f"/scoping/{TOKEN}/check-answers"

    # confirming two of them leaves the third's error only
    for number in (1, 2):
        confirmed = confirm(agency, number)
        assert confirmed.status_code == 303, error_texts(confirmed)
    left = [
        str(a["href"])
        for a in soup_of(check_answers(agency)).select(".govuk-error-summary__list a")
        if "family-composition" in str(a["href"])
    ]
    assert left == [f"/scoping/{TOKEN}/family-composition/3?change=1#matches"]
    # changed from check answers, a person's page goes back there
    changed = confirm(agency, 3, change=True)
    assert changed.status_code == 303, error_texts(changed)
    assert changed.location.endswith(f"/scoping/{TOKEN}/check-answers")


def confirm(agency: FlaskClient, number: int, *, change: bool = False) -> TestResponse:
    """Say person ``number``'s details match, posting the rest of the page as shown."""
    url = f"/scoping/{TOKEN}/family-composition/{number}" + ("?change=1" if change else "")
    page = soup_of(agency.get(url))
    values: dict[str, list[str]] = {}
    for box in page.select("input[type=text]"):
        values.setdefault(str(box["name"]), []).append(str(box.get("value", "")))
    for area in page.select("textarea"):
        values[str(area["name"])] = [area.get_text()]
    return post(agency, url, {**values, "matches": ["yes"]})


# --- drafts through the same link ------------------------------------------------------------


def test_save_and_come_back_later_keeps_the_answers_for_the_next_visit(
    agency: FlaskClient, queue: FakeQueue, clock: FixedClock
) -> None:
    agency.get(f"/scoping/{TOKEN}")
    clock.advance(minutes=20)
    saved = post(agency, f"/scoping/{TOKEN}/contact", contact("Grace Hopper"), "save")
    assert saved.status_code == 303 and saved.location.endswith(f"/scoping/{TOKEN}/saved")
    page = soup_of(agency.get(saved.location))
    assert text(one(page, "h1")) == "Your answers have been saved"
    assert "It is the same link" in text(page)
    assert activities(queue) == [(11, "opened"), (11, "draft_saved")]

    clock.advance(days=3)
    later = agency.application.test_client()
    start = soup_of(later.get(f"/scoping/{TOKEN}"))
    assert text(one(start, "#start")) == "Continue"
    resumed = soup_of(later.get(f"/scoping/{TOKEN}/contact"))
    assert one(resumed, "input[name=completer_name]")["value"] == "Grace Hopper"
    assert one(resumed, "input[name=completer_email]")["value"] == "dsl@agency.example"
    assert activities(queue) == [(11, "opened"), (11, "draft_saved")]


# --- returning the form -----------------------------------------------------------------------


def test_the_form_is_returned_once_however_often_check_answers_is_posted(
    agency: FlaskClient, queue: FakeQueue, returns: FakeScopingReturns
) -> None:
    url = f"/scoping/{TOKEN}/check-answers"
    agency.get(f"/scoping/{TOKEN}")
    # the check answers page as a second tab holds it, with its form and CSRF token
    csrf = token(agency, url)
    returned = return_form(agency, TOKEN)
    assert returned.status_code == 303, error_texts(returned)
    assert returned.location.endswith(f"/scoping/{TOKEN}/confirmation")
    confirmation = soup_of(agency.get(returned.location))
    assert text(one(confirmation, ".govuk-panel__title")) == "Form returned"
    assert REFERENCE in text(one(confirmation, ".govuk-panel"))
    kept = returns.rows[11]
    assert kept.status == "returned" and kept.submitted_at == NOW

    for _ in range(2):  # the other tab posts it again, then the back button and again
        replay = agency.post(url, data={"csrf_token": csrf})
        assert replay.status_code == 303
        assert replay.location.endswith(f"/scoping/{TOKEN}")
    assert activities(queue) == [(11, "opened"), (11, "returned")]
    assert returns.rows[11] == kept


def test_after_returning_every_page_leads_to_the_read_only_form(
    agency: FlaskClient, returns: FakeScopingReturns, queue: FakeQueue
) -> None:
    agency.get(f"/scoping/{TOKEN}")
    csrf = token(agency, f"/scoping/{TOKEN}/involvement")
    assert return_form(agency, TOKEN).status_code == 303
    kept = returns.rows[11]

    for step in STEPS:
        response = agency.get(f"/scoping/{TOKEN}/{step}")
        assert response.status_code == 303, step
        assert response.location.endswith(f"/scoping/{TOKEN}"), step
    changed = agency.post(
        f"/scoping/{TOKEN}/involvement",
        data={
            "csrf_token": csrf,
            "involvement_summary": "Rewritten after returning.",
            "practice_analysis": "x",
            "partnership_concerns": "x",
        },
    )
    assert changed.status_code == 303 and changed.location.endswith(f"/scoping/{TOKEN}")
    saved = agency.post(
        f"/scoping/{TOKEN}/contact",
        data={"csrf_token": csrf, **contact("Someone Else"), "action": "save"},
    )
    assert saved.status_code == 303 and saved.location.endswith(f"/scoping/{TOKEN}")
    assert returns.rows[11] == kept, "nothing changed"
    assert [a for _, a in activities(queue)] == ["opened", "returned"]

    shown = soup_of(agency.get(f"/scoping/{TOKEN}"))
    assert text(one(shown, "h1")) == "This form has been returned"
    assert "can no longer be changed through this link" in text(one(shown, "#returned-status"))
    assert "Health visiting since birth" in text(shown)
    assert "Rewritten after returning" not in text(shown)
    assert shown.select("form") == [] and shown.select("#start") == []


# --- not known to our agency -------------------------------------------------------------------


def test_not_known_to_our_agency_asks_who_says_so_and_counts_as_the_return(
    agency: FlaskClient, queue: FakeQueue, returns: FakeScopingReturns
) -> None:
    start = soup_of(agency.get(f"/scoping/{TOKEN}"))
    url = str(one(start, "#not-known")["href"])
    assert url == f"/scoping/{TOKEN}/not-known"

    empty = post(agency, url, {})
    assert empty.status_code == 200
    assert error_texts(empty) == [
        "Enter the name of the person completing this form",
        "Enter the agency and job title of the person completing this form",
        "Enter the telephone number of the person completing this form",
        "Enter the email address of the person completing this form",
    ]
    assert text(one(soup_of(empty), "title")).startswith("Error: Confirm the child and family")
    assert returns.rows[11].status == "draft"
    assert [a for _, a in activities(queue)] == ["opened"]

    said = post(agency, url, contact("DI Sam Jones"))
    assert said.status_code == 303 and said.location.endswith(f"/scoping/{TOKEN}/confirmation")
    confirmation = soup_of(agency.get(said.location))
    assert text(one(confirmation, ".govuk-panel__title")) == "Thank you for confirming"
    assert returns.rows[11].status == "not_known"
    assert returns.rows[11].answers["completer_name"] == "DI Sam Jones"
    assert [a for _, a in activities(queue)] == ["opened", "not_known"]

    assert agency.get(url).status_code == 303, "read-only once said"
    shown = soup_of(agency.get(f"/scoping/{TOKEN}"))
    assert text(one(shown, "h1")) == "This form has been returned"
    assert "not known to it" in text(one(shown, "#returned-status"))


# --- reopened by ops ---------------------------------------------------------------------------


def test_a_reopened_return_is_editable_again_with_the_reason_shown(
    agency: FlaskClient, returns: FakeScopingReturns, queue: FakeQueue, clock: FixedClock
) -> None:
    agency.get(f"/scoping/{TOKEN}")
    assert return_form(agency, TOKEN).status_code == 303
    clock.advance(days=1)
    assert returns.reopen(11, "Please add the school nurse's involvement.", clock())

    start = soup_of(agency.get(f"/scoping/{TOKEN}"))
    banner = text(one(start, ".govuk-notification-banner"))
    assert "The partnership reopened your return" in banner
    assert "Please add the school nurse's involvement." in banner
    page = soup_of(agency.get(f"/scoping/{TOKEN}/involvement"))
    assert "Health visiting since birth" in text(one(page, "textarea[name=involvement_summary]"))

    changed = post(
        agency,
        f"/scoping/{TOKEN}/involvement",
        {
            "involvement_summary": "Health visiting since birth; the school nurse saw him in June.",
            "practice_analysis": "Visits were timely.",
            "partnership_concerns": "None identified.",
        },
    )
    assert changed.status_code == 303, error_texts(changed)
    again = check_answers(agency)
    assert again.status_code == 303, error_texts(again)
    assert returns.rows[11].status == "returned"
    assert "school nurse" in returns.rows[11].answers["involvement_summary"]
    assert [a for _, a in activities(queue)] == ["opened", "returned", "returned"]


# --- one link, one agency's return --------------------------------------------------------------


def test_each_agency_s_link_opens_only_its_own_return(
    app: Flask, links: FakeScopingLinks, returns: FakeScopingReturns, queue: FakeQueue
) -> None:
    issue(links, POLICE_TOKEN, case_agency_id=12, agency_name=POLICE)
    school, police = app.test_client(), app.test_client()
    school.get(f"/scoping/{TOKEN}")
    post(school, f"/scoping/{TOKEN}/contact", contact("Ada Lovelace"), "save")

    police_start = soup_of(police.get(f"/scoping/{POLICE_TOKEN}"))
    assert text(one(police_start, ".govuk-caption-l")) == f"Appendix iii: {POLICE}"
    police_contact = soup_of(police.get(f"/scoping/{POLICE_TOKEN}/contact"))
    assert one(police_contact, "input[name=completer_name]").get("value", "") == ""
    said = post(police, f"/scoping/{POLICE_TOKEN}/not-known", contact("DI Sam Jones"))
    assert said.status_code == 303

    assert returns.rows[11].status == "draft"
    assert returns.rows[11].answers["completer_name"] == "Ada Lovelace"
    assert returns.rows[12].status == "not_known"
    assert returns.rows[12].answers["completer_name"] == "DI Sam Jones"
    school_start = soup_of(school.get(f"/scoping/{TOKEN}"))
    assert text(one(school_start, ".govuk-caption-l")) == f"Appendix iii: {SCHOOL}"
    assert text(one(school_start, "h1")) != "This form has been returned"
    # one agency's browser using the other's link sees the other's return only
    crossed = soup_of(school.get(f"/scoping/{POLICE_TOKEN}"))
    assert text(one(crossed, "h1")) == "This form has been returned"
    assert POLICE in text(crossed) and SCHOOL not in text(crossed)
    assert sorted(activities(queue)) == [
        (11, "draft_saved"),
        (11, "opened"),
        (12, "not_known"),
        (12, "opened"),
    ]
