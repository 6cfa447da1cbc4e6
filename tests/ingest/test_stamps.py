"""Publication stamps among other words, and days in a URL's path."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest.stamps import date_in_url, is_relative_stamp, read_stamp


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM", date(2005, 11, 27)),
        ("TNN Nov 12, 2011, 05. 51AM IST MUMBAI:", date(2011, 11, 12)),
        ("8:05am UK, Monday 16 September 2013", date(2013, 9, 16)),
        ("Story Created: Aug 7, 2012 at 9:56 AM AKDT", date(2012, 8, 7)),
        ("PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT", date(2013, 3, 12)),
        ("FOR IMMEDIATE RELEASE July 13, 2009", date(2009, 7, 13)),
        ("Sunday, November 27-2005 at 16:12", date(2005, 11, 27)),
        ("WASHINGTON, DC, April 28, 2009", date(2009, 4, 28)),
    ],
)
def test_reads_the_stamps_scraped_pages_carry(line: str, expected: date) -> None:
    assert read_stamp(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The video, posted on YouTube on June 2, 2025, shows the blast.",  # prose
        "He was released on June 2, 2025.",  # a sentence, however short
        "End of Watch: Friday, June 24, 2005",  # a labelled day of something else
        "Page was born on April 22, 1923, in Nashville, Tenn.",
        "Posted 1 year, 160 days ago [downloaded on 2 October 2013]",
        "Talks resumed in Istanbul in June 2025",  # no day
        "Posted: February 30, 2013",  # no such day
    ],
)
def test_prose_other_days_and_impossible_dates_are_no_stamps(line: str) -> None:
    assert read_stamp(line) is None


def test_above_the_headline_only_a_stamp_that_opens_with_its_publishing_word() -> None:
    assert read_stamp("Mandela released on February 11, 1990", opens_with_cue=True) is None
    assert read_stamp("Posted: Nov 27, 2005 8:20 AM ET", opens_with_cue=True) == date(2005, 11, 27)


def test_a_relative_stamp_is_page_furniture() -> None:
    assert is_relative_stamp("Posted 1 year, 160 days ago [downloaded on 2 October 2013]")
    assert not is_relative_stamp("Two years ago the team won an award.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.theguardian.com/world/2013/sep/16/british-climber-dies", date(2013, 9, 16)),
        ("http://ktla.com/2013/05/03/lohan-may-miss-rehab-deadline/", date(2013, 5, 3)),
        ("http://www.itv.com/news/story/2013-07-21/wellington-fire/", date(2013, 7, 21)),
        ("http://www.utsandiego.com/news/2009/Feb/04/1s4chargers222254/", date(2009, 2, 4)),
        ("http://example.com/news/2013/02/30/no-such-day", None),
        ("http://example.com/news/12345/2013-article", None),
        (None, None),
    ],
)
def test_days_in_a_urls_path(url: str | None, expected: date | None) -> None:
    assert date_in_url(url) == expected


@given(st.text(max_size=300))
def test_never_raises(line: str) -> None:
    read_stamp(line)
    read_stamp(line, opens_with_cue=True)
    is_relative_stamp(line)
    date_in_url(line)
