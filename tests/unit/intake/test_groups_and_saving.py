"""Add-another groups, save and come back later, the PDF copy (fakes behind the app)."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from services.intake import views_finish
from shared.forms.registry import FORMS
from shared.forms.samples import answers
from tests.support.journey import error_texts, fill, one, post, soup_of, submit, text
from tests.unit.intake.fakes import FakeCopies, FakeDrafts, FakeQueue, FixedClock

TODAY = date(2026, 11, 20)
SI = FORMS["serious-incident"]
FAMILY = "/referrals/serious-incident/family-members"
MEMBER = {"name": "Jo Bloggs", "relationship": "Mother"}


def test_add_change_and_remove_family_members(client: FlaskClient) -> None:
    listed = soup_of(client.get(FAMILY))
    assert "Do you need to add a family member or significant other?" in text(listed)
    assert post(client, FAMILY, {"add_another": "yes"}).headers["Location"] == f"{FAMILY}/1"
    assert post(client, f"{FAMILY}/1", MEMBER).headers["Location"] == FAMILY
    assert post(client, f"{FAMILY}/2", {**MEMBER, "name": "Sam Bloggs"}).status_code == 303
    post(client, f"{FAMILY}/1", {**MEMBER, "relationship": "Grandmother"})
    cards = [text(c) for c in soup_of(client.get(FAMILY)).select(".govuk-summary-card")]
    assert len(cards) == 2
    assert "Family member or significant other 1: Jo Bloggs" in cards[0]
    assert "Grandmother" in cards[0]
    confirm = soup_of(client.get(f"{FAMILY}/1/remove"))
    assert "Are you sure you want to remove Family member or significant other 1" in text(confirm)
    assert post(client, f"{FAMILY}/1/remove", {"confirm": "yes"}).status_code == 303
    cards = [text(c) for c in soup_of(client.get(FAMILY)).select(".govuk-summary-card")]
    assert len(cards) == 1 and "Sam Bloggs" in cards[0]


def test_an_item_with_errors_keeps_what_was_typed(client: FlaskClient) -> None:
    response = post(client, f"{FAMILY}/1", {"name": "Jo", "date_of_birth": ["1", "13", "1990"]})
    assert error_texts(response) == [
        "Enter their relationship to the child",
        "Their date of birth must be a real date",
    ]
    assert one(soup_of(response), "#name")["value"] == "Jo"


def test_the_add_another_question_must_be_answered(client: FlaskClient) -> None:
    response = post(client, FAMILY, {})
    assert error_texts(response) == [
        "Select yes if you need to add a family member or significant other"
    ]
    assert text(one(soup_of(response), "title")).startswith("Error:")


def test_items_cannot_be_skipped(client: FlaskClient) -> None:
    assert client.get(f"{FAMILY}/2").status_code == 404
    assert client.get(f"{FAMILY}/1/remove").status_code == 404


def test_save_and_come_back_later_by_a_single_use_link(
    client: FlaskClient, app: object, queue: FakeQueue, drafts: FakeDrafts
) -> None:
    post(client, "/referrals/serious-incident/referrer", {"referrer_name": "Sam"}, "save")
    # the page did not pass its checks: what was typed is kept anyway
    saving = post(client, "/referrals/serious-incident/save", {"email": "not an email"})
    assert error_texts(saving)[0].startswith("Enter your email address in the correct format")
    done = post(client, "/referrals/serious-incident/save", {"email": "sam@school.example"})
    assert done.headers["Location"] == "/referrals/serious-incident/saved"
    assert "link works once" in text(soup_of(client.get(done.headers["Location"])))
    ((draft_id, serial, secret),) = queue.resume_links
    assert (draft_id, serial) == (1, 1)
    assert len(secret) >= 43  # 256 bits, URL-safe

    other = app.test_client()  # type: ignore[attr-defined]
    resumed = other.get(f"/referrals/serious-incident/resume/{secret}")
    assert resumed.headers["Location"] == "/referrals/serious-incident/referrer"
    page = soup_of(other.get("/referrals/serious-incident/referrer"))
    assert one(page, "#referrer_name")["value"] == "Sam"
    assert "Enter the agency designation and title" in text(one(page, ".govuk-error-summary"))

    again = app.test_client().get(f"/referrals/serious-incident/resume/{secret}")  # type: ignore[attr-defined]
    assert again.status_code == 404
    assert "This link cannot be used" in text(soup_of(again))


@pytest.mark.parametrize("secret", ["nope", "x" * 43, "x" * 500])
def test_a_wrong_resume_link_reveals_nothing(client: FlaskClient, secret: str) -> None:
    response = client.get(f"/referrals/serious-incident/resume/{secret}")
    assert response.status_code == 404
    assert "This link cannot be used" in text(soup_of(response))


def test_drafts_expire_after_the_retention_period(
    client: FlaskClient, clock: FixedClock, drafts: FakeDrafts
) -> None:
    post(client, "/referrals/serious-incident/referrer", {"referrer_name": "Sam"})
    clock.advance(days=29)
    page = soup_of(client.get("/referrals/serious-incident/referrer"))
    assert one(page, "#referrer_name").get("value") in (None, "")
    assert drafts.delete_expired(clock()) == 1


def test_the_pdf_copy_is_offered_to_this_browser_for_a_limited_time(
    client: FlaskClient, copies: FakeCopies, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = submit(client, SI, answers(SI, today=TODAY))
    copy_url = "/referrals/serious-incident/confirmation/copy.pdf"
    confirmation = soup_of(client.get("/referrals/serious-incident/confirmation"))
    assert one(confirmation, f"a[href='{copy_url}']")
    pending = client.get(copy_url)
    assert pending.status_code == 202 and "still being made" in text(soup_of(pending))
    copies.pdfs[reference] = b"%PDF-1.7 copy"
    got = client.get(copy_url)
    assert got.status_code == 200 and got.data == b"%PDF-1.7 copy"
    assert got.headers["Cache-Control"] == "no-store"
    copies.available = False
    assert client.get(copy_url).status_code == 503
    later = views_finish.time.time() + 3601
    monkeypatch.setattr(views_finish.time, "time", lambda: later)
    assert client.get(copy_url).status_code == 404


def test_the_confirmation_and_copy_need_the_session_that_sent_the_referral(
    client: FlaskClient, app: object
) -> None:
    submit(client, SI, answers(SI, today=TODAY))
    stranger = app.test_client()  # type: ignore[attr-defined]
    assert stranger.get("/referrals/serious-incident/confirmation").status_code == 302
    assert stranger.get("/referrals/serious-incident/confirmation/copy.pdf").status_code == 404


def test_a_resumed_complete_draft_goes_to_check_answers(
    client: FlaskClient, app: object, queue: FakeQueue
) -> None:
    fill(client, SI, answers(SI, today=TODAY))
    post(client, "/referrals/serious-incident/save", {"email": "sam@school.example"})
    secret = queue.resume_links[-1][2]
    resumed = app.test_client().get(f"/referrals/serious-incident/resume/{secret}")  # type: ignore[attr-defined]
    assert resumed.headers["Location"] == "/referrals/serious-incident/check-answers"
