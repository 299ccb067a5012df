"""The test clock (FROZEN_CLOCK / --frozen-clock) reads what CI passes it."""

import datetime as dt

import pytest

from tests.conftest import parse_clock


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("23:30 UTC", dt.datetime(2025, 3, 14, 23, 30, tzinfo=dt.UTC)),
        # Winter: Amsterdam is UTC+1, so 00:30 there is 23:30 UTC the day before.
        ("00:30 Europe/Amsterdam", dt.datetime(2025, 3, 13, 23, 30, tzinfo=dt.UTC)),
        ("2025-12-31 23:30 UTC", dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)),
        ("2025-07-01 00:30 Europe/Amsterdam", dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.UTC)),
    ],
)
def test_parse_clock(value, expected):
    assert parse_clock(value, today=dt.date(2025, 3, 14)) == expected


def test_parse_clock_refuses_what_it_cannot_read():
    with pytest.raises(pytest.UsageError):
        parse_clock("morgen vroeg om half een UTC")
