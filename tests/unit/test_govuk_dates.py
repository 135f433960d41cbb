"""GOV.UK's way with dates and times, declared once (``shared.govuk_dates``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shared.govuk_dates import long_date, time_and_date, weekday_date


def test_dates_have_no_leading_zero_and_no_ordinal() -> None:
    assert long_date(date(2019, 3, 4)) == "4 March 2019"
    assert weekday_date(date(2026, 11, 23)) == "Monday 23 November 2026"


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2026, 12, 6, 17, 45, tzinfo=UTC), "5:45pm on 6 December 2026"),
        (datetime(2026, 12, 6, 9, 5, tzinfo=UTC), "9:05am on 6 December 2026"),
        (datetime(2026, 12, 6, 12, 0, tzinfo=UTC), "midday on 6 December 2026"),
        (datetime(2026, 12, 6, 0, 0, tzinfo=UTC), "midnight on 6 December 2026"),
        (datetime(2026, 12, 6, 0, 30, tzinfo=UTC), "12:30am on 6 December 2026"),
        # British Summer Time: 23:30 UTC on 30 June is 12:30am on 1 July in London
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "12:30am on 1 July 2026"),
        (datetime(2026, 6, 30, 11, 0, tzinfo=UTC), "midday on 30 June 2026"),
    ],
)
def test_a_moment_is_said_in_london_time(moment: datetime, said: str) -> None:
    assert time_and_date(moment) == said
