import logging

import pytest

from shared.logsafe import PersonalDataFilter, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sent to jo.bloggs@school.example.org", "sent to [email]"),
        ("call 020 8921 8732 now", "call [phone] now"),
        ("born 03/04/2019", "born [date]"),
        ("case GSCP-2026-0001 opened", "case GSCP-2026-0001 opened"),
        (
            "GET /referrals/serious-incident/resume/abc.DEF-1 200",
            "GET /referrals/serious-incident/resume/[token] 200",
        ),
        ("token q3Zr_8xv-Yb2WmT0KpLd9sNeH4uAcJf7G1oIyRtVwXk used", "token [token] used"),
        ("sha256 " + "0123456789abcdef" * 4, "sha256 " + "0123456789abcdef" * 4),
        (
            "services.notifier.jobs.send_resume_link (resume-link-12-3)",
            "services.notifier.jobs.send_resume_link (resume-link-12-3)",
        ),
        # job ids naming a case stay readable for whoever runs the service
        (
            "enqueued as new-referral-alert-GSCP-2026-0001",
            "enqueued as new-referral-alert-GSCP-2026-0001",
        ),
        (
            "clock-alert-GSCP-2026-0001-inform_lead_representatives-due_today-2026-11-03",
            "clock-alert-GSCP-2026-0001-inform_lead_representatives-due_today-2026-11-03",
        ),
    ],
)
def test_scrub(text: str, expected: str) -> None:
    assert scrub(text) == expected


def test_filter_rewrites_records_with_args() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "to %s", ("a@b.example",), None)
    assert PersonalDataFilter().filter(record)
    assert record.getMessage() == "to [email]"
