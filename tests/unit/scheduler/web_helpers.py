"""Helpers for driving the console in tests: parsed pages, CSRF tokens, signing in."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.unit.scheduler.factories import STAFF_PASSWORD


def page(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(
    client: FlaskClient, email: str, password: str = STAFF_PASSWORD, next_url: str | None = None
) -> TestResponse:
    token = csrf_token(client)
    query = {"next": next_url} if next_url else None
    return client.post(
        "/sign-in",
        query_string=query,
        data={"csrf_token": token, "email": email, "password": password},
    )


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text(soup: BeautifulSoup | Tag, selector: str) -> str:
    return one(soup, selector).get_text(strip=True)
