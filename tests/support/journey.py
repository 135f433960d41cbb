"""Drive a referral form through the web pages as a browser would (Flask test client).

Used by the unit tests (fakes behind the app) and the integration tests (PostgreSQL and Redis
behind it) alike: the answers are posted page by page, item by item, with the CSRF token of
each page, so the test goes through the real path a referrer takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from shared.forms.model import Form, Page
from shared.webforms import raw_of


def soup_of(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def one(node: Tag, selector: str) -> Tag:
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def error_texts(response: TestResponse) -> list[str]:
    return [text(li) for li in soup_of(response).select(".govuk-error-summary__list li")]


def token(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return str(one(soup_of(page), "input[name=csrf_token]")["value"])


def post(
    client: FlaskClient, url: str, data: Mapping[str, Any], action: str = "continue"
) -> TestResponse:
    return client.post(url, data={**data, "csrf_token": token(client, url), "action": action})


def page_url(form: Form, page: Page) -> str:
    return f"/referrals/{form.id}/{page.id}"


def fill_page(
    client: FlaskClient,
    form: Form,
    page: Page,
    answers: Mapping[str, Any],
    base: str = "",
) -> None:
    """Answer one page; ``base`` is where the form's pages are (the referral's by default)."""
    url_of = (lambda p: f"{base}/{p.id}") if base else (lambda p: page_url(form, p))
    if page.repeating is None:
        response = post(client, url_of(page), raw_of(page.questions, answers))
        assert response.status_code == 303, (page.id, error_texts(response))
        return
    group = page.repeating
    for number, item in enumerate(answers.get(group.id) or [], start=1):
        url = f"{url_of(page)}/{number}"
        response = post(client, url, raw_of(group.questions, item))
        assert response.status_code == 303, (url, error_texts(response))
    response = post(client, url_of(page), {"add_another": "no"})
    assert response.status_code == 303, (page.id, error_texts(response))


def fill(client: FlaskClient, form: Form, answers: Mapping[str, Any]) -> None:
    """Answer every page (a fresh draft), ending on check answers."""
    client.get(f"/referrals/{form.id}/new")
    for page in form.pages:
        fill_page(client, form, page, answers)


def send(client: FlaskClient, form: Form) -> TestResponse:
    url = f"/referrals/{form.id}/check-answers"
    return client.post(url, data={"csrf_token": token(client, url)})


def submit(client: FlaskClient, form: Form, answers: Mapping[str, Any]) -> str:
    """Fill and send the form; return the reference the confirmation page shows."""
    fill(client, form, answers)
    response = send(client, form)
    assert response.status_code == 303, error_texts(response)
    confirmation = client.get(f"/referrals/{form.id}/confirmation")
    return text(one(soup_of(confirmation), ".govuk-panel strong"))
