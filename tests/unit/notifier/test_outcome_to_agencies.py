"""The outcome to agencies: what it says, which agencies get it, and sending it once each."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from services.notifier.app import create_app
from services.notifier.jobs import send_outcome_to_agencies as job
from services.notifier.messages import Outgoing
from services.notifier.outcome import (
    OutcomeNotFound,
    OutcomeNotSent,
    SendReport,
    compose,
    idempotency_key,
    send_outcome_to_agencies,
)
from services.notifier.statuses import Status
from services.scheduler.domain.inputs import Option
from services.scheduler.domain.outcomes import OUTCOMES
from services.scheduler.readmodel import ReportSnapshot
from shared import runtime
from shared.config import load_config
from tests.unit.notifier.review_factories import (
    CHAIR,
    OPS,
    RECOMMENDATION_DETAILS,
    REFERENCE,
    Fakes,
    make_agency,
    make_fakes,
    make_report,
    make_settings,
    parts,
    personal_strings,
    report_answers,
)

NOW = datetime(2026, 12, 21, 11, 0, tzinfo=UTC)
SUBJECT = f"Rapid Review {REFERENCE}: outcome"
POLICE = make_agency()
SCHOOL = make_agency(
    case_agency_id=13,
    name="Riverside Academy",
    representative="Tom Reid",
    email="t.reid@riverside.example",
)
HOUSING = make_agency(case_agency_id=14, name="Housing", representative="Ann Lowe", email="")


def run(fakes: Fakes) -> SendReport:
    return send_outcome_to_agencies(
        REFERENCE,
        reports=fakes.reports,
        agencies=fakes.agencies,
        messages=fakes.messages,
        mailer=fakes.mailer,
        settings=make_settings(),
        clock=lambda: NOW,
    )


def test_subject_and_body_thank_the_agency_and_give_the_outcome() -> None:
    content = compose(REFERENCE, "b", POLICE, make_settings())
    assert content.subject == SUBJECT
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert "Dear Priya Shah,\n" in text
    assert (
        f"Thank you for Greenwich Police's contribution to the Rapid Review of case {REFERENCE}."
        in text
    )
    assert (
        "The outcome of the Rapid Review\n\n"
        "b) Meets the criteria for a local Child Safeguarding Practice Review\n" in text
    )
    assert f"Contact the Partnership Operations Team, quoting reference {REFERENCE}:" in text
    assert "Telephone: 020 8921 8732\n" in text
    assert f"Email: {OPS}\n" in text
    assert (
        "<strong>b) Meets the criteria for a local Child Safeguarding Practice Review</strong>"
        in content.html
    )
    assert "&lt;" not in text and "&amp;" not in text


@pytest.mark.parametrize("option", OUTCOMES, ids=lambda o: o.value)
def test_every_outcome_is_worded_with_the_scheduler_label(option: Option) -> None:
    content = compose(REFERENCE, option.value, POLICE, make_settings())
    assert f"\n{option.value}) {option.label}\n" in content.text


def test_the_html_part_is_escaped_and_no_representative_is_a_dear_colleague_letter() -> None:
    odd = make_agency(name="Smith & Jones <Care>", representative="")
    content = compose(REFERENCE, "h", odd, make_settings())
    assert "Smith &amp; Jones &lt;Care&gt;'s contribution" in content.html
    assert "Thank you for Smith & Jones <Care>'s contribution" in content.text
    assert "Dear colleague,\n" in content.text


def test_each_agency_with_an_address_is_sent_one_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fakes = make_fakes(reports=(make_report(),), agencies=(POLICE, HOUSING, SCHOOL))
    report = run(fakes)
    assert report == SendReport(sent=(12, 13), already_sent=(), no_address=(14,))
    assert [m["To"] for m in fakes.mailer.sent] == [POLICE.email, SCHOOL.email]
    assert all(m["Subject"] == SUBJECT and m["Reply-To"] == OPS for m in fakes.mailer.sent)
    assert fakes.messages.claimed == [
        Outgoing(
            f"outcome:{REFERENCE}:12", "outcome_to_agencies", REFERENCE, POLICE.email, SUBJECT
        ),
        Outgoing(
            f"outcome:{REFERENCE}:13", "outcome_to_agencies", REFERENCE, SCHOOL.email, SUBJECT
        ),
    ]
    assert all(r.status == Status.SENT for r in fakes.messages.records.values())
    assert f"outcome of {REFERENCE} not sent to case agency 14: no email" in caplog.text

    assert run(fakes) == SendReport(sent=(), already_sent=(12, 13), no_address=(14,))
    assert len(fakes.mailer.sent) == 2
    for agency in (POLICE, SCHOOL):
        assert agency.email not in caplog.text and agency.representative not in caplog.text


def test_the_outcome_is_the_final_reports_recommendation_never_its_details() -> None:
    answers = report_answers(recommendation="j")
    draft = make_report(version=3, status="draft", answers=report_answers(recommendation="a"))
    fakes = make_fakes(reports=(make_report(answers=answers), draft), agencies=(POLICE,))
    run(fakes)
    [sent] = fakes.mailer.sent
    seen = parts(sent)
    assert "\nj) Other\n" in seen[1]
    assert "national" not in seen[1]
    for value in [*personal_strings(answers), RECOMMENDATION_DETAILS]:
        assert all(value not in part for part in seen), value
    assert REFERENCE in seen[0] and REFERENCE in seen[1]


@pytest.mark.parametrize(
    "reports",
    [
        (),
        (make_report(status="draft"),),
        (make_report(answers={"disagreement": {"answer": "no"}}),),
        (make_report(answers={"recommendation": {"answer": " "}}),),
    ],
)
def test_no_outcome_to_tell_yet_raises_so_the_job_is_retried(
    reports: tuple[ReportSnapshot, ...],
) -> None:
    fakes = make_fakes(reports=reports, agencies=(POLICE,))
    with pytest.raises(OutcomeNotFound):
        run(fakes)
    assert fakes.mailer.sent == [] and fakes.messages.records == {}


def test_no_agency_on_the_case_sends_nothing() -> None:
    fakes = make_fakes(reports=(make_report(),))
    assert run(fakes) == SendReport()
    assert fakes.mailer.sent == []


def test_a_refused_send_is_retried_for_that_agency_only() -> None:
    fakes = make_fakes(reports=(make_report(),), agencies=(POLICE, SCHOOL))
    fakes.mailer.failing.add(POLICE.email)
    with pytest.raises(OutcomeNotSent, match="case agencies 12"):
        run(fakes)
    assert [m["To"] for m in fakes.mailer.sent] == [SCHOOL.email]
    record = fakes.messages.get(idempotency_key(REFERENCE, 12))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    fakes.mailer.failing.clear()
    assert run(fakes) == SendReport(sent=(12,), already_sent=(13,))
    assert [m["To"] for m in fakes.mailer.sent] == [SCHOOL.email, POLICE.email]


def test_the_job_uses_the_registered_container() -> None:
    runtime.clear()
    fakes = make_fakes(reports=(make_report(),), agencies=(POLICE,))
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": OPS,
            "CHAIR_EMAIL": CHAIR,
            "MAIL_FROM": "cspr@partnership.example",
        },
    )
    try:
        create_app(
            config,
            mailer=fakes.mailer,
            messages=fakes.messages,
            reports=fakes.reports,
            case_agencies=fakes.agencies,
            clock=lambda: NOW,
        )
        job(case_reference=REFERENCE)
    finally:
        runtime.clear()
    [sent] = fakes.mailer.sent
    assert sent["To"] == POLICE.email
    assert "Warrants consideration of DHR, SAR, MAPPA SFO or other" in parts(sent)[1]
