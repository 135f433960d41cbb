"""What a clock alert says for each kind of event, and what it must never say."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.notifier.clock_alerts import (
    ClockAlertSettings,
    ClockEvent,
    compose,
    status,
    when,
)
from services.notifier.wording import london_date
from tests.unit.notifier.factories import CHILD_NAME, OUTLINE

LABEL = "Notify the national Panel"
SETTINGS = ClockAlertSettings(
    partnership_name="Greenwich Safeguarding Children Partnership",
    console_url="https://console.partnership.example",
    mail_from="cspr@partnership.example",
    ops_email="ops-team@partnership.example",
    chair_email="lfp-chair@partnership.example",
)


def event(
    *,
    kind: str = "overdue",
    day: str = "2026-11-30",
    due_on: str = "2026-11-27",
    label: str = LABEL,
    clock: str = "notify_panel",
) -> ClockEvent:
    return ClockEvent.parse("GSCP-2026-0001", clock, kind, day, label, due_on)


@pytest.mark.parametrize(
    ("kind", "day", "due_on", "today", "subject"),
    [
        ("overdue", "2026-11-30", "2026-11-27", date(2026, 11, 30), "is overdue"),
        ("due_today", "2026-11-27", "2026-11-27", date(2026, 11, 27), "is due today"),
        ("due_soon", "2026-11-23", "2026-11-24", date(2026, 11, 23), "is due tomorrow"),
        # the last working day before a Monday deadline is the Friday
        (
            "due_soon",
            "2026-11-20",
            "2026-11-23",
            date(2026, 11, 20),
            "is due on Monday 23 November 2026",
        ),
        (
            "due_soon",
            "2026-11-20",
            "2026-11-24",
            date(2026, 11, 21),
            "is due on Tuesday 24 November 2026",
        ),
        # caught up, or retried, after its day: the email speaks of the day it is sent
        ("due_soon", "2026-11-23", "2026-11-24", date(2026, 11, 24), "is due today"),
        (
            "due_today",
            "2026-11-27",
            "2026-11-27",
            date(2026, 11, 30),
            "was due on Friday 27 November 2026",
        ),
    ],
)
def test_subject_per_kind(kind: str, day: str, due_on: str, today: date, subject: str) -> None:
    content = compose(event(kind=kind, day=day, due_on=due_on), SETTINGS, today)
    assert content.subject == f"GSCP-2026-0001: Notify the national Panel {subject}"


@pytest.mark.parametrize(
    ("kind", "day", "due_on", "today", "shown", "meaning"),
    [
        (
            "due_soon",
            "2026-11-23",
            "2026-11-24",
            date(2026, 11, 23),
            "Due soon",
            "Due soon means the deadline is the next working day and this step is not yet "
            "recorded as done.",
        ),
        (
            "due_today",
            "2026-11-27",
            "2026-11-27",
            date(2026, 11, 27),
            "Due today",
            "Due today means today is the last day to do this step and it is not yet "
            "recorded as done.",
        ),
        (
            "overdue",
            "2026-11-30",
            "2026-11-27",
            date(2026, 11, 30),
            "Overdue",
            "Overdue means the deadline has passed and this step is still not recorded as done.",
        ),
        (
            "due_today",
            "2026-11-27",
            "2026-11-27",
            date(2026, 11, 30),
            "Overdue",
            "Overdue means the deadline has passed and this step is still not recorded as done.",
        ),
    ],
)
def test_body_says_reference_step_due_date_status_and_link(
    kind: str, day: str, due_on: str, today: date, shown: str, meaning: str
) -> None:
    alert = event(kind=kind, day=day, due_on=due_on)
    text = compose(alert, SETTINGS, today).text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n\n")
    assert f"\n{LABEL} {when(alert, today)}.\n" in text
    assert "Reference: GSCP-2026-0001\n" in text
    assert f"Step: {LABEL}\n" in text
    assert f"Due: {alert.due_on.strftime('%A')} {alert.due_on.day} November 2026\n" in text
    assert f"Status: {shown}\n" in text
    assert f"\n{meaning}\n" in text
    assert (
        "Sign in to the case management console to see the case and record what has been "
        "done:\nhttps://console.partnership.example/cases/GSCP-2026-0001\n"
    ) in text


def test_due_date_is_the_date_as_given_in_govuk_style() -> None:
    text = compose(event(due_on="2027-01-01", day="2027-01-04"), SETTINGS, date(2027, 1, 4)).text
    assert "Due: Friday 1 January 2027\n" in text


def test_today_is_the_london_date_of_sending() -> None:
    # 11:30pm on 1 June in UTC is already 2 June in London (British Summer Time)
    today = london_date(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    alert = event(kind="due_soon", day="2026-06-01", due_on="2026-06-02")
    assert today == date(2026, 6, 2)
    assert compose(alert, SETTINGS, today).subject.endswith("is due today")
    assert status(alert, today) == "due_today"


def test_a_due_today_event_without_a_due_date_is_due_on_its_day() -> None:
    alert = event(kind="due_today", day="2026-11-27", due_on="")
    assert alert.due_on == date(2026, 11, 27)


@pytest.mark.parametrize("kind", ["due_soon", "overdue"])
def test_other_events_need_their_due_date(kind: str) -> None:
    with pytest.raises(ValueError, match="no due date"):
        event(kind=kind, due_on="")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        event(kind="late")


def test_without_a_label_the_clock_is_named_by_the_notifier() -> None:
    content = compose(event(label=""), SETTINGS, date(2026, 11, 30))
    assert (
        content.subject == "GSCP-2026-0001: Local authority to notify the national Panel is overdue"
    )


def test_a_label_on_several_lines_becomes_one() -> None:
    content = compose(
        event(label="Chair decides\nwhether  criteria\r\nare met"), SETTINGS, date(2026, 11, 30)
    )
    assert content.subject == "GSCP-2026-0001: Chair decides whether criteria are met is overdue"


def test_html_part_is_escaped_and_links_to_the_case() -> None:
    content = compose(event(label="Agree <b>scope</b> & dates"), SETTINGS, date(2026, 11, 30))
    assert "Agree &lt;b&gt;scope&lt;/b&gt; &amp; dates" in content.html
    assert "<b>" not in content.html
    assert "Agree <b>scope</b> & dates is overdue." in content.text
    assert 'href="https://console.partnership.example/cases/GSCP-2026-0001"' in content.html
    assert "<td>Friday 27 November 2026</td>" in content.html
    assert "<td>Overdue</td>" in content.html


@pytest.mark.parametrize("personal", [CHILD_NAME, "Amelia", "Hartley", OUTLINE, "2019-03-14"])
def test_nothing_about_the_child_can_be_composed(personal: str) -> None:
    # compose is given the event and settings only: no case, no referral
    content = compose(event(), SETTINGS, date(2026, 11, 30))
    for part in (content.subject, content.text, content.html):
        assert personal not in part


def test_the_chairs_alert_says_what_to_do_and_the_ops_teams_does_not() -> None:
    decision = event(clock="criteria_decision", label="")
    chair = compose(decision, SETTINGS, date(2026, 11, 30), "chair").text
    ops = compose(decision, SETTINGS, date(2026, 11, 30)).text
    assert "Chair to decide whether the criteria are met is overdue." in chair.splitlines()
    assert (
        "Overdue means the deadline has passed and this step is still not recorded as done.\n"
        "\nWhat to do: Decide whether the criteria for a Rapid Review are met"
    ) in chair
    assert "What to do" not in ops
    # without the action the paragraphs keep one blank line between them
    assert "recorded as done.\n\nSign in to the case management console" in ops
    html = compose(decision, SETTINGS, date(2026, 11, 30), "chair").html
    assert "<strong>What to do:</strong> Decide whether" in html
