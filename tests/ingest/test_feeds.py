"""RSS and Atom feeds, including hostile and broken ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.ingest import feeds
from storyline.models import DateSource

from .conftest import PARAGRAPHS, articles, only_skip, read_all, skipped

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>The Daily Example</title>
  <link>https://www.dailyexample.com/</link>
  <item>
    <title>Talks end after an hour</title>
    <link>https://www.dailyexample.com/world/talks-end</link>
    <pubDate>Mon, 02 Jun 2025 14:35:00 +0000</pubDate>
    <dc:creator>Jane Roe</dc:creator>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>{PARAGRAPHS[0]}</p><p>Advertisement</p>
      <p>{PARAGRAPHS[1]}</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Item without any text</title>
    <link>https://www.dailyexample.com/world/empty</link>
  </item>
  <item>
    <title>Prisoner exchange agreed</title>
    <link>https://www.dailyexample.com/world/exchange</link>
    <description>&lt;p&gt;{PARAGRAPHS[2]}&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <link href="https://wire.example.org/"/>
  <entry>
    <title>Talks end after an hour</title>
    <link rel="alternate" href="https://wire.example.org/2025/talks"/>
    <link rel="edit" href="https://wire.example.org/edit/1"/>
    <published>2025-06-02T10:00:00Z</published>
    <updated>2025-06-03T08:00:00Z</updated>
    <author><name>John Doe</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div></content>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://wire.example.org/2025/only-updated"/>
    <updated>2025-06-04T08:00:00Z</updated>
    <summary type="text">{PARAGRAPHS[2]}</summary>
  </entry>
</feed>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_items(tmp_path: Path) -> None:
    path = _write(tmp_path, "news.rss", RSS)
    results = read_all([path])
    found = articles(results)
    assert [a.path for a in found] == [f"{path}#1", f"{path}#3"]
    first = found[0]
    assert first.title == "Talks end after an hour"
    assert first.url == "https://www.dailyexample.com/world/talks-end"
    assert first.outlet == "The Daily Example"
    assert first.published == date(2025, 6, 2)
    assert first.date_source is DateSource.METADATA
    assert first.byline == "Jane Roe"
    assert first.text == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"
    assert found[1].text == PARAGRAPHS[2]
    assert found[1].published is None
    (bad,) = skipped(results)
    assert bad.path == f"{path}#2"
    assert "no text" in bad.reason


def test_atom_entries(tmp_path: Path) -> None:
    path = _write(tmp_path, "wire.atom", ATOM)
    found = articles(read_all([path]))
    assert len(found) == 2
    first, second = found
    assert first.url == "https://wire.example.org/2025/talks"
    assert first.outlet == "Example Wire"
    assert first.published == date(2025, 6, 2)  # published wins over updated
    assert first.byline == "John Doe"
    assert first.text.split("\n") == [PARAGRAPHS[0], PARAGRAPHS[1]]
    assert second.published == date(2025, 6, 4)
    assert second.text == PARAGRAPHS[2]


def test_xml_extension_is_sniffed(tmp_path: Path) -> None:
    path = _write(tmp_path, "feed.xml", RSS)
    assert len(articles(read_all([path]))) == 2


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = _write(tmp_path, "config.xml", "<settings><a>1</a></settings>")
    assert "not an RSS or Atom feed" in only_skip(path).reason


def test_malformed_feed(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.xml", "<rss>\n<channel>\n<item><title>x</channel></rss>")
    reason = only_skip(path).reason
    assert reason.startswith("malformed XML feed at line 3")


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<rss><channel><item><title>&lol3;</title><description>&lol3;</description>"
        "</item></channel></rss>"
    )
    path = _write(tmp_path, "bomb.rss", bomb)
    assert only_skip(path).reason == feeds.UNSAFE


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<rss><channel><item><title>x</title><description>&xxe;</description>"
        "</item></channel></rss>"
    )
    path = _write(tmp_path, "xxe.rss", xxe)
    assert only_skip(path).reason == feeds.UNSAFE


def test_items_beyond_the_limit_are_refused_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "MAX_FEED_ITEMS", 2)
    items = "".join(
        f"<item><title>Item {n}</title><description>Story number {n} text.</description></item>"
        for n in range(1, 6)
    )
    path = _write(tmp_path, "big.rss", f"<rss><channel><title>T</title>{items}</channel></rss>")
    results = read_all([path])
    assert len(articles(results)) == 2
    (refused,) = skipped(results)
    assert refused.path == f"{path}#3"
    assert "more than 2 items" in refused.reason


def test_a_mangled_cdata_section_in_item_html_is_skipped_like_a_browser_does(
    tmp_path: Path,
) -> None:
    # Found by fuzzing: the standard HTML tokenizer asserted on "<![CD" (Python < 3.13).
    body = (
        "&lt;p&gt;Talks resumed in Istanbul on Monday.&lt;/p&gt;&lt;![CD junk&gt;"
        "&lt;p&gt;Both sides spoke.&lt;/p&gt;"
    )
    path = _write(
        tmp_path,
        "mangled.rss",
        f"<rss><channel><title>T</title><item><title>Talks</title>"
        f"<description>{body}</description></item></channel></rss>",
    )
    [article] = articles(read_all([path]))
    assert article.text.split("\n") == ["Talks resumed in Istanbul on Monday.", "Both sides spoke."]


AGGREGATOR = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Top stories</title>
  <link>https://news.aggregator.example/</link>
  <item><title>From Reuters</title><link>https://www.reuters.com/world/talks</link>
    <description>{PARAGRAPHS[0]}</description></item>
  <item><title>Named source</title><link>https://news.aggregator.example/r/123</link>
    <source url="https://apnews.com/index.rss">Associated Press</source>
    <description>{PARAGRAPHS[1]}</description></item>
  <item><title>Its own</title><link>https://news.aggregator.example/own</link>
    <description>{PARAGRAPHS[2]}</description></item>
</channel></rss>
"""


def test_an_aggregators_items_take_their_outlet_from_their_own_link(tmp_path: Path) -> None:
    path = _write(tmp_path, "top.rss", AGGREGATOR)
    outlets = [a.outlet for a in articles(read_all([path]))]
    # The item's <source> names its outlet; else the link's site; the feed's own title
    # only for items on the feed's own site.
    assert outlets == ["reuters.com", "Associated Press", "Top stories"]
