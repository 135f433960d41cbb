"""Steps of the Rapid Review's scoping as people take them, through the console (ops, the
chair) and the agencies' links (intake), for the journey tests."""

from __future__ import annotations

import re
from datetime import date
from email.message import EmailMessage
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from shared.forms.definitions.scoping import SCOPING
from shared.webforms import raw_of
from tests.support.journey import error_texts, one, post, soup_of, text
from tests.unit.scheduler.web_helpers import csrf_token, sign_in

LINK = re.compile(r"https?://[^\s\"<>]+/scoping/([A-Za-z0-9_-]+)")


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}  # fmt: skip


def console_post(client: FlaskClient, url: str, **fields: object) -> TestResponse:
    """Post ``fields`` to ``url`` with the CSRF token of the page that shows the form
    (``url`` itself unless a ``from_page`` is given)."""
    from_page = str(fields.pop("from_page", "") or url)
    data: dict[str, object] = {"csrf_token": csrf_token(client, from_page)}
    for name, value in fields.items():
        data.update(date_fields(name, value) if isinstance(value, date) else {name: value})
    return client.post(url, data=data)


def act(client: FlaskClient, reference: str, key: str, **fields: object) -> None:
    response = console_post(client, f"/cases/{reference}/actions/{key}", **fields)
    assert response.status_code == 303, (key, response.status_code, error_texts(response))


def agencies_page(client: FlaskClient, reference: str) -> dict[str, dict[str, str]]:
    """Each agency on the case's agencies page: its id and status, by name."""
    found = {}
    for row in soup_of(client.get(f"/cases/{reference}/agencies")).select("#agencies tbody tr"):
        name = text(one(row, "th")).split(" ", 1)[0]
        found[text(one(row, "th"))] = {
            "id": str(row["data-agency-id"]),
            "status": str(row["data-status"]),
            "short": name,
        }
    return found


def agency_id(client: FlaskClient, reference: str, name: str) -> str:
    for label, facts in agencies_page(client, reference).items():
        if label.startswith(name):
            return facts["id"]
    raise AssertionError(f"no agency {name!r} on {reference}")


def status_of(client: FlaskClient, reference: str, name: str) -> str:
    for label, facts in agencies_page(client, reference).items():
        if label.startswith(name):
            return facts["status"]
    raise AssertionError(f"no agency {name!r} on {reference}")


def link_in(message: EmailMessage) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            found = LINK.search(str(part.get_content()))
            if found:
                return found.group(1)
    raise AssertionError("no scoping link in the email")


def scoping_emails(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    """The scoping requests among ``messages``, by recipient."""
    return {str(m["To"]): m for m in messages if "initial scoping request" in str(m["Subject"])}


def contact(name: str) -> dict[str, Any]:
    return {
        "completer_name": name,
        "completer_agency": "Designated Safeguarding Lead, " + name,
        "completer_phone": "020 7946 0000",
        "completer_email": "dsl@agency.example",
    }


def return_form(agency: FlaskClient, token: str, *, matches: str = "yes") -> TestResponse:
    """Answer every page of the scoping form behind ``token`` and return it."""
    base = f"/scoping/{token}"
    start = agency.get(base)
    assert start.status_code == 200, start.status_code
    contact_page = SCOPING.page("contact")
    assert contact_page is not None
    response = post(agency, f"{base}/contact", raw_of(contact_page.questions, contact("Agency")))
    assert response.status_code == 303, error_texts(response)
    confirm_people(agency, token, matches=matches)
    for page_id, values in (
        ("involvement", {"involvement_summary": "Health visiting since birth; last seen in May.",
                         "practice_analysis": "Visits were timely.",
                         "partnership_concerns": "None identified."}),
        ("other-agencies", {"other_agencies": "no"}),
        ("further-information", {"further_information": ""}),
    ):  # fmt: skip
        response = post(agency, f"{base}/{page_id}", values)
        assert response.status_code == 303, (page_id, error_texts(response))
    url = f"{base}/check-answers"
    return agency.post(url, data={"csrf_token": token_on(agency, url)})


def token_on(client: FlaskClient, url: str) -> str:
    return str(one(soup_of(client.get(url)), "input[name=csrf_token]")["value"])


def confirm_people(agency: FlaskClient, token: str, *, matches: str = "yes") -> int:
    """Confirm every pre-filled person of section 1; how many there were."""
    base = f"/scoping/{token}/family-composition"
    group = SCOPING.page("family-composition")
    assert group is not None and group.repeating is not None
    cards = soup_of(agency.get(base)).select(".govuk-summary-card")
    for number in range(1, len(cards) + 1):
        item_page = soup_of(agency.get(f"{base}/{number}"))
        # what the page shows, as a browser posts it (a date's three boxes share a name)
        values: dict[str, list[str]] = {}
        for box in item_page.select("input[type=text], input:not([type])"):
            if box.get("name") and box["name"] != "csrf_token":
                values.setdefault(str(box["name"]), []).append(str(box.get("value", "")))
        for area in item_page.select("textarea"):
            values[str(area["name"])] = [area.get_text()]
        values["matches"] = [matches]
        if matches == "anomaly":
            values["matches_details"] = ["Our records give a different date of birth."]
        response = post(agency, f"{base}/{number}", values)
        assert response.status_code == 303, (number, error_texts(response))
    response = post(agency, base, {"add_another": "no"})
    assert response.status_code == 303, error_texts(response)
    return len(cards)
