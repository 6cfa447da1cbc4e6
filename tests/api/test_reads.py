"""Every public read endpoint, over real HTTP, on the analysed seeds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def get(client: httpx.Client, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(path, params=params or None)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


@pytest.fixture(scope="module")
def story(reader: str) -> dict[str, Any]:
    with httpx.Client(base_url=reader, timeout=120) as c:
        stories = get(c, "/api/stories")["items"]
    assert len(stories) == 1, "the five seeds are one story"
    return dict(stories[0])


def test_health_counts_what_the_analysis_stored(client: httpx.Client) -> None:
    health = get(client, "/api/health")
    assert health == {
        "status": "ok",
        "version": health["version"],
        "articles": 5,
        "events": health["events"],
        "stories": 1,
        "writes_enabled": True,
    }
    assert health["events"] >= 1


def test_articles_are_paginated_with_a_next_link(client: httpx.Client) -> None:
    first = get(client, "/api/articles", limit=2)
    assert first["total"] == 5 and first["limit"] == 2 and first["offset"] == 0
    assert len(first["items"]) == 2
    seen = [a["id"] for a in first["items"]]
    following = first["next"]
    while following:  # the next links walk the whole list exactly once
        page = get(client, following)
        seen += [a["id"] for a in page["items"]]
        following = page["next"]
    assert len(seen) == len(set(seen)) == 5
    everything = get(client, "/api/articles")
    assert [a["id"] for a in everything["items"]] == seen and everything["next"] is None
    assert get(client, "/api/articles", offset=5)["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_pagination_is_a_422_naming_the_parameter(
    client: httpx.Client, params: dict[str, Any], field: str
) -> None:
    body = get(client, "/api/articles", 422, **params)
    assert f"query.{field}" in body["error"] and body["hint"]
    assert body["details"][0]["loc"] == ["query", field]


def test_an_article_comes_with_its_text_event_and_lineage_group(
    client: httpx.Client, story: dict[str, Any]
) -> None:
    listed = get(client, "/api/articles", limit=100)["items"]
    talks_end = next(a for a in listed if a["title"].startswith("Ukraine-Russia Peace Talks"))
    detail = get(client, f"/api/articles/{talks_end['id'][:8]}")  # a prefix is enough
    assert detail["article"] == talks_end
    assert "hour after they began" in detail["text"]
    assert len(detail["text"]) == talks_end["characters"]
    assert detail["event"]["story"] == story["id"]
    assert talks_end["id"] in detail["event"]["articles"]
    assert talks_end["id"] in detail["lineage_group"]["articles"]
    assert detail["lineage_group"]["event"] == detail["event"]["id"]


def test_an_articles_lineage_says_why_with_the_sentences_behind_each_link(
    client: httpx.Client,
) -> None:
    listed = get(client, "/api/articles", limit=100)["items"]
    talks_end = next(a for a in listed if a["title"].startswith("Ukraine-Russia Peace Talks"))
    detail = get(client, f"/api/articles/{talks_end['id']}")
    explained = get(client, f"/api/articles/{talks_end['id'][:8]}/lineage")
    assert explained["article"] == talks_end
    assert explained["group"] == detail["lineage_group"]  # the stored decision, with reasons
    rewrite = next(k for k in explained["links"] if k["relation"] == "rewrite")
    assert rewrite["why"].startswith("rewrite:") and rewrite["sentences"]
    for pair in rewrite["sentences"]:
        start, end = pair["this_span"]
        assert detail["text"][start:end] == pair["this"]


def test_events_and_their_details(client: httpx.Client, story: dict[str, Any]) -> None:
    events = get(client, "/api/events")
    assert sorted(e["id"] for e in events["items"]) == sorted(story["events"])
    event = events["items"][0]
    detail = get(client, f"/api/events/{event['id'][:6]}")
    assert detail["event"] == event
    assert [a["id"] for a in detail["articles"]] == event["articles"]
    assert {a for g in detail["lineage"] for a in g["articles"]} == set(event["articles"])
    assert {c["article"] for c in detail["changes"]} >= set(event["articles"])


def test_stories_sort_and_detail(client: httpx.Client, story: dict[str, Any]) -> None:
    assert get(client, "/api/stories", sort="biggest")["items"] == [story]
    assert story["articles"] == 5
    detail = get(client, f"/api/stories/{story['id'][:5]}")
    assert detail["story"] == story
    assert [e["id"] for e in detail["events"]] == story["events"]
    get(client, "/api/stories", 422, sort="oldest")


def test_story_brief_is_the_cited_brief_of_the_seeds(
    client: httpx.Client, story: dict[str, Any]
) -> None:
    brief = get(client, f"/api/stories/{story['id']}/brief")
    assert brief["subject"] == story["id"] and brief["articles"] == 5
    assert brief["summary"] and all(s["citations"] for s in brief["summary"])
    for sentence in brief["summary"]:
        for citation in sentence["citations"]:  # each excerpt is the cited span of its article
            text = get(client, f"/api/articles/{citation['article']}")["text"]
            assert text[citation["start"] : citation["end"]] == citation["excerpt"]
    assert {c["outlet"] for c in brief["coverage"]}
    assert any(w["name"] for w in brief["who"])


def test_event_brief_and_timeline(client: httpx.Client, story: dict[str, Any]) -> None:
    event_id = story["events"][0]
    brief = get(client, f"/api/events/{event_id}/brief")
    assert brief["subject"] == event_id and brief["summary"]
    timeline = get(client, f"/api/stories/{story['id']}/timeline")
    assert timeline["story"] == story["id"] and timeline["title"] == story["label"]
    days = [t["date"] for t in timeline["timeline"]]
    assert days and days == sorted(days)
    assert all(t["citations"] for t in timeline["timeline"])
    assert timeline["changes"]


def test_entities_are_ranked_by_reach_and_filter_by_type(client: httpx.Client) -> None:
    everyone = get(client, "/api/entities", limit=100)
    reach = [len(e["articles"]) for e in everyone["items"]]
    assert reach == sorted(reach, reverse=True) and everyone["total"] >= len(reach) > 0
    names = {e["name"] for e in everyone["items"]}
    assert {"Ukraine", "Russia", "Istanbul"} <= names
    people = get(client, "/api/entities", type="person", limit=100)["items"]
    assert people and all(e["type"] == "person" for e in people)
    get(client, "/api/entities", 422, type="planet")


def test_an_entity_is_found_by_any_spelling_and_profiled_by_id(client: httpx.Client) -> None:
    named = get(client, "/api/entities", name="Zelenskiy")["items"]
    zelensky = named[0]
    assert zelensky["type"] == "person" and {"Zelensky", "Zelenskyy"} <= {
        w.split()[-1] for w in zelensky["variants"]
    }
    profile = get(client, f"/api/entities/{zelensky['id']}")
    assert profile["entity"] == zelensky
    assert len(profile["articles"]) == len(zelensky["articles"]) == 5
    assert profile["events"] and profile["stories"]
    assert {a["event"] for a in profile["articles"]} == {e["event"] for e in profile["events"]}
    assert get(client, "/api/entities", name="Zyzzyva")["items"] == []
    get(client, "/api/entities/nffffffffffff", 404)


def test_text_search_finds_the_words(client: httpx.Client) -> None:
    found = get(client, "/api/search", q="prisoner exchange")
    assert found["mode"] == "text" and found["items"]
    assert all("«" in hit["snippet"] for hit in found["items"])
    assert get(client, "/api/search", q="zyzzyva quokka")["items"] == []
    get(client, "/api/search", 422, q="")
    get(client, "/api/search", 422, q="x", mode="fuzzy")


def test_a_name_is_found_in_every_spelling_by_the_api_and_the_page(client: httpx.Client) -> None:
    # The five seeds spell him Zelensky, Zelenskiy and Zelenskyy; any one finds them all.
    for spelling in ("Zelenskiy", "Zelensky", "Zelenskyy"):
        assert len(get(client, "/api/search", q=spelling)["items"]) == 5
    page = client.get("/search", params={"q": "Zelenskiy"})
    assert page.status_code == 200 and "5 articles match" in page.text


def test_semantic_search_ranks_by_meaning(client: httpx.Client) -> None:
    # No seed says "swap of captured soldiers"; they say "prisoner exchange".
    found = get(client, "/api/search", q="swap of captured soldiers", mode="semantic", limit=3)
    hits = found["items"]
    assert len(hits) == 3
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.2
    assert "prisoner" in hits[0]["snippet"].lower()


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/nope",
        "/api/events/nope",
        "/api/stories/nope",
        "/api/events/nope/brief",
        "/api/stories/nope/brief",
        "/api/stories/nope/timeline",
        "/api/articles/nope/lineage",
    ],
)
def test_unknown_ids_are_a_404_with_a_hint(client: httpx.Client, path: str) -> None:
    body = get(client, path, 404)
    assert "'nope'" in body["error"] and "/api/stories" in body["hint"]


def test_an_id_of_the_wrong_kind_is_a_404_saying_where_to_look(
    client: httpx.Client, story: dict[str, Any]
) -> None:
    body = get(client, f"/api/events/{story['id']}", 404)
    assert f"/api/stories/{story['id']}" in body["error"]


def test_unknown_routes_and_methods_answer_json(client: httpx.Client) -> None:
    assert "/openapi.json" in get(client, "/api/nowhere", 404)["hint"]
    response = client.delete("/api/articles")
    assert response.status_code == 405 and response.json()["hint"]
