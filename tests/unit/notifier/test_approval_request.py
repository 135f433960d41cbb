"""The approval request to a lead representative: what it says, when it is not sent, and
sending it once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from services.notifier.app import create_app
from services.notifier.approval_request import (
    ApprovalNotFound,
    Outcome,
    compose,
    idempotency_key,
    send_approval_request,
)
from services.notifier.backends import TemporaryFailure
from services.notifier.jobs import send_approval_request as job
from services.notifier.messages import Outgoing
from services.notifier.statuses import Status
from services.scheduler.readmodel import ApprovalRequest
from shared import runtime
from shared.config import load_config
from tests.unit.notifier.factories import make_case
from tests.unit.notifier.fakes import InMemoryCases
from tests.unit.notifier.review_factories import (
    CHAIR,
    CONSOLE,
    LEAD_EMAIL,
    LEAD_NAME,
    LINK_ID,
    OPS,
    REFERENCE,
    TOKEN,
    Fakes,
    make_approval,
    make_fakes,
    make_report,
    make_settings,
    parts,
    personal_strings,
    plain,
    report_answers,
)

NOW = datetime(2026, 12, 9, 16, 0, tzinfo=UTC)
LINK = f"{CONSOLE}/approvals/{TOKEN}"
SUBJECT = f"Rapid Review {REFERENCE}: please approve the recommendation"


def run(fakes: Fakes, *, link_id: int = LINK_ID, now: datetime = NOW) -> Outcome:
    return send_approval_request(
        link_id,
        TOKEN,
        requests=fakes.approvals,
        messages=fakes.messages,
        mailer=fakes.mailer,
        settings=make_settings(),
        clock=lambda: now,
    )


def test_subject_and_body_ask_the_lead_representative_to_decide() -> None:
    content = compose(make_approval(), token=TOKEN, settings=make_settings())
    assert content.subject == SUBJECT
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert f"Dear {LEAD_NAME},\n" in text
    assert f"The Rapid Review meeting for case {REFERENCE} agreed a recommendation." in text
    assert "It is in version 2 of the Rapid Review report." in text
    assert (
        "As the lead representative for the police, please approve the recommendation, or say "
        "why you disagree, by Thursday 17 December 2026." in text
    )
    assert f"Use this link to read the report and give your decision:\n{LINK}\n" in text
    assert "The link works until 6:30pm on Friday 18 December 2026." in text
    assert "The link is for you only. Do not forward it" in text
    assert "can give a decision for the police." in text
    assert (
        "sign in to the case management console and give your decision on the case's page:\n"
        f"{CONSOLE}/cases/{REFERENCE}\n" in text
    )
    assert f"Contact the Partnership Operations Team, quoting reference {REFERENCE}:" in text
    assert "Telephone: 020 8921 8732\n" in text
    assert f"Email: {OPS}\n" in text
    html = content.html
    assert f'<a href="{LINK}">{LINK}</a>' in html
    assert (
        f'<a href="{CONSOLE}/cases/{REFERENCE}">sign in to the case management console</a>' in html
    )
    assert "<strong>by Thursday 17 December 2026</strong>" in html
    # the case's approval clock is not readable (yet): no made-up date
    undated = compose(make_approval(decide_by=None), token=TOKEN, settings=make_settings())
    assert "why you disagree, as soon as you can." in undated.text
    assert "&lt;" not in text and "&amp;" not in text


@pytest.mark.parametrize(
    ("partner", "label"),
    [
        ("local_authority", "the local authority"),
        ("police", "the police"),
        ("health", "the health partner"),
    ],
)
def test_the_partner_is_named_as_a_sentence_names_it(partner: str, label: str) -> None:
    content = compose(make_approval(partner=partner), token=TOKEN, settings=make_settings())
    assert f"As the lead representative for {label}, please approve" in content.text
    assert f"can give a decision for {label}." in content.text


def test_the_html_part_is_escaped_and_no_name_is_a_dear_colleague_letter() -> None:
    content = compose(
        make_approval(staff_name="Dr A <b>Lee</b>"), token=TOKEN, settings=make_settings()
    )
    assert "Dear Dr A &lt;b&gt;Lee&lt;/b&gt;," in content.html
    assert "Dear Dr A <b>Lee</b>," in content.text
    blank = compose(make_approval(staff_name="  "), token=TOKEN, settings=make_settings())
    assert "Dear colleague,\n" in blank.text


def test_sends_to_the_lead_representative_once() -> None:
    fakes = make_fakes(approvals=(make_approval(),))
    assert run(fakes) is Outcome.SENT
    [sent] = fakes.mailer.sent
    assert sent["To"] == LEAD_EMAIL
    assert sent["From"] == "cspr@partnership.example"
    assert sent["Reply-To"] == OPS
    assert sent["Subject"] == SUBJECT
    assert LINK in plain(sent)
    key = idempotency_key(LINK_ID)
    assert key == "approval-request:7"
    [claimed] = fakes.messages.claimed
    assert claimed == Outgoing(key, "approval_request", REFERENCE, LEAD_EMAIL, SUBJECT, secret=True)
    assert TOKEN not in str(claimed)
    record = fakes.messages.get(key)
    assert record is not None and record.status == Status.SENT

    assert run(fakes) is Outcome.ALREADY_SENT
    assert len(fakes.mailer.sent) == 1


@pytest.mark.parametrize(
    ("request_", "outcome"),
    [
        (make_approval(revoked=True), Outcome.REVOKED),
        (make_approval(revoked=True, used=True), Outcome.REVOKED),
        (make_approval(used=True), Outcome.USED),
        (make_approval(expires_at=NOW), Outcome.EXPIRED),
        (make_approval(expires_at=NOW - timedelta(days=1)), Outcome.EXPIRED),
        (make_approval(staff_email=" "), Outcome.NO_ADDRESS),
    ],
)
def test_a_link_that_no_longer_works_is_not_sent(
    request_: ApprovalRequest, outcome: Outcome
) -> None:
    fakes = make_fakes(approvals=(request_,))
    assert run(fakes) is outcome
    assert fakes.mailer.sent == [] and fakes.messages.records == {}


def test_still_sent_one_second_before_the_link_expires() -> None:
    fakes = make_fakes(approvals=(make_approval(expires_at=NOW + timedelta(seconds=1)),))
    assert run(fakes) is Outcome.SENT


def test_a_link_not_readable_yet_raises_so_the_job_is_retried() -> None:
    fakes = make_fakes()
    with pytest.raises(ApprovalNotFound):
        run(fakes)
    assert fakes.mailer.sent == [] and fakes.messages.records == {}


def test_a_refused_send_is_recorded_failed_and_retried() -> None:
    fakes = make_fakes(approvals=(make_approval(),))
    fakes.mailer.failing.add(LEAD_EMAIL)
    with pytest.raises(TemporaryFailure):
        run(fakes)
    record = fakes.messages.get(idempotency_key(LINK_ID))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    fakes.mailer.failing.clear()
    assert run(fakes) is Outcome.SENT
    assert len(fakes.mailer.sent) == 1


def test_the_token_and_the_address_never_reach_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run(make_fakes(approvals=(make_approval(),)))
    run(make_fakes(approvals=(make_approval(used=True),)))
    failing = make_fakes(approvals=(make_approval(),))
    failing.mailer.failing.add(LEAD_EMAIL)
    with pytest.raises(TemporaryFailure):
        run(failing)
    assert f"approval request {LINK_ID} on {REFERENCE} to police sent" in caplog.text
    assert f"approval request {LINK_ID} not sent: link already used" in caplog.text
    assert TOKEN not in caplog.text
    assert LEAD_EMAIL not in caplog.text and LEAD_NAME not in caplog.text


def test_the_job_sends_nothing_about_the_child_the_case_and_report_hold() -> None:
    """The registered container can reach a case whose referral, and a report whose answers,
    name the child (the real sample referral): the email carries the reference only."""
    runtime.clear()
    answers = report_answers()
    fakes = make_fakes(approvals=(make_approval(),), reports=(make_report(answers=answers),))
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": OPS,
            "CHAIR_EMAIL": CHAIR,
            "MAIL_FROM": "cspr@partnership.example",
            "CONSOLE_URL": f"{CONSOLE}/",
        },
    )
    try:
        create_app(
            config,
            mailer=fakes.mailer,
            messages=fakes.messages,
            approval_requests=fakes.approvals,
            reports=fakes.reports,
            cases=InMemoryCases([make_case(details=answers)]),
            clock=lambda: NOW,
        )
        job(link_id=LINK_ID, token=TOKEN)
    finally:
        runtime.clear()
    [sent] = fakes.mailer.sent
    assert sent["To"] == LEAD_EMAIL and sent["Reply-To"] == OPS
    assert LINK in plain(sent)
    seen = parts(sent)
    for value in personal_strings(answers):
        assert all(value not in part for part in seen), value
    assert REFERENCE in seen[0] and REFERENCE in seen[1]
