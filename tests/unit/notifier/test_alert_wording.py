"""What the new-referral alert says, and what it must never say."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.notifier.alerts import compose
from shared.govuk_dates import weekday_date
from tests.unit.notifier.factories import (
    CHILD_NAME,
    OUTLINE,
    make_case,
    make_deadline,
    make_settings,
)
from tests.unit.notifier.mime import key_message_id as message_id
from tests.unit.notifier.mime import mime as build_message

NOW = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)


def test_subject_names_route_reference_and_decision_date() -> None:
    content = compose(make_case(), make_settings())
    assert content.subject == (
        "New serious incident referral GSCP-2026-0001 \N{EN DASH} decision due 27 November 2026"
    )


def test_body_lists_partnership_reference_route_date_and_link() -> None:
    text = compose(make_case(), make_settings()).text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert "Reference: GSCP-2026-0001" in text
    assert "Route: Serious incident" in text
    assert "Date received: Friday 20 November 2026" in text
    assert "Sign in to the case management console to see the referral" in text
    assert "https://console.partnership.example/cases/GSCP-2026-0001" in text


def test_every_open_deadline_is_listed_in_due_order() -> None:
    text = compose(make_case(), make_settings()).text
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Chair to inform the three lead representatives: by Monday 23 November 2026",
        "- Chair to decide whether the criteria are met: by Friday 27 November 2026",
        "- Local authority to notify the national Panel: by Friday 27 November 2026",
        "- Rapid Review to be completed and sent to the Panel: by Friday 11 December 2026",
    ]


def test_met_deadlines_are_left_out_and_unknown_clocks_still_shown() -> None:
    case = make_case(
        deadlines=(
            make_deadline(clock="inform_lead_representatives", due_on=date(2026, 11, 23), met=True),
            make_deadline(clock="some_new_clock", due_on=date(2026, 12, 1)),
        )
    )
    content = compose(case, make_settings())
    assert "lead representatives" not in content.text
    assert "- Some new clock: by Tuesday 1 December 2026" in content.text
    assert "decision due" not in content.subject


def test_practice_learning_referral_without_clocks() -> None:
    content = compose(make_case(route="practice_learning", deadlines=()), make_settings())
    assert content.subject == "New practice learning referral GSCP-2026-0001"
    assert "There are no deadlines running for this referral yet." in content.text


def test_a_trailing_slash_on_the_console_url_does_not_double() -> None:
    text = compose(make_case(), make_settings(console_url="https://c.example/")).text
    assert "https://c.example/cases/GSCP-2026-0001" in text


@pytest.mark.parametrize(
    "personal",
    [
        CHILD_NAME,
        "Amelia",
        "Hartley",
        OUTLINE,
        "unexplained injuries",
        "2019-03-14",
        "14 March 2019",
        "14/03/2019",
        "Sam Practitioner",
        "Riverside Primary",
        "sam.practitioner@school.example",
    ],
)
def test_no_personal_data_in_any_part_of_the_message(personal: str) -> None:
    case = make_case(details={"outline": OUTLINE, "child_address": "1 Hartley Road"})
    content = compose(case, make_settings())
    message = build_message(
        content,
        to="ops-team@partnership.example",
        mail_from="cspr@partnership.example",
        key="k",
        now=NOW,
    )
    for part in (content.subject, content.text, content.html):
        assert personal not in part
    assert personal not in message.as_string()
    assert "1 Hartley Road" not in content.text


def test_html_part_is_escaped_and_text_part_is_not() -> None:
    settings = make_settings(partnership_name="Tom & Jerry <Partnership>")
    content = compose(make_case(), settings)
    assert "Tom &amp; Jerry &lt;Partnership&gt;" in content.html
    assert "<Partnership>" not in content.html
    assert content.text.startswith("Tom & Jerry <Partnership>\n")
    assert 'href="https://console.partnership.example/cases/GSCP-2026-0001"' in content.html


def test_message_headers_and_parts() -> None:
    content = compose(make_case(), make_settings())
    message = build_message(
        content,
        to="lfp-chair@partnership.example",
        mail_from="cspr@partnership.example",
        key="key-1",
        now=NOW,
    )
    assert message["From"] == "cspr@partnership.example"
    assert message["To"] == "lfp-chair@partnership.example"
    assert message["Subject"] == content.subject
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == message_id("key-1", "cspr@partnership.example")
    assert message["Message-ID"].endswith("@partnership.example>")
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == content.text
    assert html.get_content() == content.html


def test_message_id_is_stable_per_key_and_differs_between_keys() -> None:
    assert message_id("a", "x@d.example") == message_id("a", "x@d.example")
    assert message_id("a", "x@d.example") != message_id("b", "x@d.example")


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 11, 23), "Monday 23 November 2026"), (date(2027, 1, 1), "Friday 1 January 2027")],
)
def test_long_date(day: date, expected: str) -> None:
    assert weekday_date(day) == expected
