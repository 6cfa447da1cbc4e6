"""The dateline parser: known formats, prose rejected, invalid dates rejected."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest.datelines import is_dateline, parse_date_value, parse_dateline, read_dateline

JUNE_2 = date(2025, 6, 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday, June 2, 2025", JUNE_2),
        ("Mon Jun 02 2025", JUNE_2),
        ("December 15th, 2008, 7:35 am", date(2008, 12, 15)),
        ("2025-06-02", JUNE_2),
        ("June 2, 2025 14:35 GMT", JUNE_2),
        ("2 October 2013, 15:39 (GMT+05:00)", date(2013, 10, 2)),
        ("10:55 P. M. FEB. 2, 2009", date(2009, 2, 2)),
        ("12/16/08 1:30 AM EST", date(2008, 12, 16)),
        ("Last updated 13:26 14/09/2013", date(2013, 9, 14)),
        ("Published on Friday, 27 September 2013", date(2013, 9, 27)),
        ("Friday, Sep 10, 2010 | Updated 8:52 PM EDT", date(2010, 9, 10)),
        ("17 September 2013-21:29", date(2013, 9, 17)),
        ("2025-06-02T14:35:00Z", JUNE_2),
        ("the 2nd of June 2025", JUNE_2),
        ("  DECEMBER 16, 2008  ", date(2008, 12, 16)),
    ],
)
def test_recognises_dateline_formats(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended on Monday, June 2, 2025.",
        "Ukraine-Russia Peace Talks in Istanbul End After Just One Hour: Report",
        "Previous negotiations in Istanbul, held on May 16 and June 2, resulted in exchanges.",
        "May",
        "2013",
        "8:24am:",
        "Mumbai, Nov 11 -",
        "5. 9 Earthquake Jolts Iran",
        "",
        "June 2025",
    ],
)
def test_prose_and_fragments_are_not_datelines(line: str) -> None:
    assert read_dateline(line) is None


@pytest.mark.parametrize("line", ["Feb 30, 2020", "February 29, 2023", "2025-13-01", "31/31/2020"])
def test_impossible_calendar_dates_are_rejected(line: str) -> None:
    assert parse_dateline(line) is None


def test_leap_day_is_accepted() -> None:
    assert parse_dateline("February 29, 2024") == date(2024, 2, 29)


@pytest.mark.parametrize("line", ["2/3/2009", "Dec. 24 4:33 AM EST"])
def test_incomplete_or_ambiguous_dateline_gives_no_date(line: str) -> None:
    # Still recognised as a dateline (so it is removed), but no date is guessed.
    assert is_dateline(line)
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 02 Jun 2025 14:35:00 +0000", JUNE_2),
        ("2025-06-02T23:59:00-07:00", JUNE_2),
        ("June 2, 2025", JUNE_2),
        ("not a date", None),
        ("", None),
    ],
)
def test_metadata_date_values(value: str, expected: date | None) -> None:
    assert parse_date_value(value) == expected


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


FORMATS = [
    lambda d: d.strftime("%A, %B ") + f"{d.day}, {d.year}",
    lambda d: d.strftime("%a %b %d %Y"),
    lambda d: d.strftime("%B ") + f"{_ordinal(d.day)}, {d.year}, 7:35 am",
    lambda d: d.isoformat(),
    lambda d: d.strftime("%B ") + f"{d.day}, {d.year} 14:35 GMT",
    lambda d: f"{d.day} " + d.strftime("%B %Y"),
    lambda d: d.strftime("%b. ") + f"{d.day}, {d.year}",
]


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    style=st.sampled_from(range(len(FORMATS))),
)
def test_generated_dates_round_trip(day: date, style: int) -> None:
    assert parse_dateline(FORMATS[style](day)) == day


@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(line: str) -> None:
    found = read_dateline(line)
    assert found is None or found.date is None or isinstance(found.date, date)
    parse_date_value(line)


@given(
    year=st.integers(min_value=1900, max_value=2199),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=29, max_value=31),
)
def test_rejects_days_past_month_end(year: int, month: int, day: int) -> None:
    try:
        real: date | None = date(year, month, day)
    except ValueError:
        real = None
    line = f"{date(2000, month, 1):%B} {day}, {year}"
    assert parse_dateline(line) == real
