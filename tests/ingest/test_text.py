"""Plain-text articles: the real seed articles and ECB+ files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.ids import article_id
from storyline.ingest.noise import line_key
from storyline.models import DateSource

from .conftest import ECB_DOCS, articles, only_article, read_all, seed_path


def _count_lines(text: str, line: str) -> int:
    return sum(1 for candidate in text.split("\n") if line_key(candidate) == line_key(line))


def test_seed_002_title_and_dateline() -> None:
    article = only_article(seed_path(2))
    assert article.title == "Ukraine-Russia Peace Talks in Istanbul End After Just One Hour: Report"
    assert article.published == date(2025, 6, 2)
    assert article.date_source is DateSource.DATELINE
    assert "Monday, June 2, 2025" not in article.text
    # Subheadings are content and stay.
    assert "High Tensions Following Ukrainian Drone Strike" in article.text.split("\n")


def test_seed_004_dateline_noise_and_repeated_title() -> None:
    article = only_article(seed_path(4))
    assert article.title == "The peace negotiations between Russia and Ukraine ends"
    assert article.published == date(2025, 6, 2)
    assert "Live Index" not in article.text
    assert "Mon Jun 02 2025" not in article.text
    assert _count_lines(article.text, article.title) == 0


def test_seed_003_title_appears_once() -> None:
    article = only_article(seed_path(3))
    assert article.title == "Ukraine, Russia resume talks in Istanbul"
    assert _count_lines(article.text, article.title) == 0
    assert article.published is None


@pytest.mark.parametrize("number", [0, 1, 3])
def test_seeds_without_dateline_have_no_date(number: int) -> None:
    article = only_article(seed_path(number))
    assert article.published is None
    assert article.date_source is DateSource.UNKNOWN


def test_seed_000_keeps_subtitle_and_paragraphs() -> None:
    path = seed_path(0)
    article = only_article(path)
    assert article.title == "Russia, Ukraine hold peace talks in Turkiye"
    lines = article.text.split("\n")
    assert lines[0] == "Delegations meet in Istanbul after a string of weekend drone attacks"
    source_lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    assert all(line in source_lines for line in lines)
    assert "" not in lines


def test_seed_001_lede_is_title_and_stays_in_text() -> None:
    article = only_article(seed_path(1))
    assert article.title.startswith("The second round of peace talks between Ukraine and Russia")
    assert article.text.startswith(article.title)


def test_text_shape_and_id() -> None:
    article = only_article(seed_path(2))
    assert article.text == article.text.strip()
    assert "\n\n" not in article.text
    assert article.id == article_id(article.title, article.text, article.url)
    assert article.path == str(seed_path(2))


def test_all_seeds_read_as_articles() -> None:
    paths = [seed_path(n) for n in range(5)]
    assert len(articles(read_all(paths))) == 5


def test_ecb_file_with_url_title_and_dateline() -> None:
    path = ECB_DOCS / "10_13ecbplus.txt"
    if not path.exists():
        pytest.skip("ECB+ corpus not available")
    article = only_article(path)
    assert article.url == "http://www.ocregister.com/angels/million-416271-http-red.html"
    assert article.outlet == "ocregister.com"
    assert article.title == "Report: Red Sox offer Teixeira $200 million"
    assert article.published == date(2008, 12, 15)
    assert article.text.startswith("Dan Patrick reported on his show")
    assert "http://" not in article.text.split("\n")[0]


def test_ecb_corpus_reads_almost_entirely() -> None:
    if not ECB_DOCS.exists():
        pytest.skip("ECB+ corpus not available")
    results = read_all([ECB_DOCS])
    found = articles(results)
    assert len(found) == len(results)  # one-line articles are kept too
    with_url = [a for a in found if a.url]
    assert len(with_url) > 300
    assert all(a.outlet for a in with_url)
    assert sum(1 for a in found if a.published) > 200
    assert len({a.id for a in found}) == len(found)


def test_leading_dateline_then_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "\n\n2025-06-02\r\nhttps://www.example.co.uk/news/1\r\nTalks end early\r\n\r\n"
        "Delegations met for an hour.\r\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Talks end early"
    assert article.published == date(2025, 6, 2)
    assert article.url == "https://www.example.co.uk/news/1"
    assert article.outlet == "example.co.uk"
    assert article.text == "Delegations met for an hour."


def test_prose_with_a_date_is_not_removed(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    sentence = "The talks were held on June 2, 2025 in Istanbul."
    path.write_text(f"Talks in Istanbul\n{sentence}\n", encoding="utf-8")
    article = only_article(path)
    assert article.text == sentence
    assert article.published is None


def test_one_line_article_keeps_its_line_as_text(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("The parliament election is over in Turkmenistan.\n", encoding="utf-8")
    article = only_article(path)
    assert article.text == article.title == "The parliament election is over in Turkmenistan."


def test_bom_and_nfc(tmp_path: Path) -> None:
    path = tmp_path / "story.text"
    decomposed = "Cafe\u0301 owners protest"
    path.write_bytes(("\ufeff" + decomposed + "\nThey marched.\n").encode("utf-8"))
    article = only_article(path)
    assert article.title == "Café owners protest"
    assert article.text == "They marched."


def test_a_stamp_below_the_headline_dates_the_article(tmp_path: Path) -> None:
    path = tmp_path / "quake.txt"
    path.write_text(
        "Iranian earthquake tremor hits Dubai\nSunday, November 27-2005 at 16:12\n"
        "Tremors from an earthquake were felt in Dubai.\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.published == date(2005, 11, 27)
    assert article.text == "Tremors from an earthquake were felt in Dubai."


def test_a_stamp_above_the_headline_is_no_title(tmp_path: Path) -> None:
    path = tmp_path / "quake.txt"
    path.write_text(
        "http://www.cbc.ca/news/world/strong-quake-hits-southern-iran-1.563290\n"
        "Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET\n"
        "An earthquake with a magnitude of at least 5.9 hit southern Iran on Sunday.\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.published == date(2005, 11, 27)
    assert not article.title.startswith("Posted")


def test_the_day_in_the_url_dates_an_article_without_a_dateline(tmp_path: Path) -> None:
    path = tmp_path / "climber.txt"
    path.write_text(
        "http://www.theguardian.com/world/2013/sep/16/british-climber-dies-new-zealand\n"
        "British climber dies in New Zealand fall\nA British climber has fallen to his death.\n",
        encoding="utf-8",
    )
    assert only_article(path).published == date(2013, 9, 16)


def test_the_stamps_date_more_of_the_ecb_corpus() -> None:
    if not ECB_DOCS.exists():
        pytest.skip("ECB+ corpus not available")
    found = articles(read_all([ECB_DOCS]))
    # 276 files carry a date on a line of its own; stamps and URLs date 49 more.
    assert sum(1 for a in found if a.published) >= 320
