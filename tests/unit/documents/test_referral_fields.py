"""Object keys, file names and the cleaning of the template's fields."""

from __future__ import annotations

from datetime import date

import pytest

from services.documents.referral import (
    NOT_GIVEN,
    filename,
    long_date,
    multi_line,
    object_key,
    one_line,
    referral_context,
    sha256_hex,
)
from tests.unit.documents.factories import PARTNERSHIP, make_case


def test_object_keys_are_deterministic_per_case_and_format() -> None:
    assert object_key("GSCP-2026-0001", "docx") == (
        "cases/GSCP-2026-0001/referral/GSCP-2026-0001-referral.docx"
    )
    assert object_key("GSCP-2026-0001", "pdf") == (
        "cases/GSCP-2026-0001/referral/GSCP-2026-0001-referral.pdf"
    )
    assert filename("GSCP-2026-0001", "pdf") == "GSCP-2026-0001-referral.pdf"


@pytest.mark.parametrize(
    "reference", ["", "../etc", "GSCP/2026", "a b", "GSCP-2026-0001\n", "x" * 40, "-GSCP"]
)
def test_references_that_would_escape_a_key_are_refused(reference: str) -> None:
    with pytest.raises(ValueError):
        object_key(reference, "pdf")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        object_key("GSCP-2026-0001", "exe")


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


def test_context_fills_every_field_from_the_case() -> None:
    context = referral_context(make_case(child_date_of_birth=None), PARTNERSHIP)
    assert context == {
        "partnership_name": PARTNERSHIP,
        "reference": "GSCP-2026-0001",
        "referral_date": "20 November 2026",
        "child_name": "Amelia Hartley-O'Brien",
        "child_date_of_birth": NOT_GIVEN,
        "referrer_name": "Sam Practitioner",
        "referrer_agency": "Designated Safeguarding Lead, Riverside Primary School",
        "referrer_contact": "sam.practitioner@school.example",
        "outline": "Admitted to hospital with unexplained injuries.\n"
        "Seen by the on-call paediatrician.\aSiblings placed with grandparents.",
    }


def test_context_without_outline() -> None:
    assert referral_context(make_case(details={}), PARTNERSHIP)["outline"] == NOT_GIVEN
