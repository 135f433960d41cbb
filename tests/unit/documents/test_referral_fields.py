"""Object keys, file names and the cleaning of the template's fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.documents.referral import (
    KIND,
    NOT_GIVEN,
    long_date,
    multi_line,
    one_line,
    referral_context,
    sha256_hex,
)
from services.documents.versions import object_key
from shared.forms.registry import UnknownForm, get_form
from tests.unit.documents.factories import CHILD_NAME, PARTNERSHIP, make_answers, make_case


def pages_by_title(context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["title"]: p for s in context["sections"] for p in s["pages"]}


@pytest.mark.parametrize(
    "reference", ["", "../etc", "GSCP/2026", "a b", "GSCP-2026-0001\n", "x" * 40, "-GSCP"]
)
def test_references_that_would_escape_a_key_are_refused(reference: str) -> None:
    with pytest.raises(ValueError):
        object_key(reference, KIND, 1, "pdf")


def test_sha256_hex() -> None:
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2019, 3, 14), "14 March 2019"), (date(2026, 1, 1), "1 January 2026"), (None, NOT_GIVEN)],
)
def test_long_date(day: date | None, text: str) -> None:
    assert long_date(day) == text


def test_one_line_drops_control_characters_and_line_breaks() -> None:
    assert one_line('Amy\r\n  <b>\x07 & "Jo"\x0c') == 'Amy <b> & "Jo"'
    assert one_line("   ") == NOT_GIVEN
    assert one_line(None) == NOT_GIVEN


def test_multi_line_keeps_paragraphs_and_line_breaks() -> None:
    text = "First line\r\nsecond line  \r\n\r\n\r\nNext paragraph\x07\x00\n   \nLast"
    assert multi_line(text) == "First line\nsecond line\aNext paragraph\aLast"


def test_multi_line_never_passes_docxtpl_markers_through() -> None:
    cleaned = multi_line("a\x07b\x0cc\td")
    assert "\x0c" not in cleaned
    assert cleaned == "abc    d"


def test_context_follows_the_form_definition() -> None:
    form = get_form("serious-incident")
    context = referral_context(make_case(), PARTNERSHIP)
    assert {k: context[k] for k in context if k != "sections"} == {
        "partnership_name": PARTNERSHIP,
        "document_title": "REFERRAL OF A SERIOUS INCIDENT FORM",
        "caption": "Appendix i",
        "reference": "GSCP-2026-0001",
        "referral_date": "20 November 2026",
    }
    assert [s["title"] for s in context["sections"]] == [s.title for s in form.sections]
    pages = [p for s in context["sections"] for p in s["pages"]]
    assert [p["title"] for p in pages] == [p.title for p in form.pages]
    child = pages_by_title(context)["Child's Details"]
    assert child["rows"][:2] == [
        {"label": "Name of Child", "text": CHILD_NAME},
        {"label": "Date of Birth", "text": "14 March 2019"},
    ]
    assert child["entries"] == [] and child["empty"] == ""


def test_outline_keeps_its_paragraphs_and_line_breaks() -> None:
    background = pages_by_title(referral_context(make_case(), PARTNERSHIP))["Case Background"]
    assert background["rows"][0]["text"] == (
        "Admitted to hospital with unexplained injuries.\n"
        "Seen by the on-call paediatrician.\aSiblings placed with grandparents."
    )


def test_repeating_groups_become_titled_entries() -> None:
    case = make_case(answers=make_answers(items=2))
    family = pages_by_title(referral_context(case, PARTNERSHIP))[
        "Details of Family Members and any Significant Others"
    ]
    assert [e["title"] for e in family["entries"]] == [
        "Family member or significant other 1: Jo Example",
        "Family member or significant other 2: Jo Example 2",
    ]
    assert family["entries"][1]["rows"][2] == {
        "label": "Relationship to Child",
        "text": "Mother 2",
    }
    assert family["rows"] == [] and family["empty"] == ""


def test_an_early_referral_with_few_answers_still_fills_every_page() -> None:
    answers = {"child_name": "Ada Example", "child_date_of_birth": "2015-06-01", "outline": ""}
    pages = pages_by_title(referral_context(make_case(answers=answers), PARTNERSHIP))
    assert pages["Child's Details"]["rows"][2] == {"label": "Home address", "text": NOT_GIVEN}
    assert pages["Case Background"]["rows"][0]["text"] == NOT_GIVEN
    chronology = pages["Chronology"]
    assert chronology["entries"] == []
    assert chronology["empty"] == "No events added"


def test_answers_of_an_unknown_form_version_are_refused() -> None:
    with pytest.raises(UnknownForm):
        referral_context(make_case(form_version=99), PARTNERSHIP)
