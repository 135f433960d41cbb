"""Every email's wording with made-up values, as the console's wording page shows it."""

from __future__ import annotations

import pytest

from services.notifier.catalogue import EXAMPLES, every_wording, wording
from services.notifier.readmodel import email_wording
from services.notifier.statuses import TEMPLATES
from tests.unit.notifier.factories import CHILD_DOB, CHILD_NAME, OUTLINE


def test_every_template_is_listed_in_order() -> None:
    assert [w.template for w in email_wording()] == list(TEMPLATES)
    assert [w.label for w in every_wording()] == list(TEMPLATES.values())


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_each_example_renders_both_parts_with_the_reference_and_who_gets_it(
    template: str,
) -> None:
    found = wording(template)
    assert template in TEMPLATES  # an example of a template nobody sends would mislead
    assert found.example is not None
    assert found.when and found.who
    assert "EXAMPLE-2026-0001" in found.example.text or template == "resume_link"
    assert "Example Safeguarding Children Partnership" in found.example.text
    assert found.example.html.lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_no_childs_details_in_any_example(template: str) -> None:
    found = wording(template)
    assert found.example is not None
    everything = found.example.subject + found.example.text + found.example.html
    for personal in (CHILD_NAME, "Hartley", OUTLINE, CHILD_DOB.isoformat(), "14 March 2019"):
        assert personal not in everything


def test_the_clock_alerts_recipients_name_the_chair_for_the_decision() -> None:
    assert "chair" in wording("clock_alert").who


def test_a_template_without_an_example_is_still_listed() -> None:
    found = wording("not_written_yet")
    assert found.example is None and found.label == "not_written_yet"
