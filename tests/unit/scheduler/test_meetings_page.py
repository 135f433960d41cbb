"""The meeting schedule page: the dates, adding one (GOV.UK date input), removing one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from services.scheduler import meetings
from services.scheduler.bootstrap import Container
from services.scheduler.store import lifecycle as store
from tests.unit.scheduler.factories import audit_rows, open_case
from tests.unit.scheduler.web_helpers import csrf_token, one, page, text

# the fixed clock says Thursday 9 April 2026


def schedule(c: Container) -> tuple[date, ...]:
    with c.engine.connect() as conn:
        return store.meetings(conn)


def add(client: FlaskClient, day: str, month: str, year: str) -> TestResponse:
    return client.post(
        "/meetings",
        data={
            "csrf_token": csrf_token(client, "/meetings"),
            "held_on-day": day,
            "held_on-month": month,
            "held_on-year": year,
        },
    )


def test_future_meetings_first_then_past_ones(
    staff_client: FlaskClient, container: Container
) -> None:
    for day in (date(2026, 3, 12), date(2026, 7, 9), date(2026, 5, 14), date(2026, 1, 8)):
        meetings.add_meeting(container, day, actor_id=None, actor_email=None)
    soup = page(staff_client.get("/meetings"))
    assert text(soup, "h1") == "Learning from Practice Group meetings"
    upcoming = [th.get_text(strip=True) for th in soup.select("#upcoming tbody th")]
    past = [th.get_text(strip=True) for th in soup.select("#past tbody th")]
    assert upcoming == ["14 May 2026", "9 July 2026"]
    assert past == ["12 March 2026", "8 January 2026"]
    nav = one(soup, "#navigation a[aria-current]")
    assert nav.get_text(strip=True) == "Meetings"


def test_adding_a_date_re_dates_the_waiting_case_and_is_audited(
    staff_client: FlaskClient, container: Container
) -> None:
    meetings.add_meeting(container, date(2026, 6, 11), actor_id=None, actor_email=None)
    open_case(
        container,
        reference="GSCP-2026-0001",
        kind="practice_learning",
        received_at=datetime(2026, 4, 9, 9, 0, tzinfo=UTC),
    )
    response = add(staff_client, "14", "5", "2026")
    assert (response.status_code, response.headers["Location"]) == (303, "/meetings")
    assert schedule(container) == (date(2026, 5, 14), date(2026, 6, 11))
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email) == (
        "meetings.changed",
        "ops.person@partnership.example",
    )
    assert event.detail == "added=2026-05-14; redated=GSCP-2026-0001=2026-05-14"
    case_page = page(staff_client.get("/cases/GSCP-2026-0001"))
    due = one(case_page, '#deadlines tr[data-clock="lfp_consideration"]').find_all("td")[1]
    assert due.get_text(strip=True) == "14 May 2026"


def test_the_remove_button_removes_that_date(
    staff_client: FlaskClient, container: Container
) -> None:
    meetings.add_meeting(container, date(2026, 6, 11), actor_id=None, actor_email=None)
    meetings.add_meeting(container, date(2026, 7, 9), actor_id=None, actor_email=None)
    soup = page(staff_client.get("/meetings"))
    form = one(soup, '#upcoming tr[data-date="2026-06-11"] form')
    assert form["method"] == "post" and form["action"] == "/meetings/remove"
    assert one(form, "button").get_text(" ", strip=True) == "Remove the meeting on 11 June 2026"
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = staff_client.post("/meetings/remove", data=data)
    assert response.status_code == 303
    assert schedule(container) == (date(2026, 7, 9),)
    assert audit_rows(container.engine)[-1].detail == "removed=2026-06-11"


def test_an_empty_date_an_unreal_date_and_a_scheduled_date_are_refused(
    staff_client: FlaskClient, container: Container
) -> None:
    meetings.add_meeting(container, date(2026, 6, 11), actor_id=None, actor_email=None)
    cases = [
        (("", "", ""), "Enter the date of the meeting"),
        (("31", "6", "2026"), "The date of the meeting must be a real date"),
        (("11", "", "2026"), "The date of the meeting must include a month"),
        (("11", "6", "2026"), "A meeting is already scheduled on that date"),
    ]
    for (day, month, year), message in cases:
        soup = page(add(staff_client, day, month, year))
        summary = one(soup, ".govuk-error-summary")
        assert text(summary, "h2") == "There is a problem"
        link = one(summary, "a")
        assert (link.get_text(strip=True), link["href"]) == (message, "#held_on-day")
        assert message in text(soup, "#held_on-error")
        assert soup.title is not None and soup.title.get_text().startswith("Error:")
        assert one(soup, "#held_on-day")["value"] == day
    assert schedule(container) == (date(2026, 6, 11),)


def test_a_remove_without_a_date_is_a_bad_request(staff_client: FlaskClient) -> None:
    response = staff_client.post(
        "/meetings/remove",
        data={"csrf_token": csrf_token(staff_client, "/meetings"), "held_on": "soon"},
    )
    assert response.status_code == 400
