"""shared.forms.text: cleaning typed text before it is checked or stored."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.forms.text import BIDI_CONTROLS, REPLACEMENT, clean_line, clean_text, unreadable

BIDI = sorted(BIDI_CONTROLS)


def test_the_bidi_controls_are_the_embeddings_overrides_and_isolates() -> None:
    expected = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
    assert expected == BIDI


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Amelia   Hartley  ", "Amelia Hartley"),
        ("Amelia\tHartley", "Amelia Hartley"),
        ("Amelia\x00 Hartley", "Amelia Hartley"),
        ("Amelia\r\nHartley", "Amelia Hartley"),
        ("Amelia\u00a0\u2003Hartley", "Amelia Hartley"),
        ("Zoë Ní Bhriain", "Zoë Ní Bhriain"),
        ("O'Brien-Smith", "O'Brien-Smith"),
        ("Jo\u202eevil", "Joevil"),
        ("\u2066Jo\u2069 Bloggs", "Jo Bloggs"),
        ("\u202a\u202b\u202c\u202d\u202e", ""),
        ("bell\x07 escape\x1b[31m", "bell escape[31m"),
        ("\x7fdelete\x85next-line", "deletenext-line"),
        ("", ""),
    ],
)
def test_one_line_answers_are_tidied(typed: str, stored: str) -> None:
    assert clean_line(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("First line.\r\nSecond line.", "First line.\nSecond line."),
        ("\n\n  Indented start\r\rend  \n", "Indented start\n\nend"),
        ("Tab\tkept, NUL\x00 and bell\x07 removed", "Tab\tkept, NUL and bell removed"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("trailing   \nspaces \t\nend", "trailing\nspaces\nend"),
        ("Jo\u202eevil\nsecond \u2067line", "Joevil\nsecond line"),
    ],
)
def test_many_line_answers_keep_their_lines(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored


@pytest.mark.parametrize("text", [f"Jo{REPLACEMENT}", REPLACEMENT, f"a\n{REPLACEMENT}\nb"])
def test_the_replacement_character_means_unreadable(text: str) -> None:
    assert unreadable(text)


@pytest.mark.parametrize("text", ["", "Jo", "Łódź", "\u202e", "?"])
def test_ordinary_text_is_readable(text: str) -> None:
    assert not unreadable(text)


def _unwanted(ch: str, *, keep: str = "") -> bool:
    return ch not in keep and (unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS)


@given(st.text())
def test_clean_line_never_returns_control_or_bidi_characters(text: str) -> None:
    cleaned = clean_line(text)
    assert not any(_unwanted(ch) for ch in cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned


@given(st.text())
def test_clean_text_keeps_only_line_breaks_and_tabs(text: str) -> None:
    cleaned = clean_text(text)
    assert not any(_unwanted(ch, keep="\n\t") for ch in cleaned)
    assert "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip()


@given(st.text())
def test_cleaning_twice_changes_nothing(text: str) -> None:
    assert clean_line(clean_line(text)) == clean_line(text)
    assert clean_text(clean_text(text)) == clean_text(text)


@given(st.text(alphabet=st.characters(categories=["L", "N", "P"]), min_size=1))
def test_words_without_spaces_or_controls_are_kept_as_typed(text: str) -> None:
    assert clean_line(text) == text
