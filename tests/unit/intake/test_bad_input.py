"""Bad input gets a clear message on the right field, loses nothing and never a 500."""

from __future__ import annotations

import io
from datetime import date

from flask.testing import FlaskClient

from shared.forms.registry import FORMS
from shared.forms.samples import answers
from tests.support.journey import error_texts, one, post, soup_of, submit, text, token
from tests.unit.intake.fakes import FakeReferrals

TODAY = date(2026, 11, 20)
SI = FORMS["serious-incident"]
CHILD = "/referrals/serious-incident/child"
BACKGROUND = "/referrals/serious-incident/case-background"


def test_control_and_bidirectional_characters_never_reach_the_store(
    client: FlaskClient, referrals: FakeReferrals
) -> None:
    sample = answers(SI, today=TODAY)
    spoofed = {**sample, "child_name": "Amelia\x00 \u202eNIBOR\u202c\u2066 Hartley\x07"}
    submit(client, SI, spoofed)
    assert referrals.rows[0]["answers"]["child_name"] == "Amelia NIBOR Hartley"


def test_a_100000_character_answer_is_refused_on_its_field_and_kept(
    client: FlaskClient,
) -> None:
    typed = "a" * 100_000
    response = post(client, BACKGROUND, {"outline": typed, "referral_reason": "Why"})
    assert response.status_code == 200
    assert error_texts(response) == [
        "Brief outline of the child and family circumstances and the incident must be "
        "10,000 characters or fewer"
    ]
    assert one(soup_of(response), "#outline").get_text() == typed


def test_undecodable_bytes_are_reported_on_the_field(client: FlaskClient) -> None:
    csrf = token(client, CHILD)
    body = f"csrf_token={csrf}&child_name=Am%FFelia&action=continue".encode()
    response = client.post(CHILD, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert error_texts(response)[0] == (
        "Child's name contains characters that could not be read: type them again"
    )


def test_dates_that_do_not_exist_and_future_dates_are_refused(client: FlaskClient) -> None:
    for parts, message in (
        (["29", "2", "2023"], "Child's date of birth must be a real date"),
        (["1", "1", "2030"], "Child's date of birth must be today or in the past"),
        (["1", "1", "26"], "Year must include 4 numbers"),
        (["", "3", "2019"], "Child's date of birth must include a day"),
    ):
        response = post(client, CHILD, {"child_name": "Jo", "child_date_of_birth": parts})
        assert error_texts(response) == [message]


def test_a_date_posted_with_too_many_or_too_few_parts_does_not_break_the_page(
    client: FlaskClient,
) -> None:
    for parts in (["1"], ["1", "2", "2019", "4", "5"], []):
        response = post(client, CHILD, {"child_name": "Jo", "child_date_of_birth": parts})
        assert response.status_code in (200, 303)


def test_a_body_over_the_size_limit_is_refused_not_cut(client: FlaskClient) -> None:
    csrf = token(client, BACKGROUND)
    big = {"csrf_token": csrf, "outline": "a" * (3 * 1024 * 1024)}
    response = client.post(BACKGROUND, data=big)
    assert response.status_code == 413
    assert "Too much data was sent" in text(soup_of(response))


def test_an_unknown_choice_value_is_refused_with_the_fields_message(
    client: FlaskClient,
) -> None:
    response = post(
        client,
        "/referrals/serious-incident/circumstances",
        {"looked_after": "maybe", "incident_type": "<script>"},
    )
    errors = error_texts(response)
    assert "Select yes if the child or young person is looked after, or no" in errors
    assert "Select whether the child died or was seriously harmed" in errors


def test_a_chunked_body_over_the_size_limit_is_refused_not_cut(client: FlaskClient) -> None:
    csrf = token(client, BACKGROUND)
    body = f"csrf_token={csrf}&action=continue&referral_reason=x&outline=".encode()
    response = client.post(
        BACKGROUND,
        input_stream=io.BytesIO(body + b"a" * (3 * 1024 * 1024)),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert "Too much data was sent" in text(soup_of(response))


def test_a_chunked_body_within_the_limit_is_read_whole(client: FlaskClient) -> None:
    csrf = token(client, BACKGROUND)
    body = f"csrf_token={csrf}&action=continue&outline=Outline&referral_reason=Why".encode()
    response = client.post(
        BACKGROUND,
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 303
