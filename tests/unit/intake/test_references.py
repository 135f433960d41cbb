from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from services.intake.references import check_prefix, format_reference, london_date, reference_year


@pytest.mark.parametrize(
    ("prefix", "year", "number", "expected"),
    [
        ("GSCP", 2026, 1, "GSCP-2026-0001"),
        ("GSCP", 2026, 42, "GSCP-2026-0042"),
        ("GSCP", 2026, 9999, "GSCP-2026-9999"),
        ("GSCP", 2026, 10000, "GSCP-2026-10000"),
        ("E2E", 2027, 7, "E2E-2027-0007"),
    ],
)
def test_format_reference(prefix: str, year: int, number: int, expected: str) -> None:
    assert format_reference(prefix, year, number) == expected


@pytest.mark.parametrize("number", [0, -1])
def test_numbers_start_at_one(number: int) -> None:
    with pytest.raises(ValueError):
        format_reference("GSCP", 2026, number)


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), 2026),
        (datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC), 2027),
        # an offset that is already in the new year while London is not
        (datetime(2027, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))), 2026),
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), 2026),
    ],
)
def test_the_year_is_the_year_in_london(moment: datetime, year: int) -> None:
    assert reference_year(moment) == year


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),  # BST: already July
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 12, 1)),  # GMT
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),  # clocks go forward
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # still BST
    ],
)
def test_london_date(moment: datetime, day: date) -> None:
    assert london_date(moment) == day


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        london_date(datetime(2026, 6, 30, 12, 0))


@pytest.mark.parametrize("prefix", ["GSCP", "E2E", "A", "LSCP2", "ABCDEFGHIJKLMNOP"])
def test_good_prefixes(prefix: str) -> None:
    assert check_prefix(prefix) == prefix


@pytest.mark.parametrize("prefix", ["", "gscp", "GS-CP", "2GSCP", "GSCP ", "ABCDEFGHIJKLMNOPQ"])
def test_bad_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError):
        check_prefix(prefix)
