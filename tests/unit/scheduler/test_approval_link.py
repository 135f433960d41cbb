"""The page behind a lead representative's emailed approval link: a link that cannot be used
shows nothing of the case; a usable one shows the recommendation and takes the decision
(once), as that lead representative, through the action's own rules."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from sqlalchemy import select, update

from services.scheduler import approval_links, lifecycle
from services.scheduler.accounts import deactivate_staff
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.store.staff import StaffUser
from services.scheduler.tables import approval, approval_link, case, case_event
from tests.unit.scheduler.approval_factories import (
    REFERENCE,
    STATED,
    Link,
    add_leads,
    add_report,
    issue_links,
    meeting_held_case,
)
from tests.unit.scheduler.factories import audit_rows
from tests.unit.scheduler.fakes import FakeQueue, FixedClock
from tests.unit.scheduler.web_helpers import csrf_token, page

CONTACT = ("the Partnership Operations Team", "ops@localhost", "020 8921 8732")


@pytest.fixture
def leads(container: Container) -> dict[str, StaffUser]:
    meeting_held_case(container)
    add_report(container)
    return add_leads(container)


@pytest.fixture
def issued(container: Container, queue: FakeQueue, leads: dict[str, StaffUser]) -> dict[str, Link]:
    return issue_links(container, queue)


def url(link: Link | str) -> str:
    return f"/approvals/{link.token if isinstance(link, Link) else link}"


def words(soup: BeautifulSoup | Tag | None) -> str:
    assert soup is not None
    return " ".join(soup.get_text(" ", strip=True).split())


def assert_cannot_be_used(response: Any, status: int, problem: str) -> None:
    assert response.status_code == status
    soup = page(response)
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "This link cannot be used"
    shown = soup.select_one("#link-problem")
    assert shown is not None and shown["data-problem"] == problem
    contact = words(soup.select_one("#contact"))
    assert all(part in contact for part in CONTACT)
    text = words(soup)
    for secret in (REFERENCE, "Warrants consideration", "Ada", "Dana Okafor", "Police"):
        assert secret not in text, f"{secret!r} shown on a link that cannot be used"
    assert soup.select("form") == []


def post(client: FlaskClient, link: Link, csrf: str = "", **fields: str) -> Any:
    token = csrf or csrf_token(client, url(link))
    return client.post(url(link), data={"csrf_token": token, **fields})


def test_a_token_never_issued_shows_nothing(client: FlaskClient, issued: dict[str, Link]) -> None:
    assert_cannot_be_used(client.get(url("x" * 43)), 404, "unknown")
    assert_cannot_be_used(client.get(url("not a token")), 404, "unknown")
    token = csrf_token(client)  # the sign-in page's: CSRF is checked before the link
    posted = client.post(url("y" * 43), data={"csrf_token": token, "decision": "approve"})
    assert_cannot_be_used(posted, 404, "unknown")


def test_a_withdrawn_link_shows_nothing(
    client: FlaskClient, container: Container, queue: FakeQueue, issued: dict[str, Link]
) -> None:
    add_report(container, version=2)
    newer = issue_links(container, queue, version=2)
    assert_cannot_be_used(client.get(url(issued["police"])), 410, "withdrawn")
    assert client.get(url(newer["police"])).status_code == 200
    event = audit_rows(container.engine)[-2]
    assert (event.action, event.case_reference) == ("approval.link_refused", REFERENCE)
    assert event.detail == f"link_id={issued['police'].link_id}; problem=withdrawn"


def test_a_used_link_shows_nothing(
    client: FlaskClient, container: Container, leads: dict[str, StaffUser], issued: dict[str, Link]
) -> None:
    police = leads["police"]
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "approve"},
        Actor(Role.PARTNER_LEAD, police.id, Partner.POLICE, police.email),
    )
    assert_cannot_be_used(client.get(url(issued["police"])), 410, "used")


def test_an_expired_link_shows_nothing(
    client: FlaskClient, clock: FixedClock, issued: dict[str, Link]
) -> None:
    assert client.get(url(issued["health"])).status_code == 200
    clock.advance(days=7)
    assert_cannot_be_used(client.get(url(issued["health"])), 410, "expired")


def test_a_disabled_account_or_a_case_moved_on_withdraws_the_link(
    client: FlaskClient, container: Container, leads: dict[str, StaffUser], issued: dict[str, Link]
) -> None:
    deactivate_staff(container, leads["health"].email)
    assert_cannot_be_used(client.get(url(issued["health"])), 410, "withdrawn")
    police = leads["police"]
    lifecycle.take_action(
        container,
        REFERENCE,
        "decide_recommendation",
        {"decision": "disagree", "reasons": "No."},
        Actor(Role.PARTNER_LEAD, police.id, Partner.POLICE, police.email),
    )
    # disputed: the independent scrutineer mediates; the local authority is not asked now
    assert_cannot_be_used(client.get(url(issued["local_authority"])), 410, "withdrawn")


def test_a_usable_link_shows_the_recommendation_and_the_form(
    client: FlaskClient, container: Container, leads: dict[str, StaffUser], issued: dict[str, Link]
) -> None:
    response = client.get(url(issued["police"]))
    assert response.status_code == 200
    soup = page(response)
    assert soup.select("#navigation") == [], "nobody is signed in"
    facts = words(soup.select_one("#approval-facts"))
    assert f"Case reference {REFERENCE}" in facts
    assert "Safeguarding partner Police" in facts
    assert "Report version 1" in facts
    assert "Quorum Quorate: the local authority, the police and the health partner" in facts
    shown = soup.select_one("#recommendation")
    assert shown is not None
    assert "Recommendation d) Warrants consideration of DHR, SAR, MAPPA SFO or other" in (
        words(shown)
    )
    assert f"Please state {STATED}" in words(shown)
    rows = shown.select(".govuk-summary-list__row")
    rationale = next(row for row in rows if "Rationale" in row.get_text())
    assert rationale.select("dd br"), "the rationale keeps its line breaks"
    assert "Was there any disagreement about the recommended outcome? No" in words(shown)
    form = soup.select_one("#decision-form")
    assert form is not None
    boxes = form.select("input[name=decision]")
    radios = [(box["value"], words(box.find_next("label"))) for box in boxes]
    assert radios == [
        ("approve", "I approve the recommendation"),
        ("disagree", "I disagree with the recommendation"),
    ]
    assert form.select_one("textarea[name=reasons]") is not None, "revealed under disagree"
    assert form.select_one("input[name=csrf_token]") is not None
    event = audit_rows(container.engine)[-1]
    assert (event.action, event.actor_id, event.actor_email, event.case_reference) == (
        "approval.link_viewed",
        leads["police"].id,
        leads["police"].email,
        REFERENCE,
    )
    assert issued["police"].token not in event.detail


def test_an_unquorate_meeting_is_flagged(
    client: FlaskClient, container: Container, queue: FakeQueue
) -> None:
    meeting_held_case(container, partners=(Partner.LOCAL_AUTHORITY, Partner.HEALTH))
    add_report(container, disagreement="yes", details="")
    add_leads(container)
    link = issue_links(container, queue)["health"]
    soup = page(client.get(url(link)))
    assert "Not quorate: nobody from the police" in words(soup.select_one("#quorum-warning"))
    shown = words(soup.select_one("#recommendation"))
    assert "disagreement about the recommended outcome? Yes" in shown
    assert "Please state" not in shown


def decisions(c: Container) -> list[Any]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(approval)))


def link_row(c: Container, link: Link) -> Any:
    with c.engine.connect() as conn:
        return conn.execute(select(approval_link).where(approval_link.c.id == link.link_id)).one()


def test_posting_records_the_decision_as_that_lead_and_spends_the_link(
    client: FlaskClient, container: Container, leads: dict[str, StaffUser], issued: dict[str, Link]
) -> None:
    csrf = csrf_token(client, url(issued["local_authority"]))
    done = post(client, issued["local_authority"], csrf, decision="approve")
    assert done.status_code == 200
    soup = page(done)
    assert words(soup.select_one("#confirmation")).startswith("Your decision has been recorded")
    assert words(soup.select_one("#decision")) == (
        "You approved the recommendation for Local authority."
    )
    kept = decisions(container)
    assert [
        (r.partner, r.decision, r.decided_via, r.decided_by, r.report_version) for r in kept
    ] == [("local_authority", "approved", "link", leads["local_authority"].email, 1)]
    assert link_row(container, issued["local_authority"]).used_at is not None
    assert link_row(container, issued["police"]).used_at is None
    with container.engine.connect() as conn:
        entry = conn.execute(
            select(case_event).where(case_event.c.action == "decide_recommendation")
        ).one()
    assert (entry.actor_id, entry.actor_email, entry.actor_role, entry.actor_partner) == (
        leads["local_authority"].id,
        leads["local_authority"].email,
        "partner-lead",
        "Local authority",
    )
    changed = [e for e in audit_rows(container.engine) if e.action == "case.changed"]
    assert changed[-1].detail.endswith("via=link")
    # a replay, or the page again, is refused and shows nothing
    assert_cannot_be_used(
        post(
            client, issued["local_authority"], csrf, decision="disagree", reasons="Changed my mind"
        ),
        410,
        "used",
    )
    assert_cannot_be_used(client.get(url(issued["local_authority"])), 410, "used")
    assert len(decisions(container)) == 1


def test_a_disagreement_needs_reasons_and_then_disputes_the_recommendation(
    client: FlaskClient, container: Container, queue: FakeQueue, issued: dict[str, Link]
) -> None:
    wrong = post(client, issued["police"], decision="disagree", reasons="  ")
    assert wrong.status_code == 200
    soup = page(wrong)
    assert [words(li) for li in soup.select(".govuk-error-summary__list li")] == [
        "Enter why you disagree with the recommendation"
    ]
    assert soup.select_one(".govuk-error-summary a")["href"] == "#reasons"  # type: ignore[index]
    assert soup.title is not None and soup.title.get_text().startswith("Error: ")
    assert decisions(container) == [] and link_row(container, issued["police"]).used_at is None
    done = post(client, issued["police"], decision="disagree", reasons="The calls were not read.")
    assert "The independent scrutineer will mediate." in words(page(done))
    with container.engine.connect() as conn:
        assert conn.execute(select(case.c.state)).scalar_one() == "recommendation_disputed"
    assert queue.jobs[-1] == (
        "services.notifier.jobs.send_disagreement_notice",
        {"case_reference": REFERENCE, "version": 1},
    )
    assert_cannot_be_used(client.get(url(issued["health"])), 410, "withdrawn")


def test_the_third_approval_through_a_link_approves_it(
    client: FlaskClient, container: Container, queue: FakeQueue, issued: dict[str, Link]
) -> None:
    for partner in ("police", "health"):
        assert post(client, issued[partner], decision="approve").status_code == 200
    done = page(post(client, issued["local_authority"], decision="approve"))
    assert "The three safeguarding partners have now approved" in words(done)
    assert [name.rsplit(".", 1)[1] for name, _ in queue.jobs[-2:]] == [
        "render_rapid_review_report",
        "render_panel_letter",
    ]


def test_the_post_needs_its_csrf_token(
    client: FlaskClient, container: Container, issued: dict[str, Link]
) -> None:
    refused = client.post(url(issued["police"]), data={"decision": "approve"})
    assert refused.status_code == 400
    assert decisions(container) == []


def test_the_link_is_checked_again_under_the_case_lock(
    container: Container, monkeypatch: pytest.MonkeyPatch, issued: dict[str, Link]
) -> None:
    """Withdrawn between the page's check and the decision: nothing is recorded."""
    seen = approval_links.open_link(container, issued["police"].token)
    assert isinstance(seen, approval_links.ApprovalLinkView)
    with container.engine.begin() as conn:
        conn.execute(
            update(approval_link)
            .where(approval_link.c.id == issued["police"].link_id)
            .values(revoked_at=container.clock())
        )
    monkeypatch.setattr(approval_links, "open_link", lambda c, token: seen)
    with pytest.raises(approval_links.LinkUnusable) as refused:
        approval_links.decide(
            container, issued["police"].token, {"decision": "approve"}, remote_addr=None
        )
    assert refused.value.problem is approval_links.LinkProblem.WITHDRAWN
    assert decisions(container) == []
