"""The seeds' story in real headless Chromium: list, story, article, search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.store import open_store
from storyline.web import CONTENT_SECURITY_POLICY

from .site import Site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1000, "height": 800})
    # Any CSP complaint means our own markup broke the policy (an inline style, say).
    complaints: list[str] = []
    opened.on(
        "console", lambda m: complaints.append(m.text) if "Content Security" in m.text else None
    )
    yield opened
    opened.close()
    assert complaints == []


def test_reader_goes_from_the_list_to_the_story_and_sees_conflict_and_timeline(
    site: Site, page: Page, tmp_path: Path
) -> None:
    response = page.goto(site.url("/"))
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.click(f'a[href="/stories/{site.seed_story}"]')
    page.wait_for_url(f"**/stories/{site.seed_story}")

    conflicts = page.locator("#conflicts")
    # Folded, quieter than the brief around it: the count shows, the quotes wait for a click.
    assert not conflicts.locator("div.conflict").first.is_visible()
    conflicts.locator("summary", has_text="given differently by the sources").click()
    assert conflicts.locator("div.conflict").first.is_visible()
    assert "just over an hour" in conflicts.inner_text()
    assert "less than an hour" in conflicts.inner_text()
    # The two versions sit side by side: the two columns of one table.
    hours = conflicts.locator("div.conflict", has=page.locator("h3", has_text="(hours)"))
    sides = hours.locator("thead th .side-value").all_inner_texts()
    assert sides == ["just over an hour", "less than an hour"]
    timeline = page.locator("#timeline time").all_inner_texts()
    assert any(t.startswith("2025-06-01") for t in timeline)
    assert any(t.startswith("2025-06-02") for t in timeline)
    for section in ("summary", "who", "coverage", "reports", "sources"):
        assert page.locator(f"#{section}").is_visible(), section
    assert page.locator("#coverage svg.chart").count() == 1
    with open_store(site.db) as store:
        reports = len(store.lineage(store.story(site.seed_story).event_ids).groups)
    assert f"5 articles come from {reports} independent reports" in page.inner_text("#reports")

    shot = tmp_path / "story.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a long, rendered page, not a blank one


def test_article_page_shows_its_lineage(site: Site, page: Page) -> None:
    page.goto(site.url(f"/stories/{site.seed_story}"))
    page.locator("#reports summary").click()  # the list of reports is folded
    page.locator("#reports").locator(f'a[href="/articles/{site.seed_ids["002"]}"]').click()
    page.wait_for_url(f"**/articles/{site.seed_ids['002']}")
    assert "Ukraine-Russia Peace Talks in Istanbul End After Just One Hour" in page.inner_text("h1")
    lineage = page.locator("#lineage").inner_text()
    assert "Original report" in lineage and "Credited as the source: Reuters" in lineage
    assert "rewrite" in lineage and "Reuters reported" in lineage
    # The evidence: the sentences it shares with its original, side by side.
    evidence = page.locator("#lineage table.evidence")
    assert evidence.count() == 1 and evidence.locator("tbody tr").count() >= 3
    # The original it retells is linked; following it shows the other side.
    page.locator("#lineage").locator(f'a[href="/articles/{site.seed_ids["001"]}"]').first.click()
    page.wait_for_url(f"**/articles/{site.seed_ids['001']}")
    assert "This article is the original report" in page.locator("#lineage").inner_text()


def test_search_from_the_site_bar_finds_ciragan(site: Site, page: Page) -> None:
    page.goto(site.url("/"))
    page.fill("#q", "Ciragan")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Ciragan&mode=text")
    results = page.locator("ol.results > li")
    assert results.count() == 4  # four seeds name the palace
    assert set(page.locator("ol.results mark").all_inner_texts()) == {"Ciragan"}
    results.first.locator("a").first.click()  # the article; the event and story follow
    page.wait_for_url("**/articles/*")
    assert "Ciragan" in page.locator("#text").inner_text()
