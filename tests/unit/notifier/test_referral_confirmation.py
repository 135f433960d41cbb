"""The referral confirmation: what it says, what it never says, and sending it once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from services.notifier.backends import TemporaryFailure
from services.notifier.confirmation import (
    NEXT_STEPS_OTHERWISE,
    Outcome,
    ReferralNotFound,
    compose,
    idempotency_key,
    receipt,
    send_referral_confirmation,
)
from services.notifier.statuses import Status
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages, InMemoryReferrals
from tests.unit.notifier.mime import mime as build_message
from tests.unit.notifier.referrer_factories import (
    CHILD_NAME,
    CONTACT,
    DSL,
    OUTLINE,
    REFERRER,
    answer_strings,
    make_answers,
    make_referral,
    make_settings,
)

NOW = datetime(2026, 11, 20, 10, 20, tzinfo=UTC)
REFERENCE = "GSCP-2026-0001"


def run(
    referrals: InMemoryReferrals,
    mailer: FakeMailer,
    messages: InMemoryMessages,
    *,
    reference: str = REFERENCE,
) -> Outcome:
    return send_referral_confirmation(
        reference,
        referrals=referrals,
        messages=messages,
        mailer=mailer,
        settings=make_settings(),
        clock=lambda: NOW,
    )


def test_serious_incident_wording() -> None:
    content = compose(receipt(make_referral()), make_settings())
    assert content.subject == f"Referral received \N{EN DASH} {REFERENCE}"
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n\nReferral received\n")
    assert f"Reference: {REFERENCE}\n" in text
    assert "Form: Referral of a serious incident\n" in text
    assert "Date received: Friday 20 November 2026\n" in text
    assert (
        "What happens next\nThe chair of the Learning from Practice Group will decide, within 5 "
        "working days of receiving your referral, whether the criteria for a child safeguarding "
        "practice review are met.\n"
    ) in text
    assert f"email {CONTACT} and quote reference {REFERENCE}.\n" in text
    assert "Learning from Practice Group meeting" not in text
    assert "<h1" in content.html and f"mailto:{CONTACT}" in content.html


def test_practice_learning_wording() -> None:
    referral = make_referral(kind="practice_learning", form_id="practice-learning")
    text = compose(receipt(referral), make_settings()).text
    assert "Form: Referral for practice learning\n" in text
    assert (
        "Your referral will be considered at the next Learning from Practice Group meeting."
    ) in text
    assert "5 working days" not in text


def test_a_route_not_worded_yet_still_gets_a_next_step() -> None:
    text = compose(receipt(make_referral(kind="something_new")), make_settings()).text
    assert f"What happens next\n{NEXT_STEPS_OTHERWISE}\n" in text


@pytest.mark.parametrize(
    ("received_at", "day"),
    [
        (datetime(2026, 11, 20, 23, 30, tzinfo=UTC), "Friday 20 November 2026"),
        # 00:30 in London (British Summer Time) on 1 July
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "Wednesday 1 July 2026"),
    ],
)
def test_date_received_is_the_london_date(received_at: datetime, day: str) -> None:
    text = compose(receipt(make_referral(received_at=received_at)), make_settings()).text
    assert f"Date received: {day}\n" in text


def test_no_answer_other_than_the_reference_reaches_the_message() -> None:
    referral = make_referral()
    content = compose(receipt(referral), make_settings())
    message = build_message(
        content, to=REFERRER, mail_from="cspr@partnership.example", key="k", now=NOW
    )
    parts = (content.subject, content.text, content.html, message.as_string())
    answers = [
        value for value in answer_strings(referral.answers) if value != REFERRER and len(value) >= 5
    ]
    assert CHILD_NAME in answers and OUTLINE in answers and DSL in answers
    for value in answers:
        assert all(value not in part for part in parts), value
    for personal in ("Amelia", "Hartley", "14 March 2019", "14/03/2019", "Jo Example"):
        assert all(personal not in part for part in parts), personal
    assert all(REFERRER not in part for part in (content.subject, content.text, content.html))


def test_sends_one_message_to_the_referrer_once() -> None:
    referrals = InMemoryReferrals([make_referral()])
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(referrals, mailer, messages) is Outcome.SENT
    [sent] = mailer.sent
    assert sent["To"] == REFERRER
    assert sent["Reply-To"] == CONTACT
    assert DSL not in sent.as_string()
    record = messages.get(idempotency_key(REFERENCE))
    assert record is not None and record.status == Status.SENT and record.recipient == REFERRER
    assert record.sent_at == NOW

    assert run(referrals, mailer, messages) is Outcome.ALREADY_SENT
    assert len(mailer.sent) == 1


def test_idempotency_key_names_the_reference() -> None:
    assert idempotency_key(REFERENCE) == f"referral-confirmation:{REFERENCE}"


def test_a_referral_not_readable_yet_raises_so_the_job_is_retried() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    with pytest.raises(ReferralNotFound):
        run(InMemoryReferrals(), mailer, messages)
    assert mailer.sent == [] and messages.records == {}


@pytest.mark.parametrize("address", [None, "", "   ", 42, "not an address"])
def test_no_usable_referrer_email_sends_nothing(address: Any) -> None:
    referral = make_referral(answers=make_answers(referrer_email=address))
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(InMemoryReferrals([referral]), mailer, messages) is Outcome.NO_ADDRESS
    assert mailer.sent == [] and messages.records == {}


def test_the_address_is_trimmed() -> None:
    referral = make_referral(answers=make_answers(referrer_email=f" {REFERRER} "))
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(InMemoryReferrals([referral]), mailer, messages)
    assert [str(m["To"]) for m in mailer.sent] == [REFERRER]


def test_a_refusing_relay_raises_and_a_later_run_sends(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    referrals = InMemoryReferrals([make_referral()])
    mailer, messages = FakeMailer(failing={REFERRER}), InMemoryMessages()
    with pytest.raises(TemporaryFailure):
        run(referrals, mailer, messages)
    record = messages.get(idempotency_key(REFERENCE))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE

    mailer.failing.clear()
    assert run(referrals, mailer, messages) is Outcome.SENT
    assert len(mailer.sent) == 1
    assert f"referral confirmation for {REFERENCE} sent" in caplog.text
    assert REFERRER not in caplog.text and CHILD_NAME not in caplog.text
