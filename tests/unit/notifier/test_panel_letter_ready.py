"""The Panel-letter-ready email to the chair: its wording, its one recipient, sent once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifier.alerts import CaseNotFound
from services.notifier.delivery import Result
from services.notifier.panel_letter_ready import (
    PanelLetterReadySettings,
    compose,
    send_panel_letter_ready,
)
from services.notifier.statuses import TEMPLATES
from tests.unit.notifier.factories import CHILD_DOB, CHILD_NAME, OUTLINE, make_case
from tests.unit.notifier.fakes import FakeMailer, InMemoryCases, InMemoryMessages

CHAIR = "lfp-chair@partnership.example"
NOW = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
SETTINGS = PanelLetterReadySettings(
    partnership_name="Greenwich Safeguarding Children Partnership",
    console_url="https://console.partnership.example",
    mail_from="cspr@partnership.example",
    chair_email=CHAIR,
)


def run(mailer: FakeMailer, messages: InMemoryMessages, document_id: int = 21) -> Result:
    case = make_case(details={"outline": OUTLINE, "child_address": "1 Hartley Road"})
    return send_panel_letter_ready(
        "GSCP-2026-0001",
        document_id,
        cases=InMemoryCases([case]),
        messages=messages,
        mailer=mailer,
        settings=SETTINGS,
        clock=lambda: NOW,
    )


def test_the_chair_alone_is_told_once_per_letter() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    assert run(mailer, messages) == Result.SENT
    assert run(mailer, messages) == Result.ALREADY_SENT
    [sent] = mailer.sent
    assert sent["To"] == CHAIR
    assert sent["Subject"] == (
        "Rapid Review GSCP-2026-0001: the letter to the Panel is ready for you to sign"
    )
    record = messages.get("panel-letter-ready:GSCP-2026-0001:21")
    assert record is not None and record.template == "panel_letter_ready"
    # a letter drafted again (another document) is another email
    assert run(mailer, messages, document_id=25) == Result.SENT
    assert len(mailer.sent) == 2


def test_it_says_what_to_do_and_links_the_case() -> None:
    content = compose("GSCP-2026-0001", SETTINGS)
    lines = content.text.splitlines()
    assert "What you need to do" in lines
    assert (
        "3. Sign the letter and send it to the national Panel with the Rapid Review report."
        in lines
    )
    assert "https://console.partnership.example/cases/GSCP-2026-0001" in lines
    assert '<a href="https://console.partnership.example/cases/GSCP-2026-0001">' in content.html
    assert "panel_letter_ready" in TEMPLATES


@pytest.mark.parametrize(
    "personal", [CHILD_NAME, "Hartley", OUTLINE, CHILD_DOB.isoformat(), "14 March 2019"]
)
def test_no_personal_data_in_the_message(personal: str) -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    run(mailer, messages)
    [sent] = mailer.sent
    assert personal not in sent.as_string()
    for part in sent.walk():
        if part.get_content_maintype() == "text":
            assert personal not in part.get_content()


def test_an_unknown_case_raises_so_the_job_is_retried() -> None:
    mailer, messages = FakeMailer(), InMemoryMessages()
    with pytest.raises(CaseNotFound):
        send_panel_letter_ready(
            "GSCP-2026-9999",
            21,
            cases=InMemoryCases([make_case()]),
            messages=messages,
            mailer=mailer,
            settings=SETTINGS,
            clock=lambda: NOW,
        )
    assert mailer.sent == []
