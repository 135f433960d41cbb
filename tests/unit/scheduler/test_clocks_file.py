"""CLOCKS_FILE: the partnership's clock rules and closure days, every problem by its line."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from services.scheduler.domain import clocks_file
from services.scheduler.domain.clocks import (
    EVENTS_ON_REFERRAL,
    ClockConfigError,
    ClockRules,
    start_clocks,
)
from services.scheduler.domain.clocks_file import ClocksFileError, parse_clocks_file
from services.scheduler.domain.routes import Route
from shared.workingdays import WorkingDayCalendar


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ClocksFileError) as refused:
        parse_clocks_file(textwrap.dedent(text))
    return refused.value.problems


def test_the_example_in_the_module_documentation_is_valid() -> None:
    doc = clocks_file.__doc__ or ""
    example = doc.split("::", 1)[1].split("\n\n")[1]
    parsed = parse_clocks_file(textwrap.dedent(example))
    assert parsed.rules["criteria_decision"].working_days == 5
    assert parsed.rules["local_review_complete"].label == "Local review complete"
    assert parsed.closure_days == {date(2026, 12, 29), date(2026, 12, 30)}


@pytest.mark.parametrize("text", ["", "# nothing set yet\n", "clocks:\nclosure_days:\n"])
def test_an_empty_file_changes_nothing(text: str) -> None:
    parsed = parse_clocks_file(text)
    assert [(r.key, r.working_days, r.label) for r in parsed.rules] == [
        (r.key, r.working_days, r.label) for r in ClockRules()
    ]
    assert parsed.closure_days == frozenset()


def test_local_rules_and_closure_days_are_read() -> None:
    parsed = parse_clocks_file(
        textwrap.dedent(
            """\
            clocks:
              criteria_decision:
                working_days: 3
                label: Chair decides on the criteria
              rapid_review_meeting:
                working_days: 10
                window_opens: 8
              report_to_panel:
                window_opens: null
              local_review_complete:
                months: 9
              lfp_consideration:
                label: Considered by the group
            closure_days:
              - 2026-12-29
              - "2026-12-30"
              - 2026-12-29
            """
        )
    )
    rules = parsed.rules
    assert (rules["criteria_decision"].working_days, rules["criteria_decision"].label) == (
        3,
        "Chair decides on the criteria",
    )
    assert (
        rules["rapid_review_meeting"].working_days,
        rules["rapid_review_meeting"].window_opens,
    ) == (10, 8)
    assert rules["report_to_panel"].window_opens is None
    assert rules["local_review_complete"].months == 9
    assert rules["lfp_consideration"].label == "Considered by the group"
    assert rules["notify_panel"].working_days == 5
    assert parsed.closure_days == {date(2026, 12, 29), date(2026, 12, 30)}


def test_closure_days_push_the_clocks() -> None:
    parsed = parse_clocks_file("closure_days: [2026-12-29, 2026-12-30, 2026-12-31]\n")
    cal = WorkingDayCalendar(parsed.closure_days)
    started = start_clocks(
        parsed.rules, cal, Route.SERIOUS_INCIDENT, EVENTS_ON_REFERRAL, date(2026, 12, 24)
    )
    # 25 and 28 December and 1 January are bank holidays; 29 to 31 December are closed
    assert {c.key: c.due_on for c in started} == {
        "inform_lead_representatives": date(2027, 1, 4),
        "criteria_decision": date(2027, 1, 8),
        "notify_panel": date(2027, 1, 8),
        "rapid_review_complete": date(2027, 1, 22),
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("clocks:\n  notify_panel:\n    working_days: 5\n", 2, "notify_panel is a national rule"),
        (
            "clocks:\n  rapid_review_complete:\n    label: RR\n",
            2,
            "rapid_review_complete is a national rule",
        ),
        (
            "clocks:\n  fast_track:\n    working_days: 2\n",
            2,
            "unknown clock 'fast_track': the local clocks are",
        ),
        (
            "clocks:\n  criteria_decision:\n    starts_at: panel_notified\n",
            3,
            "criteria_decision: cannot set starts_at",
        ),
        (
            "clocks:\n  criteria_decision:\n    working_days: five\n",
            3,
            "working_days must be a whole number",
        ),
        (
            "clocks:\n  criteria_decision:\n    working_days: 0\n",
            3,
            "working_days must be at least 1",
        ),
        ("clocks:\n  criteria_decision:\n    working_days: 2.5\n", 3, "whole number"),
        ("clocks:\n  criteria_decision:\n    label:\n", 3, "label must be some text"),
        (
            "clocks:\n  rapid_review_meeting:\n    window_opens: 12\n",
            3,
            "window_opens (12) must not be after working_days (11)",
        ),
        (
            "clocks:\n  local_review_complete:\n    working_days: 100\n",
            3,
            "cannot set working_days (this clock can set label, months)",
        ),
        (
            "clocks:\n  lfp_consideration:\n    months: 3\n",
            3,
            "cannot set months (this clock can set label)",
        ),
        ("clocks:\n  criteria_decision: 3\n", 2, "criteria_decision must be a list of names"),
        ("clocks:\n  - criteria_decision\n", 2, "clocks must be a list of names"),
        (
            "# local rules\n\nclocks:\n  criteria_decision:\n    working_days: 3\n"
            "  criteria_decision:\n    working_days: 4\n",
            6,
            "criteria_decision is given twice (first on line 4)",
        ),
        (
            "clocks:\n  criteria_decision:\n    working_days: 3\n    working_days: 4\n",
            4,
            "working_days is given twice (first on line 3)",
        ),
        (
            "closure_days:\n  - 2026-12-29\n  - 2026-13-01\n",
            3,
            "2026-13-01 is not a date: write each day as 2026-12-29",
        ),
        ("closure_days:\n  - Boxing Day\n", 2, "Boxing Day is not a date"),
        ("closure_days:\n  - 2026-12-29 09:00:00\n", 2, "is not a date"),
        ("closure_days:\n  - [2026-12-29]\n", 2, "this entry is not a date"),
        ("closure_days: 2026-12-29\n", 1, "closure_days must be a list of dates"),
        (
            "holidays:\n  - 2026-12-29\n",
            1,
            "unknown section 'holidays': expected clocks or closure_days",
        ),
        ("- 2026-12-29\n", 1, "The file must be a list of names"),
        ("clocks:\n  criteria_decision:\n    working_days: [3\n", 4, "not valid YAML"),
    ],
)
def test_each_problem_names_its_line(text: str, line: int, message: str) -> None:
    found = problems(text)
    assert len(found) == 1, found
    assert found[0][0] == line
    assert message in found[0][1]


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    error_text = textwrap.dedent(
        """\
        clocks:
          notify_panel:
            working_days: 10
          criteria_decision:
            working_days: -1
        closure_days:
          - 2026-02-30
        extra: true
        """
    )
    with pytest.raises(ClocksFileError) as refused:
        parse_clocks_file(error_text, source="/etc/cspr/clocks.yaml")
    assert [line for line, _ in refused.value.problems] == [2, 5, 7, 8]
    message = str(refused.value)
    assert message.startswith("/etc/cspr/clocks.yaml has 4 problems:\n")
    assert "  line 2: notify_panel is a national rule (fixed by law and guidance)" in message
    assert "  line 7: 2026-02-30 is not a date" in message


def test_a_file_error_is_a_clock_configuration_error() -> None:
    with pytest.raises(ClockConfigError, match=r"^CLOCKS_FILE has a problem:\n  line 2: ") as e:
        parse_clocks_file("clocks: [\n")
    assert "not valid YAML" in str(e.value)


def test_an_unclosed_list_says_where_it_started() -> None:
    text = "clocks:\n  criteria_decision:\n    working_days: [3\n    label: x\n"
    ((line, message),) = problems(text)
    assert line == 4
    assert "(in the flow sequence that starts on line 3)" in message


def test_rules_are_read_over_the_given_base() -> None:
    base = ClockRules().with_overrides({"criteria_decision": {"working_days": 4}})
    parsed = parse_clocks_file(
        "clocks:\n  inform_lead_representatives:\n    working_days: 2\n", base=base
    )
    assert parsed.rules["criteria_decision"].working_days == 4
    assert parsed.rules["inform_lead_representatives"].working_days == 2
