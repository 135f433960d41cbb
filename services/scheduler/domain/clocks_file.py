"""CLOCKS_FILE: the partnership's own clock rules and closure days, in a file it edits.

The file is YAML, for example::

    # Local clock rules. National rules (notify_panel, rapid_review_complete) are fixed.
    clocks:
      criteria_decision:
        working_days: 5
      rapid_review_meeting:
        working_days: 11
        window_opens: 9
      local_review_complete:
        months: 6
        label: Local review complete
    closure_days:
      - 2026-12-29   # office closed between Christmas and New Year
      - 2026-12-30

Every problem is reported with its line, all at once, so one start-up shows them all. A
national rule named in the file is refused even if its values are unchanged: it is fixed by
law and guidance and this file is not the place to restate it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from services.scheduler.domain.clocks import ClockConfigError, ClockRules, override_problem

SECTIONS = ("clocks", "closure_days")


@dataclass(frozen=True)
class LocalClocks:
    rules: ClockRules
    closure_days: frozenset[date]


class ClocksFileError(ClockConfigError):
    """The file has problems: ``problems`` lists (line, message), line counted from 1."""

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        lines = "\n".join(f"  line {line}: {message}" for line, message in problems)
        count = "a problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"{source} has {count}:\n{lines}")
        self.problems = problems


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _value(node: Node) -> Any:
    return SafeConstructor().construct_object(node, deep=True)


class _Reader:
    def __init__(self, base: ClockRules) -> None:
        self.base = base
        self.problems: list[tuple[int, str]] = []
        self.overrides: dict[str, dict[str, Any]] = {}
        self.closures: set[date] = set()

    def problem(self, node: Node, message: str) -> None:
        self.problems.append((_line(node), message))

    def entries(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        """A mapping's (key, key node, value node), each key once."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a list of names, each followed by a colon")
            return []
        seen: dict[str, int] = {}
        found = []
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                self.problem(key_node, f"{key} is given twice (first on line {seen[key]})")
                continue
            seen[key] = _line(key_node)
            found.append((key, key_node, value_node))
        return found

    def read(self, root: Node) -> None:
        for section, key_node, value_node in self.entries(root, "The file"):
            if section == "clocks":
                self.clocks(value_node)
            elif section == "closure_days":
                self.closure_days(value_node)
            else:
                self.problem(
                    key_node, f"unknown section {section!r}: expected clocks or closure_days"
                )

    def clocks(self, node: Node) -> None:
        if isinstance(node, ScalarNode) and _value(node) is None:
            return
        for key, key_node, fields in self.entries(node, "clocks"):
            rule = self.base.get(key)
            if rule is None:
                known = ", ".join(r.key for r in self.base if not r.national)
                self.problem(key_node, f"unknown clock {key!r}: the local clocks are {known}")
            elif rule.national:
                self.problem(
                    key_node,
                    f"{key} is a national rule (fixed by law and guidance): it cannot be set "
                    "in this file",
                )
            else:
                self.clock(key, fields)

    def clock(self, key: str, node: Node) -> None:
        rule = self.base[key]
        given: dict[str, tuple[Node, Any]] = {}
        for field, field_node, value_node in self.entries(node, key):
            if field not in rule.overridable:
                allowed = ", ".join(sorted(rule.overridable))
                self.problem(
                    field_node, f"{key}: cannot set {field} (this clock can set {allowed})"
                )
                continue
            try:
                given[field] = (value_node, _value(value_node))
            except (ValueError, yaml.YAMLError):
                self.problem(value_node, f"{key}: {field} is not a value this file understands")
        values = {field: value for field, (_node, value) in given.items()}
        for field, (value_node, value) in given.items():
            message = override_problem(rule, field, value, values)
            if message:
                self.problem(value_node, message)
        # used only if the whole file is clean
        self.overrides[key] = values

    def closure_days(self, node: Node) -> None:
        if isinstance(node, ScalarNode) and _value(node) is None:
            return
        if not isinstance(node, SequenceNode):
            self.problem(node, "closure_days must be a list of dates, one a line: - 2026-12-29")
            return
        for item in node.value:
            try:
                value = _value(item)
                if isinstance(value, datetime):
                    raise ValueError("a time of day is not wanted")
                day = value if isinstance(value, date) else date.fromisoformat(str(value))
            except (ValueError, TypeError, yaml.YAMLError):
                shown = item.value if isinstance(item, ScalarNode) else "this entry"
                self.problem(item, f"{shown} is not a date: write each day as 2026-12-29")
                continue
            self.closures.add(day)


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    mark = error.problem_mark or error.context_mark
    message = f"not valid YAML: {error.problem}"
    start = error.context_mark
    if error.context and start and (mark is None or start.line != mark.line):
        what = error.context.removeprefix("while parsing ").removeprefix("a ")
        message += f" (in the {what} that starts on line {start.line + 1})"
    return (mark.line + 1 if mark else 1, message)


def parse_clocks_file(
    text: str, *, base: ClockRules | None = None, source: str = "CLOCKS_FILE"
) -> LocalClocks:
    """The clock rules and closure days ``text`` sets over ``base`` (the defaults).

    An empty file changes nothing. Raises ClocksFileError naming every bad line.
    """
    rules = base or ClockRules()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise ClocksFileError(source, [_syntax_problem(error)]) from None
    if root is None:
        return LocalClocks(rules, frozenset())
    reader = _Reader(rules)
    reader.read(root)
    if reader.problems:
        raise ClocksFileError(source, sorted(reader.problems))
    return LocalClocks(rules.with_overrides(reader.overrides), frozenset(reader.closures))
