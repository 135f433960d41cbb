"""CLOCKS_FILE at start-up: its rules and closure days reach the app, or the app stops."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app
from services.scheduler.bootstrap import Container
from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.clocks_file import parse_clocks_file
from shared import runtime
from shared.config import Config, ConfigError
from tests.unit.scheduler.fakes import FakeRedis, fast_passwords

ROOT = Path(__file__).resolve().parents[3]


def build(config: Config, engine: Engine, text: str, tmp_path: Path) -> Container:
    path = tmp_path / "clocks.yaml"
    path.write_text(textwrap.dedent(text))
    try:
        app = create_app(
            config.with_overrides(CLOCKS_FILE=str(path)),
            engine=engine,
            passwords=fast_passwords(),
            redis=lambda: FakeRedis(),
        )
        c: Container = app.extensions["cspr"]
        return c
    finally:
        runtime.clear()


def test_a_good_file_changes_a_local_rule_and_adds_a_closure_day(
    config: Config, sqlite_engine: Engine, tmp_path: Path
) -> None:
    c = build(
        config,
        sqlite_engine,
        """
        clocks:
          criteria_decision:
            working_days: 3
        closure_days:
          - 2026-12-30
        """,
        tmp_path,
    )
    assert c.clock_rules["criteria_decision"].working_days == 3
    assert c.clock_rules["notify_panel"].working_days == 5
    # both the CLOSURE_DAYS setting (29 December) and the file's day are closed
    assert not c.calendar.is_working_day(date(2026, 12, 29))
    assert not c.calendar.is_working_day(date(2026, 12, 30))
    assert c.calendar.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 31)


def test_no_file_means_the_built_in_rules(config: Config, sqlite_engine: Engine) -> None:
    app = create_app(config, engine=sqlite_engine, redis=lambda: FakeRedis())
    runtime.clear()
    rules = app.extensions["cspr"].clock_rules
    assert [(r.key, r.working_days) for r in rules] == [
        (r.key, r.working_days) for r in ClockRules()
    ]


def test_a_bad_line_stops_the_app_naming_the_file_and_the_line(
    config: Config, sqlite_engine: Engine, tmp_path: Path
) -> None:
    text = """\
        clocks:
          criteria_decision:
            working_days: five
          notify_panel:
            working_days: 3
        closure_days:
          - 2026-13-01
        """
    with pytest.raises(ConfigError) as stopped:
        build(config, sqlite_engine, text, tmp_path)
    message = str(stopped.value)
    assert str(tmp_path / "clocks.yaml") in message
    assert "3 problems" in message
    assert "line 3: criteria_decision: working_days must be a whole number" in message
    assert "line 4: notify_panel is a national rule" in message
    assert "line 7: 2026-13-01 is not a date" in message


def test_a_missing_file_stops_the_app(config: Config, sqlite_engine: Engine) -> None:
    with pytest.raises(ConfigError, match=r"CLOCKS_FILE /nowhere/clocks\.yaml cannot be read"):
        create_app(
            config.with_overrides(CLOCKS_FILE="/nowhere/clocks.yaml"),
            engine=sqlite_engine,
            redis=lambda: FakeRedis(),
        )
    runtime.clear()


def test_the_example_file_writes_out_the_defaults() -> None:
    text = (ROOT / "config" / "clocks.example.yaml").read_text()
    parsed = parse_clocks_file(text)
    defaults = ClockRules()
    assert [(r.key, r.label, r.working_days, r.window_opens, r.months) for r in parsed.rules] == [
        (r.key, r.label, r.working_days, r.window_opens, r.months) for r in defaults
    ]
    assert parsed.closure_days == frozenset()
    named = {line.strip().rstrip(":") for line in text.splitlines() if line.startswith("  ")}
    assert {r.key for r in defaults if not r.national} <= named
