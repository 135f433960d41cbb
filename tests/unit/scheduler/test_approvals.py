"""Asking the three lead representatives to approve a final report (one hashed link each,
the earlier ones withdrawn), the decisions kept in ``scheduler_approval`` with how they came
in, the jobs each outcome sets going after the commit, and the case page's section."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from services.scheduler import lifecycle
from services.scheduler.accounts import deactivate_staff
from services.scheduler.approvals import request_approvals
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.store.lifecycle import lock_case
from services.scheduler.store.staff import StaffUser
from services.scheduler.tables import approval, approval_link, case, deadline
from tests.unit.scheduler.approval_factories import (
    REFERENCE,
    add_leads,
    add_report,
    issue_links,
    meeting_held_case,
)
from tests.unit.scheduler.factories import add_staff, api_token, audit_rows
from tests.unit.scheduler.fakes import FakeQueue, FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, page, sign_in

APPROVAL_REQUEST = "services.notifier.jobs.send_approval_request"
NOTICE = "services.notifier.jobs.send_disagreement_notice"
REPORT = "services.documents.jobs.render_rapid_review_report"
LETTER = "services.documents.jobs.render_panel_letter"
OUTCOME = "services.notifier.jobs.send_outcome_to_agencies"
OPS = Actor(Role.OPS, email="ops@partnership.example")


def lead(user: StaffUser) -> Actor:
    return Actor(Role.PARTNER_LEAD, user.id, Partner(user.partner or ""), user.email)


def links(c: Container) -> list[Any]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(approval_link).order_by(approval_link.c.id)))


def decisions(c: Container) -> list[Any]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(approval).order_by(approval.c.id)))


def state(c: Container) -> str:
    with c.engine.connect() as conn:
        return str(conn.execute(select(case.c.state)).scalar_one())


@pytest.fixture
def leads(container: Container) -> dict[str, StaffUser]:
    meeting_held_case(container)
    add_report(container)
    found = add_leads(container)
    add_staff(container, email="old.lead@police.example", role="partner-lead", partner="police")
    deactivate_staff(container, "old.lead@police.example")
    add_staff(container, email="ops@partnership.example", role="ops")
    return found


def test_each_active_lead_representative_gets_a_link_of_their_own(
    container: Container, queue: FakeQueue, clock: FixedClock, leads: dict[str, StaffUser]
) -> None:
    issued = issue_links(container, queue)
    assert sorted(issued) == ["health", "local_authority", "police"]
    rows = {r.id: r for r in links(container)}
    assert len(rows) == 3, "nobody else: not the disabled lead, not the ops team"
    for partner, link in issued.items():
        row = rows[link.link_id]
        assert (row.partner, row.staff_id, row.report_version) == (
            partner,
            leads[partner].id,
            1,
        )
        assert len(link.token) >= 43  # 256 random bits, URL-safe
        assert row.token_hash == hashlib.sha256(link.token.encode()).hexdigest()
        assert link.token not in {str(v) for v in row}, "only the token's hash is stored"
        assert row.expires_at == clock.now + timedelta(days=7)
        assert row.revoked_at is None and row.used_at is None
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_email, event.case_reference) == (
        "approval.links_issued",
        "ops@partnership.example",
        REFERENCE,
    )
    assert event.detail.endswith("withdrawn=0; no_lead=-")
    assert all(link.token not in event.detail for link in issued.values())


def test_the_emails_are_asked_for_only_after_the_commit(
    container: Container, queue: FakeQueue, leads: dict[str, StaffUser]
) -> None:
    with container.engine.begin() as conn:
        row = lock_case(conn, REFERENCE)
        after_commit = request_approvals(conn, container, row, 1, by=None)
        assert queue.jobs == []
    after_commit()
    assert [name for name, _ in queue.jobs] == [APPROVAL_REQUEST] * 3
    assert all(set(kwargs) == {"link_id", "token"} for _, kwargs in queue.jobs)


def test_a_new_version_withdraws_the_unused_links_and_issues_new_ones(
    container: Container, queue: FakeQueue, clock: FixedClock, leads: dict[str, StaffUser]
) -> None:
    first = issue_links(container, queue)
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "approve"},
        lead(leads["police"]),
    )
    clock.advance(hours=2)
    add_report(container, version=2)
    second = issue_links(container, queue, version=2)
    rows = {r.id: r for r in links(container)}
    assert rows[first["police"].link_id].used_at is not None, "spent by the police's decision"
    assert rows[first["police"].link_id].revoked_at is None
    for partner in ("local_authority", "health"):
        assert rows[first[partner].link_id].revoked_at == clock.now
    assert {rows[link.link_id].report_version for link in second.values()} == {2}
    assert all(rows[link.link_id].revoked_at is None for link in second.values())
    assert audit_rows(container.engine)[-1].detail.endswith("withdrawn=2; no_lead=-")


def test_a_partner_without_an_active_lead_gets_no_link_and_nothing_fails(
    container: Container, queue: FakeQueue
) -> None:
    meeting_held_case(container)
    add_report(container)
    add_leads(container, partners=("local_authority", "police"))
    container.config = container.config.with_overrides(APPROVAL_LINK_DAYS="3")
    issued = issue_links(container, queue)
    assert sorted(issued) == ["local_authority", "police"]
    assert all(r.expires_at == container.clock() + timedelta(days=3) for r in links(container))
    assert audit_rows(container.engine)[-1].detail.endswith("no_lead=health")


def test_only_a_final_version_is_sent_for_approval(container: Container, queue: FakeQueue) -> None:
    meeting_held_case(container)
    add_report(container, status="draft")
    add_leads(container)
    with pytest.raises(ValueError, match="not final"):
        issue_links(container, queue)
    assert links(container) == [] and queue.jobs == []


def test_decisions_are_kept_with_how_they_came_and_set_their_jobs_going(
    container: Container, queue: FakeQueue, leads: dict[str, StaffUser]
) -> None:
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "approve"},
        lead(leads["local_authority"]),
    )
    assert queue.jobs == [] and state(container) == "rapid_review_meeting_held"
    reasons = {"decision": "disagree", "reasons": "The 999 calls were not reviewed."}
    lifecycle.take_action(
        container, REFERENCE, "decide_recommendation", reasons, lead(leads["police"])
    )
    assert state(container) == "recommendation_disputed"
    assert queue.jobs == [(NOTICE, {"case_reference": REFERENCE, "version": 1})]
    kept = [
        (r.partner, r.decision, r.reasons, r.decided_via, r.decided_by)
        for r in decisions(container)
    ]
    assert kept == [
        ("local_authority", "approved", "", "console", "lewis.grant@council.example"),
        (
            "police",
            "disagreed",
            "The 999 calls were not reviewed.",
            "console",
            "dana.okafor@police.example",
        ),
    ]
    mediation = {
        "scrutineer": "Dr Ruth Ellis",
        "mediated_on": date(2026, 4, 9),
        "result": "Agreed after review.",
        "mediation_outcome": "agreed",
    }
    lifecycle.take_action(container, REFERENCE, "record_mediation", mediation, OPS)
    assert state(container) == "recommendation_approved"
    both = {"case_reference": REFERENCE, "version": 1}
    assert queue.jobs[1:] == [(REPORT, both), (LETTER, both)]


def test_three_approvals_draft_the_panel_letter_and_meet_the_clock(
    container: Container, queue: FakeQueue, leads: dict[str, StaffUser]
) -> None:
    for partner in ("health", "local_authority", "police"):
        lifecycle.take_action(
            container,
            REFERENCE,
            "decide_recommendation",
            {"decision": "approve"},
            lead(leads[partner]),
        )
    assert state(container) == "recommendation_approved"
    both = {"case_reference": REFERENCE, "version": 1}
    assert queue.jobs == [(REPORT, both), (LETTER, both)]
    with container.engine.connect() as conn:
        met = conn.execute(
            select(deadline.c.met_on).where(deadline.c.clock == "approve_recommendation")
        ).scalar_one()
    assert met == date(2026, 4, 9)


def test_mediation_asking_for_a_revision_sets_nothing_going(
    container: Container, queue: FakeQueue, leads: dict[str, StaffUser]
) -> None:
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "disagree", "reasons": "No."},
        lead(leads["health"]),
    )
    mediation = {
        "scrutineer": "Dr Ruth Ellis",
        "mediated_on": date(2026, 4, 9),
        "result": "Section 2 to be rewritten.",
        "mediation_outcome": "revise",
    }
    lifecycle.take_action(container, REFERENCE, "record_mediation", mediation, OPS)
    assert state(container) == "rapid_review_meeting_held"
    assert [name for name, _ in queue.jobs] == [NOTICE]


def test_a_decision_through_the_api_is_kept_as_such(
    client: FlaskClient, container: Container, leads: dict[str, StaffUser]
) -> None:
    token = api_token(container, email=leads["police"].email)
    response = client.post(
        f"/api/v1/cases/{REFERENCE}/actions/decide_recommendation",
        json={"decision": "approve"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_json()
    assert [(r.partner, r.decided_via) for r in decisions(container)] == [("police", "api")]
    again = client.post(
        f"/api/v1/cases/{REFERENCE}/actions/decide_recommendation",
        json={"decision": "approve"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert again.status_code == 409
    assert again.get_json()["reason"] == "The police have already approved version 1 of the report."


def test_informing_the_agencies_asks_the_notifier_to_email_them(
    container: Container, queue: FakeQueue
) -> None:
    meeting_held_case(container)
    with container.engine.begin() as conn:
        conn.execute(update(case).values(state="outcome_recorded"))
    lifecycle.take_action(
        container, REFERENCE, "record_agencies_informed", {"informed_on": date(2026, 4, 9)}, OPS
    )
    assert queue.jobs == [(OUTCOME, {"case_reference": REFERENCE})]


def signed_in(app: Flask, user: StaffUser) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, user.email).status_code == 302
    return client


def section(client: FlaskClient) -> dict[str, tuple[str, str]]:
    soup = page(client.get(f"/cases/{REFERENCE}"))
    found = {}
    for item in soup.select("#approvals li"):
        found[str(item["data-partner"])] = (
            str(item["data-status"]),
            " ".join(item.get_text(" ", strip=True).split()),
        )
    return found


def test_the_case_page_shows_each_partners_decision_and_a_missing_lead(
    app: Flask, container: Container
) -> None:
    meeting_held_case(container)
    people = add_leads(container, partners=("local_authority", "police"))
    client = signed_in(app, people["local_authority"])
    soup = page(client.get(f"/cases/{REFERENCE}"))
    assert soup.select_one("#approval-heading") is None, "no final version yet"
    add_report(container)
    soup = page(client.get(f"/cases/{REFERENCE}"))
    assert soup.select_one("#approval-heading") is not None
    offered = [a.get_text(strip=True) for a in soup.select("#actions a")]
    assert "Approve or disagree with the recommendation" in offered
    url = f"/cases/{REFERENCE}/actions/decide_recommendation"
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve"})
    assert done.status_code == 303
    shown = section(client)
    assert shown["local_authority"][0] == "approved"
    assert shown["local_authority"][1].startswith(
        "Local authority: Approved 9 April 2026 by lewis.grant@council.example"
    )
    assert shown["police"] == ("waiting", "Police: Waiting")
    assert shown["health"][0] == "waiting"
    soup = page(client.get(f"/cases/{REFERENCE}"))
    missing = soup.select(".cspr-no-lead")
    assert [m.get_text() for m in missing] == [
        "No lead representative account for the health partner: ask an administrator to add "
        "one (cspr users add --role partner-lead --partner health --email … --name …)."
    ]
    assert missing[0].find_parent("li")["data-partner"] == "health"  # type: ignore[index]
    assert "Approve or disagree with the recommendation" not in soup.get_text(), "decided"
    assert [r.decided_via for r in decisions(container)] == ["console"]


def test_the_case_page_shows_a_disagreement_and_who_was_not_asked_since(
    app: Flask, container: Container
) -> None:
    meeting_held_case(container)
    add_report(container)
    people = add_leads(container)
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "disagree", "reasons": "A local review is needed."},
        lead(people["police"]),
    )
    shown = section(signed_in(app, people["health"]))
    assert shown["police"][0] == "disagreed"
    assert "A local review is needed." in shown["police"][1]
    assert shown["local_authority"] == ("none", "Local authority: No decision")
    assert shown["health"] == ("none", "Integrated care board (ICB): No decision")
