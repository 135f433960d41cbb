"""The referral journeys, page by page, with fakes behind the app (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS
from shared.forms.samples import answers
from tests.support.journey import (
    error_texts,
    fill,
    fill_page,
    one,
    post,
    send,
    soup_of,
    submit,
    text,
    token,
)
from tests.unit.intake.fakes import FakeQueue, FakeReferrals

TODAY = date(2026, 11, 20)
BOTH = pytest.mark.parametrize("form", [FORMS[f] for f in REFERRAL_FORMS], ids=REFERRAL_FORMS)
SI = FORMS["serious-incident"]


def test_the_start_page_offers_both_forms_in_the_seeds_words(client: FlaskClient) -> None:
    page = soup_of(client.get("/"))
    links = {a["href"] for a in page.select("main a.govuk-link")}
    assert {"/referrals/serious-incident", "/referrals/practice-learning"} <= links
    body = text(page)
    assert "abuse or neglect of a child is known or suspected" in body
    assert "no harm" in body


@BOTH
def test_each_form_starts_with_its_own_introduction(client: FlaskClient, form: Form) -> None:
    page = soup_of(client.get(f"/referrals/{form.id}"))
    assert text(one(page, "h1")) == form.title
    assert form.intro[0][:40] in text(page)
    assert one(page, "a.govuk-button--start")["href"] == f"/referrals/{form.id}/new"


def test_an_unknown_form_or_page_is_not_found(client: FlaskClient) -> None:
    assert client.get("/referrals/scoping").status_code == 404
    assert client.get("/referrals/serious-incident/no-such-page").status_code == 404
    assert client.get("/referrals/serious-incident/family-members/5").status_code == 404


@BOTH
def test_every_page_shows_the_definitions_labels(client: FlaskClient, form: Form) -> None:
    for page in form.pages:
        url = f"/referrals/{form.id}/{page.id}"
        shown = text(soup_of(client.get(url)))
        assert page.title in shown
        questions = page.repeating.questions if page.repeating else page.questions
        if page.repeating:
            shown = text(soup_of(client.get(f"{url}/1")))
        for question in questions:
            assert question.label in shown, (url, question.id)


def test_an_empty_page_lists_every_problem_and_links_to_each_field(client: FlaskClient) -> None:
    response = post(client, "/referrals/serious-incident/child", {})
    page = soup_of(response)
    assert response.status_code == 200
    assert text(one(page, "title")).startswith("Error:")
    summary = page.select(".govuk-error-summary__list a")
    assert [text(a) for a in summary] == [
        "Enter the child's name",
        "Enter the child's date of birth",
    ]
    for link in summary:
        assert page.select_one(str(link["href"])) is not None, link["href"]


def test_what_was_typed_is_kept_and_only_wrong_fields_are_marked(client: FlaskClient) -> None:
    response = post(
        client,
        "/referrals/serious-incident/child",
        {"child_name": "Amelia <b>Hartley</b>", "child_date_of_birth": ["31", "2", "2019"]},
    )
    page = soup_of(response)
    assert error_texts(response) == ["Child's date of birth must be a real date"]
    assert one(page, "#child_name")["value"] == "Amelia <b>Hartley</b>"
    assert one(page, "#child_date_of_birth-day")["value"] == "31"
    assert "<b>" not in response.get_data(as_text=True).split('id="child_name"')[0][-200:]


@BOTH
def test_a_complete_referral_is_stored_once_handed_off_and_confirmed(
    client: FlaskClient, referrals: FakeReferrals, queue: FakeQueue, form: Form
) -> None:
    sample = answers(form, today=TODAY, items=2)
    reference = submit(client, form, sample)
    assert reference == "TEST-2026-0001"
    (row,) = referrals.rows
    assert (row["form_id"], row["form_version"], row["kind"]) == (form.id, 1, form.route)
    assert row["answers"] == sample
    assert queue.opened == [row["id"]]


def test_sending_twice_or_going_back_never_makes_a_second_referral(
    client: FlaskClient, referrals: FakeReferrals
) -> None:
    fill(client, SI, answers(SI, today=TODAY))
    url = "/referrals/serious-incident/check-answers"
    csrf = token(client, url)
    first = client.post(url, data={"csrf_token": csrf})
    replay = client.post(url, data={"csrf_token": csrf})
    assert first.status_code == replay.status_code == 303
    back = client.get("/referrals/serious-incident/child")
    assert back.headers["Location"] == "/referrals/serious-incident/confirmation"
    assert len(referrals.rows) == 1


def test_check_answers_shows_every_section_and_links_back_to_the_page(
    client: FlaskClient,
) -> None:
    fill(client, SI, answers(SI, today=TODAY, items=2))
    page = soup_of(client.get("/referrals/serious-incident/check-answers"))
    headings = [text(h) for h in page.select("h2.govuk-heading-m")]
    assert headings[:3] == [s.title for s in SI.sections]
    change = [
        a["href"]
        for a in page.select(".govuk-summary-list__actions a, .govuk-summary-card__actions a")
    ]
    assert "/referrals/serious-incident/child?change=1#child_name" in change
    assert "/referrals/serious-incident/family-members/2" in change
    assert "Family member or significant other 2: Jo Example 2" in text(page)


def test_a_missing_answer_is_reported_on_check_answers_with_a_link(
    client: FlaskClient, referrals: FakeReferrals
) -> None:
    sample = answers(SI, today=TODAY)
    client.get("/referrals/serious-incident/new")
    for page in SI.pages:
        if page.id != "case-background":  # skipped, as by a referrer following a bookmark
            fill_page(client, SI, page, sample)
    response = send(client, SI)
    assert response.status_code == 200
    links = soup_of(response).select(".govuk-error-summary__list a")
    assert "Enter a brief outline" in text(links[0])
    assert str(links[0]["href"]).startswith("/referrals/serious-incident/case-background?change=1")
    assert referrals.rows == []


def test_a_change_link_returns_to_check_answers(client: FlaskClient) -> None:
    fill(client, SI, answers(SI, today=TODAY))
    response = post(
        client, "/referrals/serious-incident/siblings?change=1", {"siblings_action": "None."}
    )
    assert response.headers["Location"] == "/referrals/serious-incident/check-answers"


def test_the_reference_is_shown_even_when_the_queue_is_down(
    client: FlaskClient, queue: FakeQueue, referrals: FakeReferrals
) -> None:
    queue.available = False
    assert submit(client, SI, answers(SI, today=TODAY)) == "TEST-2026-0001"
    assert referrals.rows[0]["handed_off_at"] is None


def test_a_post_without_the_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/referrals/serious-incident/child", data={"child_name": "x"})
    assert response.status_code == 400
    assert "Your session has expired" in text(soup_of(response))


def test_health(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok", "service": "intake"}
