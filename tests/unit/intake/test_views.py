from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.intake.forms import OUTLINE_LABEL
from tests.unit.intake.factories import form_data
from tests.unit.intake.fakes import FakeQueue, FakeReferrals, FixedClock

FORM = "/referrals/serious-incident"
CONFIRMATION = "/referrals/serious-incident/confirmation"
EMPTY = form_data(
    child_name="", dob=("", "", ""), referrer_name="", referrer_agency="", referrer_email="",
    outline="",
)  # fmt: skip
ALL_ERRORS = [
    ("Enter the child's name", "#child_name"),
    ("Enter the child's date of birth", "#child_date_of_birth-day"),
    ("Enter the name of the person making the referral", "#referrer_name"),
    ("Enter your agency designation and title", "#referrer_agency"),
    ("Enter an email address", "#referrer_email"),
    ("Enter a brief outline of the child and family circumstances and the incident", "#outline"),
]


def soup_of(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def one(node: Tag, selector: str) -> Tag:
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def value(page: Tag, field_id: str) -> str:
    return str(one(page, f"#{field_id}")["value"])


def post_form(client: FlaskClient, data: dict[str, str | list[str]]) -> TestResponse:
    token = one(soup_of(client.get(FORM)), "input[name=csrf_token]")["value"]
    return client.post(FORM, data={**data, "csrf_token": token})


def reference_shown(client: FlaskClient) -> str:
    return text(one(soup_of(client.get(CONFIRMATION)), ".govuk-panel strong"))


def test_start_page_explains_the_service_and_links_to_the_form(client: FlaskClient) -> None:
    page = soup_of(client.get("/"))
    assert text(one(page, "h1")) == "Refer a serious safeguarding incident"
    body = text(one(page, "main"))
    assert "Multi Agency Safeguarding Hub (MASH)" in body
    assert "abuse or neglect of a child is known or suspected" in body
    assert "What happens next" in body
    assert "Learning from Practice Group" in body
    start = one(page, "a.govuk-button--start")
    assert start["href"] == FORM
    assert text(start) == "Start now"
    assert "Greenwich Safeguarding Children Partnership" in text(one(page, "header"))


def test_the_form_uses_the_seed_forms_wording(client: FlaskClient) -> None:
    page = soup_of(client.get(FORM))
    assert text(one(page, "h1")) == "Referral of a serious incident"
    intro = text(one(page, "main"))
    assert "Serious child safeguarding cases are those in which:" in intro
    assert "abuse or neglect of a child is known or suspected and" in intro
    assert "the child has died or been seriously harmed" in intro
    assert [text(legend) for legend in page.select("legend")] == [
        "Background Information", "Date of Birth", "Agency Referral", "Contact Details",
        "Section 2: Case Background",
    ]  # fmt: skip
    labels = {str(label["for"]): text(label) for label in page.select("label[for]")}
    assert labels == {
        "child_name": "Name of Child",
        "child_date_of_birth-day": "Day",
        "child_date_of_birth-month": "Month",
        "child_date_of_birth-year": "Year",
        "referrer_name": "Name of Person Making referral",
        "referrer_agency": "Agency Designation and Title",
        "referrer_email": "E-mail address",
        "outline": OUTLINE_LABEL,
    }
    assert OUTLINE_LABEL == (
        "Please provide a brief outline of the child and family circumstances and the "
        "incident that triggered this referral:"
    )
    assert text(one(page, "#outline-hint")).startswith(
        "Please note: the information you provide will be used to help establish whether the "
        "case meets the criteria for a Child Safeguarding Practice Review"
    )
    email = one(page, "input#referrer_email")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    form = one(page, "form")
    assert form.has_attr("novalidate") and form["method"] == "post"
    assert text(one(form, "button")) == "Submit referral"
    assert one(form, "input[name=csrf_token]")["value"]


def test_an_empty_submission_lists_every_problem_and_links_to_each_field(
    client: FlaskClient, referrals: FakeReferrals, queue: FakeQueue
) -> None:
    response = post_form(client, EMPTY)
    assert response.status_code == 200
    page = soup_of(response)
    assert text(one(page, "title")).startswith("Error: ")
    summary = one(page, ".govuk-error-summary")
    assert text(one(summary, ".govuk-error-summary__title")) == "There is a problem"
    assert [(text(a), a["href"]) for a in summary.select("a")] == ALL_ERRORS
    for _, href in ALL_ERRORS:
        target = one(page, str(href))
        assert target.name in ("input", "textarea")
        group = target.find_parent(class_="govuk-form-group")
        if href.endswith("-day"):  # the date input's group is outside its own item groups
            group = one(page, "#child_date_of_birth").find_parent(class_="govuk-form-group")
        assert isinstance(group, Tag)
        assert "govuk-form-group--error" in group["class"]
    assert len(page.select(".govuk-error-message")) == len(ALL_ERRORS)
    assert referrals.rows == [] and queue.opened == []


def test_what_was_typed_is_kept_and_only_the_wrong_fields_are_marked(
    client: FlaskClient, referrals: FakeReferrals
) -> None:
    data = form_data(
        child_name="  Amelia Hartley-O'Brien ", dob=("30", "2", "2019"),
        referrer_email="sam at school", outline="Line one\r\nLine <two>",
    )  # fmt: skip
    response = post_form(client, data)
    page = soup_of(response)
    assert [text(a) for a in page.select(".govuk-error-summary a")] == [
        "Date of birth must be a real date",
        "Enter an email address in the correct format, like name@example.com",
    ]
    assert value(page, "child_name") == "  Amelia Hartley-O'Brien "
    dob = [value(page, f"child_date_of_birth-{part}") for part in ("day", "month", "year")]
    assert dob == ["30", "2", "2019"]
    assert value(page, "referrer_email") == "sam at school"
    assert (
        value(page, "referrer_agency") == "Designated Safeguarding Lead, Riverside Primary School"
    )
    assert one(page, "textarea#outline").get_text() == "Line one\r\nLine <two>"
    assert "Line &lt;two&gt;" in response.get_data(as_text=True)
    in_error = [one(group, "input, textarea")["id"]
                for group in page.select(".govuk-form-group--error")]  # fmt: skip
    assert in_error == ["child_date_of_birth-day", "referrer_email"]
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in one(page, f"#child_date_of_birth-{part}")["class"]
    assert referrals.rows == []


def test_a_valid_referral_is_stored_handed_off_and_confirmed(
    client: FlaskClient, referrals: FakeReferrals, queue: FakeQueue, clock: FixedClock
) -> None:
    response = post_form(client, form_data())
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.endswith(CONFIRMATION) and "TEST-" not in location
    (row,) = referrals.rows
    assert row["kind"] == "serious_incident"
    assert row["received_at"] == clock.now
    assert row["answers"] == {
        "child_name": "Amelia Hartley-O'Brien",
        "child_date_of_birth": "2019-03-14",
        "referrer_name": "Sam Practitioner",
        "referrer_agency": "Designated Safeguarding Lead, Riverside Primary School",
        "referrer_email": "sam.practitioner@school.example",
        "outline": "Admitted to hospital with unexplained injuries.\nSiblings with grandparents.",
    }
    assert queue.opened == [row["id"]]
    assert row["handed_off_at"] == clock.now

    page = soup_of(client.get(CONFIRMATION))
    panel = one(page, ".govuk-panel")
    assert text(one(panel, ".govuk-panel__title")) == "Referral received"
    assert text(one(panel, ".govuk-panel__body")) == "Your reference number TEST-2026-0001"
    assert text(one(panel, "strong")) == "TEST-2026-0001"
    main = text(one(page, "main"))
    assert "within five working days" in main.lower()
    assert "Chair of the Learning from Practice Group" in main
    assert (
        "A multi-agency Rapid Review of your referral will be undertaken and you will be "
        "informed of the outcome."
    ) in main
    html = page.decode()
    for personal in ("Amelia", "Hartley", "Sam Practitioner", "school.example", "2019"):
        assert personal not in html


def test_the_reference_is_shown_even_when_the_queue_is_down(
    client: FlaskClient,
    referrals: FakeReferrals,
    queue: FakeQueue,
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue.available = False
    with caplog.at_level(logging.WARNING):
        response = post_form(client, form_data())
    assert response.status_code == 303
    (row,) = referrals.rows
    assert row["handed_off_at"] is None
    assert reference_shown(client) == "TEST-2026-0001"
    assert f"referral {row['id']} stored" in caplog.text
    assert "Amelia" not in caplog.text and "school.example" not in caplog.text


def test_references_count_up(client: FlaskClient, referrals: FakeReferrals) -> None:
    for _ in range(2):
        post_form(client, form_data())
    assert [row["reference"] for row in referrals.rows] == ["TEST-2026-0001", "TEST-2026-0002"]
    assert reference_shown(client) == "TEST-2026-0002"


def test_the_confirmation_needs_the_session_that_made_the_referral(
    app: Flask, client: FlaskClient
) -> None:
    response = client.get(CONFIRMATION)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    post_form(client, form_data())
    stranger = app.test_client()
    response = stranger.get(CONFIRMATION)
    assert response.status_code == 302
    assert "TEST-2026-0001" not in response.get_data(as_text=True)
    assert stranger.get(f"{CONFIRMATION}/TEST-2026-0001").status_code == 404
    assert stranger.get(f"{CONFIRMATION}?reference=TEST-2026-0001").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(
    client: FlaskClient, referrals: FakeReferrals
) -> None:
    response = client.post(FORM, data=form_data())
    assert response.status_code == 400
    assert text(one(soup_of(response), "h1")) == "Your session has expired"
    assert referrals.rows == []


def test_today_is_the_date_in_london(
    client: FlaskClient, referrals: FakeReferrals, clock: FixedClock
) -> None:
    clock.now = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    post_form(client, form_data(dob=("1", "7", "2026")))
    assert [row["answers"]["child_date_of_birth"] for row in referrals.rows] == ["2026-07-01"]


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (["14"], "Date of birth must include a month and year"),
        ([], "Enter the child's date of birth"),
        (["14", "3", "2019", "extra"], None),
    ],
)
def test_a_malformed_date_post_does_not_break_the_page(
    client: FlaskClient, referrals: FakeReferrals, posted: list[str], message: str | None
) -> None:
    data = form_data()
    data["child_date_of_birth"] = posted
    response = post_form(client, data)
    if message is None:
        assert response.status_code == 303
        assert referrals.rows[0]["answers"]["child_date_of_birth"] == "2019-03-14"
    else:
        assert message in text(one(soup_of(response), ".govuk-error-summary"))
        assert referrals.rows == []


def test_health(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"service": "intake", "status": "ok"}
