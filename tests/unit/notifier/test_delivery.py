"""The delivery core's rules, with the ports in memory: recorded before sent, one lease holder,
a settled message never sent again, failures recorded as what they are, and an interrupted
hand-over never silently repeated. (tests/integration/notifier/test_delivery_once.py runs
the same rules on PostgreSQL, Redis and a real SMTP server.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notifier import resend, tracking
from services.notifier.backends import Content, LeaseLost, TemporaryFailure
from services.notifier.delivery import LEASE, MessageInFlight, Result, reference_for, send_once
from services.notifier.messages import Outgoing
from services.notifier.statuses import (
    NEEDS_ATTENTION,
    TEMPLATES,
    WORDS,
    Status,
    template_label,
    words,
)
from shared.queue import JOBS
from tests.unit.notifier.fakes import FakeMailer, InMemoryMessages

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
TO = "ops-team@partnership.example"
KEY = "clock-alert:GSCP-2026-0001:notify_panel:overdue:2026-12-01"
CONTENT = Content("Subject line", "Plain text", "<p>HTML</p>")


def outgoing(**changes: object) -> Outgoing:
    values: dict[str, object] = {
        "idempotency_key": KEY,
        "template": "clock_alert",
        "case_reference": "GSCP-2026-0001",
        "recipient": TO,
        "subject": CONTENT.subject,
        **changes,
    }
    return Outgoing(**values)  # type: ignore[arg-type]


def send(
    messages: InMemoryMessages, mailer: FakeMailer, now: datetime = NOW, **changes: object
) -> Result:
    return send_once(
        outgoing(**changes),
        CONTENT,
        messages=messages,
        mailer=mailer,
        mail_from="cspr@partnership.example",
        clock=lambda: now,
    )


def test_the_lease_outlasts_every_job_that_sends() -> None:
    # RQ stops a job at its timeout: a lease longer than that is never taken over from a
    # worker that is still sending (check_messages sends nothing and holds no lease)
    senders = [
        s.timeout
        for s in JOBS.values()
        if s.name.startswith("services.notifier.") and not s.name.endswith(".check_messages")
    ]
    assert timedelta(seconds=max(senders)) < LEASE


def test_recorded_then_sent_once_with_the_kept_text() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    assert send(messages, mailer) is Result.SENT
    assert send(messages, mailer) is Result.ALREADY_SENT
    assert len(mailer.sent) == 1
    record = messages.get(KEY)
    assert record is not None and record.status == Status.SENT and record.attempts == 1
    assert record.reference == reference_for(KEY) and TO not in (record.reference or "")
    assert record.kept is not None and record.kept.text == "Plain text"
    assert record.lease_owner is None


def test_a_message_holding_a_link_keeps_no_text() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    send(messages, mailer, secret=True)
    record = messages.get(KEY)
    assert record is not None and record.kept is None


def test_while_another_worker_holds_the_lease_nothing_is_sent() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    messages.record(outgoing(), reference=reference_for(KEY), now=NOW, kept=None)
    messages.claim(KEY, "other-worker", NOW, LEASE)
    with pytest.raises(MessageInFlight):
        send(messages, mailer, now=NOW + LEASE - timedelta(seconds=1))
    assert mailer.sent == []
    # once it expired, and the other never handed it over: sent, once
    assert send(messages, mailer, now=NOW + LEASE + timedelta(seconds=1)) is Result.SENT
    assert len(mailer.sent) == 1


def test_an_expired_lease_after_the_hand_over_is_unknown_when_the_relay_cannot_tell() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    messages.record(outgoing(), reference=reference_for(KEY), now=NOW, kept=None)
    messages.claim(KEY, "dead-worker", NOW, LEASE)
    assert messages.mark_dispatched(KEY, "dead-worker", NOW)
    assert send(messages, mailer, now=NOW + 2 * LEASE) is Result.UNKNOWN
    assert mailer.sent == []
    record = messages.get(KEY)
    assert record is not None and record.status == Status.UNKNOWN
    assert send(messages, mailer, now=NOW + 3 * LEASE) is Result.UNKNOWN
    assert mailer.sent == []


def test_an_expired_lease_after_the_hand_over_asks_a_back_end_that_can_tell() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer(name="notify", can_look_up=True)
    messages.record(outgoing(), reference=reference_for(KEY), now=NOW, kept=None)
    messages.claim(KEY, "dead-worker", NOW, LEASE)
    messages.mark_dispatched(KEY, "dead-worker", NOW)
    mailer.holding[reference_for(KEY)] = "notify-id-1"  # it did get there
    assert send(messages, mailer, now=NOW + 2 * LEASE) is Result.ALREADY_SENT
    record = messages.get(KEY)
    assert record is not None and record.status == Status.SENT
    assert record.backend_id == "notify-id-1" and mailer.sent == []


def test_failures_are_recorded_as_what_they_are() -> None:
    messages = InMemoryMessages()
    with pytest.raises(TemporaryFailure):
        send(messages, FakeMailer(failing={TO}))
    record = messages.get(KEY)
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    assert record.dispatched_at is None and record.last_error and TO not in record.last_error

    refused = InMemoryMessages()
    assert send(refused, FakeMailer(refusing={TO})) is Result.REFUSED
    assert send(refused, FakeMailer()) is Result.REFUSED  # not sent later either
    record = refused.get(KEY)
    assert record is not None and record.status == Status.PERMANENT_FAILURE

    lost = InMemoryMessages()
    assert send(lost, FakeMailer(losing={TO})) is Result.UNKNOWN
    record = lost.get(KEY)
    assert record is not None and record.status == Status.UNKNOWN
    assert record.dispatched_at is not None


def test_a_back_end_that_can_be_asked_retries_a_lost_answer_after_asking() -> None:
    messages = InMemoryMessages()
    notify = FakeMailer(name="notify", can_look_up=True, losing={TO})
    with pytest.raises(Exception, match="connection was lost"):
        send(messages, notify)
    record = messages.get(KEY)
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    assert record.dispatched_at is not None  # the retry asks first
    notify.losing.clear()
    assert send(messages, notify) is Result.SENT  # it was not there: sent now
    assert len(notify.sent) == 1


def test_a_lease_lost_before_the_hand_over_sends_nothing() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    messages.record(outgoing(), reference=reference_for(KEY), now=NOW, kept=None)

    class TakenOver(InMemoryMessages):
        def mark_dispatched(self, key: str, owner: str, now: datetime) -> bool:
            return False

    taken = TakenOver()
    with pytest.raises(LeaseLost):
        send(taken, mailer)
    assert mailer.sent == []


def test_the_sweep_settles_expired_leases_honestly() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    for key, handed_over in (("before", False), ("after", True)):
        messages.record(outgoing(idempotency_key=key), reference=key, now=NOW, kept=None)
        messages.claim(key, "dead", NOW, LEASE)
        if handed_over:
            messages.mark_dispatched(key, "dead", NOW)
    assert tracking.settle_expired(messages, mailer, NOW + LEASE / 2) == (0, 0)
    assert tracking.settle_expired(messages, mailer, NOW + 2 * LEASE) == (2, 2)
    before, after = messages.get("before"), messages.get("after")
    assert before is not None and before.status == Status.TEMPORARY_FAILURE
    assert after is not None and after.status == Status.UNKNOWN


def test_a_resend_is_a_new_message_with_the_same_text_once_per_serial() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    send(messages, mailer)
    original = messages.get(KEY)
    assert original is not None

    def again(serial: int) -> resend.Outcome:
        return resend.resend_message(
            original.id,
            serial,
            messages=messages,
            mailer=mailer,
            mail_from="cspr@partnership.example",
            clock=lambda: NOW,
        )

    assert again(1) is resend.Outcome.SENT
    assert again(1) is resend.Outcome.ALREADY_SENT
    assert len(mailer.sent) == 2
    first, second = mailer.sent
    assert second["Subject"] == first["Subject"] and second["To"] == first["To"]
    assert messages.get(f"{KEY}:resend:1") is not None
    assert (
        resend.resend_message(
            999, 1, messages=messages, mailer=mailer, mail_from="x@y.example", clock=lambda: NOW
        )
        is resend.Outcome.NO_SUCH_MESSAGE
    )


def test_a_message_holding_a_link_is_not_resent() -> None:
    messages, mailer = InMemoryMessages(), FakeMailer()
    send(messages, mailer, secret=True)
    record = messages.get(KEY)
    assert record is not None
    outcome = resend.resend_message(
        record.id, 1, messages=messages, mailer=mailer, mail_from="x@y.example", clock=lambda: NOW
    )
    assert outcome is resend.Outcome.NOT_KEPT and len(mailer.sent) == 1


def test_every_status_has_words_and_every_template_a_name() -> None:
    assert set(WORDS) == set(Status)
    assert all(w.label and w.tag_class.startswith("govuk-tag--") for w in WORDS.values())
    assert all(WORDS[s].meaning for s in NEEDS_ATTENTION)
    assert words("something_new").label == "Something new"
    from pathlib import Path

    import services.notifier as package

    folder = Path(package.__file__).with_name("templates")
    names = {p.stem for p in folder.glob("*.txt")}
    assert names == {p.stem for p in folder.glob("*.html")}
    assert names == set(TEMPLATES)
    assert template_label("clock_alert") == "Deadline alert"
