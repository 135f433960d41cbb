"""The resume-link email: what it says, when it is not sent, and sending it once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from services.notifier.backends import TemporaryFailure
from services.notifier.resume import Outcome, compose, idempotency_key, send_resume_link
from services.notifier.statuses import Status
from services.notifier.wording import until
from shared.logsafe import PersonalDataFilter
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages, InMemoryResumeContacts
from tests.unit.notifier.mime import mime as build_message
from tests.unit.notifier.referrer_factories import (
    CONTACT,
    REFERRER,
    TOKEN,
    make_contact,
    make_settings,
)

NOW = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
LINK = f"https://referrals.partnership.example/referrals/serious-incident/resume/{TOKEN}"


def run(
    contacts: InMemoryResumeContacts,
    mailer: FakeMailer,
    messages: InMemoryMessages,
    *,
    draft_id: int = 7,
    serial: int = 2,
    now: datetime = NOW,
) -> Outcome:
    return send_resume_link(
        draft_id,
        serial,
        TOKEN,
        contacts=contacts,
        messages=messages,
        mailer=mailer,
        settings=make_settings(),
        clock=lambda: now,
    )


def test_subject_and_body_name_the_form_the_link_and_its_expiry() -> None:
    content = compose(
        form_id="serious-incident",
        token=TOKEN,
        expires_at=datetime(2026, 12, 18, 18, 30, tzinfo=UTC),
        settings=make_settings(),
    )
    assert content.subject == "Continue your saved form: Referral of a serious incident"
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert "Form: Referral of a serious incident" in text
    assert f"Use this link to continue filling in the form:\n{LINK}\n" in text
    assert "The link works until 6:30pm on Friday 18 December 2026." in text
    assert "You can only use the link once." in text
    assert "Each time you save your progress, we send you a new link" in text
    assert "If you did not ask for this email" in text
    assert f"If you are worried, email {CONTACT}." in text
    assert f'<a href="{LINK}">{LINK}</a>' in content.html
    assert "6:30pm on Friday 18 December 2026" in content.html


def test_practice_learning_form_and_a_trailing_slash_on_the_intake_url() -> None:
    content = compose(
        form_id="practice-learning",
        token=TOKEN,
        expires_at=datetime(2026, 12, 18, 18, 30, tzinfo=UTC),
        settings=make_settings(intake_url="https://forms.example/"),
    )
    assert content.subject == "Continue your saved form: Referral for practice learning"
    assert f"https://forms.example/referrals/practice-learning/resume/{TOKEN}\n" in content.text


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # British Summer Time: an hour ahead of UTC
        (datetime(2026, 6, 18, 17, 30, tzinfo=UTC), "6:30pm on Thursday 18 June 2026"),
        (datetime(2026, 12, 18, 9, 0, tzinfo=UTC), "9am on Friday 18 December 2026"),
        (datetime(2026, 12, 18, 9, 5, 59, tzinfo=UTC), "9:05am on Friday 18 December 2026"),
        (datetime(2026, 12, 18, 12, 0, tzinfo=UTC), "midday on Friday 18 December 2026"),
        (datetime(2026, 12, 18, 12, 30, tzinfo=UTC), "12:30pm on Friday 18 December 2026"),
        (datetime(2026, 12, 18, 0, 30, tzinfo=UTC), "12:30am on Friday 18 December 2026"),
        # midnight is ambiguous: the last minute of the day before is not
        (datetime(2026, 12, 19, 0, 0, tzinfo=UTC), "11:59pm on Friday 18 December 2026"),
        (datetime(2026, 6, 18, 23, 0, tzinfo=UTC), "11:59pm on Thursday 18 June 2026"),
    ],
)
def test_expiry_in_london_time_govuk_style(moment: datetime, expected: str) -> None:
    assert until(moment) == expected


def test_sends_one_message_to_the_contact_once() -> None:
    contacts = InMemoryResumeContacts([make_contact()])
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(contacts, mailer, messages) is Outcome.SENT
    [sent] = mailer.sent
    assert sent["To"] == REFERRER
    assert sent["From"] == "cspr@partnership.example"
    assert sent["Reply-To"] is None  # a reply would carry the link to a shared mailbox
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None and LINK in body.get_content()
    record = messages.get(idempotency_key(7, 2))
    assert record is not None and record.status == Status.SENT and record.recipient == REFERRER
    assert record.backend_id == sent["Message-ID"]

    assert run(contacts, mailer, messages) is Outcome.ALREADY_SENT
    assert len(mailer.sent) == 1


def test_idempotency_key_names_draft_and_serial_only() -> None:
    assert idempotency_key(7, 2) == "resume-link:7:2"
    assert TOKEN not in idempotency_key(7, 2)


@pytest.mark.parametrize(
    ("contact", "serial", "outcome"),
    [
        (None, 2, Outcome.DRAFT_GONE),
        (make_contact(submitted=True), 2, Outcome.SUBMITTED),
        (make_contact(serial=3), 2, Outcome.REPLACED),
        (make_contact(serial=2), 3, Outcome.REPLACED),
        (make_contact(expires_at=NOW), 2, Outcome.EXPIRED),
        (make_contact(expires_at=NOW - timedelta(days=1)), 2, Outcome.EXPIRED),
    ],
)
def test_a_link_that_is_no_longer_current_is_not_sent(
    contact: object, serial: int, outcome: Outcome
) -> None:
    contacts = InMemoryResumeContacts([contact] if contact is not None else [])  # type: ignore[list-item]
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(contacts, mailer, messages, serial=serial) is outcome
    assert mailer.sent == [] and messages.records == {}


def test_still_current_one_second_before_it_expires() -> None:
    contacts = InMemoryResumeContacts([make_contact(expires_at=NOW + timedelta(seconds=1))])
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(contacts, mailer, messages) is Outcome.SENT


def test_a_retry_after_a_newer_save_sends_only_the_newer_link() -> None:
    contacts = InMemoryResumeContacts([make_contact(serial=2)])
    mailer, messages = FakeMailer(failing={REFERRER}), InMemoryMessages()
    with pytest.raises(TemporaryFailure):
        run(contacts, mailer, messages, serial=2)
    record = messages.get(idempotency_key(7, 2))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE

    mailer.failing.clear()
    contacts.contacts[7] = make_contact(serial=3)  # saved again meanwhile
    assert run(contacts, mailer, messages, serial=2) is Outcome.REPLACED
    assert run(contacts, mailer, messages, serial=3) is Outcome.SENT
    assert len(mailer.sent) == 1


def test_the_token_and_the_address_never_reach_the_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    contacts = InMemoryResumeContacts([make_contact()])
    run(contacts, FakeMailer(), InMemoryMessages())
    run(contacts, FakeMailer(), InMemoryMessages(), serial=1)
    with pytest.raises(TemporaryFailure):
        run(contacts, FakeMailer(failing={REFERRER}), InMemoryMessages())
    assert caplog.records
    assert "resume link 2 for draft 7 sent" in caplog.text
    assert TOKEN not in caplog.text
    assert REFERRER not in caplog.text


def test_the_log_filter_masks_the_link_should_it_ever_be_logged() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "link %s", (LINK,), None)
    assert PersonalDataFilter().filter(record)
    assert TOKEN not in record.getMessage()


def test_message_carries_no_token_outside_the_body() -> None:
    content = compose(
        form_id="serious-incident",
        token=TOKEN,
        expires_at=NOW + timedelta(days=28),
        settings=make_settings(),
    )
    message = build_message(
        content, to=REFERRER, mail_from="cspr@partnership.example", key="resume-link:7:2", now=NOW
    )
    headers = "\n".join(f"{k}: {v}" for k, v in message.items())
    assert TOKEN not in headers and TOKEN not in content.subject
