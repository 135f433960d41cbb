"""The console page of every email's wording (GET /emails), parsed as a browser sees it."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from services.notifier.statuses import TEMPLATES
from services.scheduler.bootstrap import Container
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import one, page, sign_in, text


def signed_in(client: FlaskClient, container: Container, role: str) -> FlaskClient:
    add_staff(container, email=f"{role}@partnership.example", role=role)
    sign_in(client, f"{role}@partnership.example")
    return client


@pytest.mark.parametrize("role", ["ops", "chair", "admin"])
def test_every_template_is_listed_with_its_example(
    client: FlaskClient, container: Container, role: str
) -> None:
    response = signed_in(client, container, role).get("/emails")
    assert response.status_code == 200
    soup = page(response)
    assert text(soup, "h1") == "Emails the service sends"
    sections = soup.select("section[data-template]")
    assert [s["data-template"] for s in sections] == list(TEMPLATES)
    for section in sections:
        assert text(section, "h2") == TEMPLATES[str(section["data-template"])]
    alert = one(soup, "#clock_alert")
    rows = {
        text(row, ".govuk-summary-list__key"): one(row, ".govuk-summary-list__value").get_text(
            " ", strip=True
        )
        for row in alert.select(".govuk-summary-list__row")
    }
    assert rows["Subject"] == "EXAMPLE-2026-0001: Notify the national Panel is overdue"
    assert rows["Who gets it"].startswith("The operations team")
    assert rows["Template name"] == "clock_alert"
    example = one(alert, "[data-example]").get_text(" ", strip=True)
    assert "Notify the national Panel is overdue." in example
    assert "https://console.example.org/cases/EXAMPLE-2026-0001" in example
    # nobody edits the wording here: the page has no form
    assert soup.select("main form") == []
    assert one(soup, "#navigation a[href='/emails']").get_text(strip=True) == "Emails"


def test_a_lead_representative_may_not_read_it(client: FlaskClient, container: Container) -> None:
    response = signed_in(client, container, "partner-lead").get("/emails")
    assert response.status_code == 403
    # and the menu does not offer it
    assert page(client.get("/working-days")).select("#navigation a[href='/emails']") == []
