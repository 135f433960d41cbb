from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine, Row

from services.intake.tables import referral

FORM = "/referrals/serious-incident"


def referral_form(
    *,
    child_name: str = "Amelia Hartley-O'Brien",
    dob: tuple[str, str, str] = ("14", "3", "2019"),
    referrer_email: str = "sam.practitioner@school.example",
) -> dict[str, str | list[str]]:
    return {
        "child_name": child_name,
        "child_date_of_birth": list(dob),
        "referrer_name": "Sam Practitioner",
        "referrer_agency": "Designated Safeguarding Lead, Riverside Primary School",
        "referrer_email": referrer_email,
        "outline": "Admitted to hospital with unexplained injuries.",
    }


def submit(client: FlaskClient, data: dict[str, str | list[str]]) -> str:
    """Post the form as a browser would; return the reference the confirmation shows."""
    page = BeautifulSoup(client.get(FORM).get_data(as_text=True), "html.parser")
    token = page.find("input", attrs={"name": "csrf_token"})
    assert isinstance(token, Tag)
    response = client.post(FORM, data={**data, "csrf_token": token["value"]}, follow_redirects=True)
    assert response.status_code == 200
    confirmation = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    strong = confirmation.select_one(".govuk-panel strong")
    assert strong is not None, confirmation.get_text()
    return strong.get_text(strip=True)


def stored_rows(engine: Engine) -> list[Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(select(referral).order_by(referral.c.id)))
