"""The reader's view in real Chromium, on real coverage: two rehab stories of ECB+ topic 1.

Sixteen articles (eight of each half of the topic) give a front page with
outlets, a story of two events, citations to follow and paraphrases to find.
Screenshots of every kind of page at a phone's width and a desktop's go to
out/screenshots/, so a reviewer can look at what the tests looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

import pytest

from storyline import service
from storyline.settings import Settings
from storyline.store import open_store

from ..conftest import ECBPLUS, ROOT
from .site import serving_db

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = ROOT / "out" / "screenshots"
WIDTHS = (390, 1280)
FOLD = 900  # the viewport's height: what shows before any scrolling
TOPIC = [f"1_{n}{half}.txt" for n in range(1, 9) for half in ("ecb", "ecbplus")]


class Reader:
    """The served store and what the tests need to find in it."""

    def __init__(self, base: str, db: Path) -> None:
        self.base, self.db = base, db
        with open_store(db) as store:
            stories = store.stories()
            events = {e.id: e for e in store.events()}
            self.story = max(
                stories, key=lambda s: sum(len(events[e].article_ids) for e in s.event_ids)
            )
            self.event = events[self.story.event_ids[0]]
            self.reports = len(store.lineage(self.story.event_ids).groups)
            members = [a for e in self.story.event_ids for a in events[e].article_ids]
            self.outlets = {a.outlet for a in store.articles(members) if a.outlet}
            self.article = members[0]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    docs = ECBPLUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"ECB+ dev not found at {docs}")
    db = tmp_path_factory.mktemp("reader") / "reader.db"
    settings = Settings(db=db)
    with open_store(db) as store:
        service.ingest(store, [docs / name for name in TOPIC], settings)
        service.analyze(store, settings)
    with serving_db(db) as base:
        yield Reader(base, db)


def open_page(browser: Browser, width: int) -> Page:
    return browser.new_page(viewport={"width": width, "height": FOLD})


def shoot(page: Page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def fits_the_width(page: Page, width: int) -> bool:
    """No sideways scrolling: nothing wider than the screen."""
    return int(page.evaluate("document.documentElement.scrollWidth")) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_show_independent_reports_and_outlets(
    reader: Reader, browser: Browser, width: int
) -> None:
    page = open_page(browser, width)
    page.goto(reader.url("/"))
    card = page.locator("li.card", has=page.locator(f'h2 a[href="/stories/{reader.story.id}"]'))
    counts = card.locator(".counts").inner_text()
    assert f"{reader.reports} independent reports" in counts
    assert f"{len(reader.outlets)} outlets" in counts
    named = card.locator(".outlets").inner_text()
    assert reader.outlets and any(outlet in named for outlet in reader.outlets)
    # What happened, with its source linked: the brief's first sentence.
    assert card.locator(".lede").inner_text().strip()
    assert card.locator(".lede .cited-by a").count() >= 1
    assert fits_the_width(page, width)
    shoot(page, "front", width)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_story_page_lists_its_events_before_the_fold(
    reader: Reader, browser: Browser, width: int
) -> None:
    page = open_page(browser, width)
    page.goto(reader.url(f"/stories/{reader.story.id}"))
    events = page.locator("#events li")
    assert events.count() == len(reader.story.event_ids)
    if width >= 1000:  # on a phone the summary comes first and the events follow it
        box = page.locator("#events").bounding_box()
        assert box is not None and box["y"] < FOLD
    # Every event links to its page, and the event page links back up to the story.
    events.first.locator("a").click()
    page.wait_for_url("**/events/*")
    up = page.locator("nav.up")
    assert up.locator(f'a[href="/stories/{reader.story.id}"]').count() == 1
    assert fits_the_width(page, width)
    shoot(page, "event", width)
    page.goto(reader.url(f"/stories/{reader.story.id}"))
    shoot(page, "story", width)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citation_click_lands_on_the_highlighted_sentence(
    reader: Reader, browser: Browser, width: int
) -> None:
    page = open_page(browser, width)
    page.goto(reader.url(f"/stories/{reader.story.id}"))
    citation = page.locator("#summary sup.cites a").first
    citation.click()
    page.wait_for_url("**/articles/*")
    cite = parse_qs(urlparse(page.url).query)["cite"][0]
    start, end = (int(x) for x in cite.split("-"))
    article_id = urlparse(page.url).path.rsplit("/", 1)[-1]
    with open_store(reader.db) as store:
        cited = store.article(article_id).text[start:end]
    mark = page.locator("mark#cited")
    assert mark.inner_text() == cited
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < FOLD  # scrolled into view
    # The article page links up to its event and its story, and says where it stands.
    up = page.locator("nav.up").inner_text()
    assert "All stories" in up and "Event:" in up
    assert "independent report" in page.locator("#belongs").inner_text()
    assert fits_the_width(page, width)
    page.screenshot(path=str(SHOTS / f"article-{width}.png"))
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_semantic_search_finds_a_paraphrase(reader: Reader, browser: Browser, width: int) -> None:
    page = open_page(browser, width)
    page.goto(reader.url("/"))
    # None of these words is in the articles' own account ("checked into rehab").
    page.fill("#q", "actress enters addiction clinic")
    page.select_option("#mode", "semantic")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?*mode=semantic*")
    hits = page.locator("ol.results > li")
    assert hits.count() >= 3
    top = " ".join(hits.nth(i).inner_text() for i in range(3)).lower()
    assert "rehab" in top
    # Each hit says when, and which event and story it belongs to.
    where = hits.first.locator(".where").inner_text()
    assert "event:" in where
    assert fits_the_width(page, width)
    shoot(page, "search", width)
    # The same words, matched as words, find nothing: it is the meaning that matched.
    page.goto(reader.url("/search?q=actress+enters+addiction+clinic"))
    assert page.locator("ol.results > li").count() == 0
    page.close()
