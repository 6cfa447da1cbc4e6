"""The pages over real HTTP without a browser: order, paging, errors, what's new."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from storyline.report import changes_of
from storyline.store import open_store
from storyline.web import CONTENT_SECURITY_POLICY

from .site import Site


def get(site: Site, path: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(site.url(path), timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def story_links(body: str) -> list[str]:
    return re.findall(r'<h2 id="card-[^"]+"><a href="/stories/([^"]+)"', body)


def test_story_list_orders_newest_or_biggest(site: Site) -> None:
    _, newest, _ = get(site, "/")
    _, biggest, _ = get(site, "/?sort=biggest")
    # The hostile story is dated 2026 but has two articles; the seeds' has five.
    assert story_links(newest) == [site.hostile_story, site.seed_story]
    assert story_links(biggest) == [site.seed_story, site.hostile_story]
    assert "2 stories" in newest and "Page 1 of 1" in newest


def test_odd_paging_and_sorting_still_give_the_list(site: Site) -> None:
    for path in ("/?page=999", "/?page=-3", "/?page=x&sort=nonsense"):
        status, body, _ = get(site, path)
        assert status == 200 and len(story_links(body)) == 2, path


def test_unknown_or_mismatched_ids_are_html_404s_with_the_policy(site: Site) -> None:
    with open_store(site.db) as store:
        an_event = store.events()[0].id
    for path in ("/stories/zzz", f"/stories/{an_event}", "/articles/zzz", "/events/zzz"):
        status, body, headers = get(site, path)
        assert status == 404, path
        assert headers["content-type"].startswith("text/html")
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "<h1>Not found</h1>" in body


def test_event_page_has_the_brief_without_the_story_parts(site: Site) -> None:
    with open_store(site.db) as store:
        event = store.story(site.seed_story).event_ids[0]
    status, body, _ = get(site, f"/events/{event}")
    assert status == 200
    assert 'id="conflicts"' in body and 'id="reports"' in body and 'id="events"' not in body


def test_since_lists_what_arrived_after_the_last_visit(site: Site) -> None:
    with open_store(site.db) as store:
        story = store.story(site.seed_story)
        changes = changes_of(store.event_changes(), set(story.event_ids))
    last = max(c.seq for c in changes)
    _, everything, _ = get(site, f"/stories/{site.seed_story}?since=0")
    box = everything.split('<aside class="changes"', 1)[1].split("</aside>", 1)[0]
    assert "New since your last visit" in box
    assert set(re.findall(r'href="/articles/([^"]+)"', box)) == set(site.seed_ids.values())
    assert f"?since={last}" in box  # the link to come back with
    _, nothing, _ = get(site, f"/stories/{site.seed_story}?since={last}")
    assert "Nothing new since your last visit." in nothing
    _, by_day, _ = get(site, f"/stories/{site.seed_story}?since=2025-06-01")
    box = by_day.split('<aside class="changes"', 1)[1].split("</aside>", 1)[0]
    dated = {c.article_id for c in changes if c.day and c.day.isoformat() > "2025-06-01"}
    assert dated and set(re.findall(r'href="/articles/([^"]+)"', box)) == dated


def test_style_sheet_is_served_cacheable(site: Site) -> None:
    status, body, headers = get(site, "/static/storyline.css")
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert "immutable" in headers["cache-control"] and "ol.timeline" in body


def test_story_page_shows_how_its_events_grew(site: Site) -> None:
    with open_store(site.db) as store:
        story = store.story(site.seed_story)
        changes = changes_of(store.event_changes(), set(story.event_ids))
    _, body, _ = get(site, f"/stories/{site.seed_story}")
    growth = body.split('<section id="growth"', 1)[1].split("</section>", 1)[0]
    founded = [c.article_id for c in changes if c.kind.value == "founded"]
    joined = sum(1 for c in changes if c.kind.value == "joined")
    assert growth.count("started an event") == len(founded) >= 2  # the June and July rounds
    assert f"{joined} article" in growth
    assert set(re.findall(r'href="/articles/([^"]+)"', growth)) == set(founded)


def test_a_quoted_difference_links_to_its_sentence_marked_in_the_article(site: Site) -> None:
    _, story, _ = get(site, f"/stories/{site.seed_story}")
    links = re.findall(r'<a class="in-context" href="(/articles/[^"]+)">in context</a>', story)
    assert links, "the seeds' duration difference quotes both sides"
    path = links[0].replace("&amp;", "&")
    article_id = path.split("/articles/")[1].split("?")[0]
    start, end = (int(x) for x in path.split("cite=")[1].split("#")[0].split("-"))
    status, page, _ = get(site, path)
    with open_store(site.db) as store:
        cited = store.article(article_id).text[start:end]
    marked = re.search(r'<mark id="cited">(.*?)</mark>', page)
    assert status == 200 and marked is not None
    assert "hour" in marked.group(1) and marked.group(1).startswith(cited[:20])


def test_a_malformed_or_outside_citation_marks_nothing(site: Site) -> None:
    hostile = site.hostile_ids[0]
    for cite in ("x", "9-3", "0-999999", "-5-7", "3-"):
        status, page, _ = get(site, f"/articles/{hostile}?cite={cite}")
        assert status == 200 and "<mark" not in page, cite
    # The hostile words inside a mark are escaped like any other.
    with open_store(site.db) as store:
        raw = next(a for i in site.hostile_ids if "<img" in (a := store.article(i)).text)
    first_line = len(raw.text.split("\n")[0])
    status, page, _ = get(site, f"/articles/{raw.id}?cite=0-{first_line}")
    marked = re.search(r'<mark id="cited">(.*?)</mark>', page, flags=re.S)
    assert marked is not None and "<img" not in marked.group(1) and "&lt;img" in marked.group(1)


def test_who_s_who_names_lead_to_their_entity_pages(site: Site) -> None:
    _, story, _ = get(site, f"/stories/{site.seed_story}")
    links = re.findall(r'<th scope="row"><a href="(/entities\?name=[^"]+)">', story)
    assert links, "who's who names are links"
    status, body, headers = get(site, links[0].replace("&amp;", "&"))
    assert status == 200 and headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert 'id="events"' in body and 'id="articles"' in body


def test_an_entity_page_takes_any_spelling_and_lists_every_article(site: Site) -> None:
    status, body, _ = get(site, "/entities?name=Zelenskiy")
    assert status == 200 and "<h1>Volodymyr Zelensk" in body
    for article_id in site.seed_ids.values():
        assert f'href="/articles/{article_id}"' in body
    entity_id = re.search(r"<code>(n[0-9a-f]+)</code>", body)
    assert entity_id is not None
    status, by_id, _ = get(site, f"/entities/{entity_id.group(1)}")
    assert status == 200 and "<h1>Volodymyr Zelensk" in by_id
    for path in ("/entities?name=Zyzzyva", "/entities", "/entities/nffffffff"):
        status, body, _ = get(site, path)
        assert status == 404 and "<h1>Not found</h1>" in body, path


def test_public_pages_show_no_server_paths_or_commands(site: Site) -> None:
    with open_store(site.db) as store:
        story = store.story(site.seed_story)
        paths = {store.article(a).path for a in site.seed_ids.values()}
    pages = [
        "/",
        f"/stories/{story.id}",
        f"/events/{story.event_ids[0]}",
        "/search?q=Istanbul",
        "/stories/nope",
        "/articles/nope",
        "/entities?name=Nobody+Atall",
    ]
    pages += [f"/articles/{a}" for a in site.seed_ids.values()]
    for path in pages:
        _, body, _ = get(site, path)
        assert "storyline " not in body.lower().replace("storyline brief", ""), path
        assert not any(p in body for p in paths), path
        assert str(site.db) not in body, path


def test_an_undated_article_shows_the_day_borrowed_from_its_event(site: Site) -> None:
    with open_store(site.db) as store:
        undated = [a for a in store.articles(site.seed_ids.values()) if a.published is None]
        event = store.event_of_article(undated[0].id)
    assert undated and event is not None and event.start is not None
    _, body, _ = get(site, f"/articles/{undated[0].id}")
    assert f"about {event.start.isoformat()} (inferred" in body
