"""The disagreement notice: its recipients, what it says (never what was said in
disagreement), when it is not sent, and sending it once to each."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from services.notifier.app import create_app
from services.notifier.disagreement import (
    Addressee,
    NoticeNotSent,
    NoticeReport,
    Outcome,
    ReportNotFound,
    compose,
    idempotency_key,
    send_disagreement_notice,
)
from services.notifier.jobs import send_disagreement_notice as job
from services.notifier.statuses import Status
from services.scheduler.readmodel import LeadRepresentative, ReportSnapshot
from shared import runtime
from shared.config import load_config
from tests.unit.notifier.review_factories import (
    CHAIR,
    CONSOLE,
    LEAD_EMAIL,
    LEAD_NAME,
    LEADS,
    OPS,
    REFERENCE,
    Fakes,
    disagreed,
    make_fakes,
    make_report,
    make_settings,
    parts,
    personal_strings,
    plain,
    report_answers,
)

NOW = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
SUBJECT = f"Rapid Review {REFERENCE}: the recommendation was not unanimous"
EVERYONE = [lead.email for lead in LEADS] + [CHAIR, OPS]


def run(fakes: Fakes, *, version: int = 2) -> NoticeReport:
    return send_disagreement_notice(
        REFERENCE,
        version,
        reports=fakes.reports,
        leads=fakes.leads,
        messages=fakes.messages,
        mailer=fakes.mailer,
        settings=make_settings(),
        clock=lambda: NOW,
    )


def test_subject_and_body_send_the_reader_to_the_console() -> None:
    addressee = Addressee("police lead", LEAD_NAME, LEAD_EMAIL)
    content = compose(make_report(), addressee, make_settings())
    assert content.subject == SUBJECT
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert f"Dear {LEAD_NAME},\n" in text
    assert (
        "The lead representatives did not all agree with the recommendation of the Rapid "
        f"Review for case {REFERENCE}." in text
    )
    assert "The disagreement was recorded in the Rapid Review report (version 2)." in text
    assert (
        "Read the report, and what was recorded, in the case management console:\n"
        f"{CONSOLE}/cases/{REFERENCE}\n" in text
    )
    assert "If they cannot, the independent scrutineer may be asked to mediate." in text
    assert f"Email: {OPS}\n" in text
    assert f'<a href="{CONSOLE}/cases/{REFERENCE}">' in content.html
    assert "&lt;" not in text and "&amp;" not in text


def test_the_three_lead_representatives_then_the_chair_and_ops_are_each_sent_one() -> None:
    fakes = make_fakes(reports=(make_report(),))
    report = run(fakes)
    assert report.sent == (
        "health lead",
        "local_authority lead",
        "police lead",
        "chair",
        "ops",
    )
    assert [m["To"] for m in fakes.mailer.sent] == EVERYONE
    assert all(m["Subject"] == SUBJECT for m in fakes.mailer.sent)
    assert all(m["Reply-To"] == OPS for m in fakes.mailer.sent)
    greetings = [plain(m).split("\n\n")[2] for m in fakes.mailer.sent]
    assert greetings == [
        "Dear Harriet Moss,",
        "Dear Lewis Grant,",
        f"Dear {LEAD_NAME},",
        "Dear colleague,",
        "Dear colleague,",
    ]
    keys = [o.idempotency_key for o in fakes.messages.claimed]
    assert keys == [f"disagreement-notice:{REFERENCE}:v2:{address}" for address in EVERYONE]
    assert all(o.case_reference == REFERENCE for o in fakes.messages.claimed)
    assert all(o.template == "disagreement_notice" for o in fakes.messages.claimed)
    assert all(r.status == Status.SENT for r in fakes.messages.records.values())

    again = run(fakes)
    assert again.outcome is Outcome.ALREADY_SENT
    assert len(fakes.mailer.sent) == 5


def test_one_mailbox_in_two_roles_gets_one_message() -> None:
    leads = (*LEADS, LeadRepresentative("police", "Deputy", CHAIR.upper()))
    fakes = make_fakes(reports=(make_report(),), leads=leads)
    run(fakes)
    assert [m["To"] for m in fakes.mailer.sent] == [
        *[lead.email for lead in LEADS],
        CHAIR.upper(),
        OPS,
    ]
    assert idempotency_key(REFERENCE, 2, CHAIR.upper()) == idempotency_key(REFERENCE, 2, CHAIR)


def test_nothing_said_in_disagreement_nor_about_the_child_reaches_the_email() -> None:
    answers = report_answers()
    fakes = make_fakes(reports=(make_report(answers=answers, decisions=(disagreed(),)),))
    run(fakes)
    assert len(fakes.mailer.sent) == 5
    for message in fakes.mailer.sent:
        seen = parts(message)
        for value in personal_strings(answers):
            assert all(value not in part for part in seen), value
        assert REFERENCE in seen[0] and REFERENCE in seen[1]


@pytest.mark.parametrize(
    "report",
    [
        make_report(decisions=(disagreed("health"),), answers=report_answers(disagreement="no")),
        make_report(answers={**report_answers(), "disagreement": "yes"}),
    ],
)
def test_a_decision_disagreeing_or_a_plain_yes_counts_as_a_disagreement(
    report: ReportSnapshot,
) -> None:
    fakes = make_fakes(reports=(report,))
    assert run(fakes).outcome is Outcome.SENT


def test_a_report_recording_no_disagreement_sends_nothing() -> None:
    fakes = make_fakes(reports=(make_report(answers=report_answers(disagreement="no")),))
    assert run(fakes).outcome is Outcome.NO_DISAGREEMENT
    assert fakes.mailer.sent == [] and fakes.messages.records == {}


def test_a_version_not_readable_yet_raises_so_the_job_is_retried() -> None:
    fakes = make_fakes(reports=(make_report(version=1),))
    with pytest.raises(ReportNotFound):
        run(fakes, version=2)
    assert fakes.mailer.sent == []


def test_a_refused_send_is_retried_for_that_recipient_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fakes = make_fakes(reports=(make_report(),))
    fakes.mailer.failing.add(LEAD_EMAIL)
    with pytest.raises(NoticeNotSent, match="police lead"):
        run(fakes)
    assert len(fakes.mailer.sent) == 4
    record = fakes.messages.get(idempotency_key(REFERENCE, 2, LEAD_EMAIL))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    fakes.mailer.failing.clear()
    again = run(fakes)
    assert again.sent == ("police lead",)
    assert [m["To"] for m in fakes.mailer.sent][-1] == LEAD_EMAIL
    assert len(fakes.mailer.sent) == 5
    for address in EVERYONE:
        assert address not in caplog.text
    assert f"disagreement notice for {REFERENCE} v2 to police lead failed" in caplog.text


def test_the_job_uses_the_registered_container() -> None:
    runtime.clear()
    fakes = make_fakes(reports=(make_report(),))
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": OPS,
            "CHAIR_EMAIL": CHAIR,
            "MAIL_FROM": "cspr@partnership.example",
            "CONSOLE_URL": CONSOLE,
        },
    )
    try:
        create_app(
            config,
            mailer=fakes.mailer,
            messages=fakes.messages,
            reports=fakes.reports,
            lead_representatives=fakes.leads,
            clock=lambda: NOW,
        )
        job(case_reference=REFERENCE, version=2)
    finally:
        runtime.clear()
    assert [m["To"] for m in fakes.mailer.sent] == EVERYONE
