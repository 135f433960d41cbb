"""A case's messages on the case page, in the API and on the dashboard, and the Resend button:
what the notifier recorded (read through services/notifier/readmodel.py), each status in
words, a resend as a notifier job (one per click, audited), and never a message's text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert

from services.notifier.tables import message
from services.scheduler.bootstrap import Container
from tests.unit.scheduler.conftest import SERVICE_TOKEN
from tests.unit.scheduler.factories import add_staff, audit_rows, open_case
from tests.unit.scheduler.fakes import FakeQueue
from tests.unit.scheduler.web_helpers import csrf_token, one, page, sign_in

CASE = "GSCP-2026-0001"
BODY = "The body of the alert, which the API never gives."
RESEND = "services.notifier.jobs.resend_message"
AT = datetime(2026, 4, 8, 9, 30, tzinfo=UTC)


def add_message(c: Container, **values: Any) -> int:
    """A row as the notifier's delivery core writes one."""
    row = {
        "idempotency_key": f"clock-alert:{CASE}:notify_panel:overdue:2026-04-08:{values}",
        "template": "clock_alert",
        "case_reference": CASE,
        "recipient": "ops-team@partnership.example",
        "subject": f"{CASE}: Local authority to notify the national Panel is overdue",
        "status": "sent",
        "created_at": AT,
        "status_at": AT,
        "sent_at": AT,
        "backend": "smtp",
        "attempts": 1,
        "body_text": BODY,
        "body_html": f"<p>{BODY}</p>",
        **values,
    }
    with c.engine.begin() as conn:
        key = conn.execute(insert(message).values(**row)).inserted_primary_key
    assert key is not None
    return int(key[0])


@pytest.fixture
def ops(client: FlaskClient, container: Container) -> FlaskClient:
    open_case(container, reference=CASE)
    add_staff(container, email="ops@partnership.example")
    assert sign_in(client, "ops@partnership.example").status_code == 302
    return client


def resend(client: FlaskClient, message_id: int) -> Any:
    token = csrf_token(client, f"/cases/{CASE}")
    return client.post(f"/cases/{CASE}/messages/{message_id}/resend", data={"csrf_token": token})


def test_the_case_page_lists_each_message_with_its_status_in_words(
    ops: FlaskClient, container: Container
) -> None:
    sent = add_message(container)
    refused = add_message(
        container,
        status="permanent_failure",
        recipient="nobody@agency.example",
        last_error="The SMTP relay refused the recipient (550).",
        sent_at=None,
    )
    soup = page(ops.get(f"/cases/{CASE}"))
    rows = {r["data-message-id"]: r for r in soup.select("#message-list tbody tr")}
    assert set(rows) == {str(sent), str(refused)}
    first = rows[str(sent)]
    assert (
        "Deadline alert" in first.get_text() and "ops-team@partnership.example" in first.get_text()
    )
    assert one(first, ".govuk-tag").get_text(strip=True) == "Sent"
    failed = rows[str(refused)]
    assert one(failed, ".govuk-tag").get_text(strip=True) == "Permanent failure"
    assert "refused the recipient (550)" in failed.get_text()
    assert "A message was not delivered, or may not have been." in soup.get_text()
    assert BODY not in soup.get_text()
    assert first.select_one("form button") is not None


def test_a_message_holding_a_personal_link_offers_no_resend(
    ops: FlaskClient, container: Container
) -> None:
    secret = add_message(container, template="approval_request", body_text=None, body_html=None)
    row = one(page(ops.get(f"/cases/{CASE}")), f'tr[data-message-id="{secret}"]')
    assert row.select_one("form") is None
    assert "Holds a personal link" in row.get_text()
    response = resend(ops, secret)
    assert response.status_code == 409
    summary = one(page(response), ".govuk-error-summary")
    assert "holds a personal link" in summary.get_text()


def test_resend_asks_the_notifier_once_per_click_and_is_audited(
    ops: FlaskClient, container: Container, queue: FakeQueue
) -> None:
    original = add_message(container, status="permanent_failure", sent_at=None)
    response = resend(ops, original)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/{CASE}?resent={original}#messages"
    assert (RESEND, {"message_id": original, "serial": 1}) in queue.jobs
    banner = page(ops.get(response.headers["Location"])).select_one(".govuk-notification-banner")
    assert banner is not None and "will be sent again" in banner.get_text()
    # a second click before the notifier ran: the same serial, so the same job and key
    resend(ops, original)
    assert queue.jobs.count((RESEND, {"message_id": original, "serial": 1})) == 2
    # once the first resend is recorded, the next is the second
    add_message(
        container, idempotency_key="k:resend:1", resend_of=original, status="queued", sent_at=None
    )
    resend(ops, original)
    assert (RESEND, {"message_id": original, "serial": 2}) in queue.jobs
    events = [r for r in audit_rows(container.engine) if r.action == "message.resent"]
    assert len(events) == 3 and events[0].case_reference == CASE
    assert f"message_id={original}; serial=1" in events[0].detail


def test_a_message_being_sent_is_not_resent(ops: FlaskClient, container: Container) -> None:
    sending = add_message(container, status="sending", sent_at=None)
    response = resend(ops, sending)
    assert response.status_code == 409
    assert "being sent now" in one(page(response), ".govuk-error-summary").get_text()


def test_another_case_s_message_is_not_found(ops: FlaskClient, container: Container) -> None:
    other = add_message(container, case_reference="GSCP-2026-0099")
    assert resend(ops, other).status_code == 404
    assert resend(ops, 4040).status_code == 404


def test_a_lead_representative_sees_the_messages_but_no_resend(
    client: FlaskClient, container: Container
) -> None:
    open_case(container, reference=CASE)
    sent = add_message(container)
    add_staff(container, email="lead@partnership.example", role="partner-lead")
    assert sign_in(client, "lead@partnership.example").status_code == 302
    row = one(page(client.get(f"/cases/{CASE}")), f'tr[data-message-id="{sent}"]')
    assert row.select_one("form") is None
    assert client.post(f"/cases/{CASE}/messages/{sent}/resend").status_code in (400, 403)


def test_the_api_lists_template_recipient_status_and_times_without_the_text(
    client: FlaskClient, container: Container
) -> None:
    open_case(container, reference=CASE)
    sent = add_message(container, status="delivered", delivered_at=AT, backend="notify")
    response = client.get(
        f"/api/v1/cases/{CASE}/messages", headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["reference"] == CASE
    [only] = body["messages"]
    assert only["id"] == sent
    assert only["template"] == "clock_alert" and only["template_label"] == "Deadline alert"
    assert only["recipient"] == "ops-team@partnership.example"
    assert only["status"] == "delivered" and only["status_text"] == "Delivered"
    assert only["delivered_at"] == AT.isoformat() and only["backend"] == "notify"
    assert BODY not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    missing = client.get(
        "/api/v1/cases/GSCP-2026-0404/messages",
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )
    assert missing.status_code == 404
    assert set(missing.get_json()) >= {"error", "reason"}
    views = [r for r in audit_rows(container.engine) if r.action == "case.viewed"]
    assert any("api v1 messages" in r.detail for r in views)


def test_the_dashboard_shows_messages_not_delivered_until_a_resend_is_sent(
    ops: FlaskClient, container: Container
) -> None:
    refused = add_message(
        container, status="permanent_failure", recipient="nobody@agency.example", sent_at=None
    )
    unknown = add_message(container, status="unknown", sent_at=None)
    add_message(container, status="sent")
    listed = page(ops.get("/dashboard")).select("#undelivered-messages li")
    assert [li["data-message-id"] for li in listed] == [str(unknown), str(refused)]
    assert "Permanent failure" in listed[1].get_text()
    assert listed[1].select_one("a")["href"] == f"/cases/{CASE}#messages"  # type: ignore[index]
    add_message(container, idempotency_key="r:resend:1", resend_of=refused, status="sent")
    listed = page(ops.get("/dashboard")).select("#undelivered-messages li")
    assert [li["data-message-id"] for li in listed] == [str(unknown)]
