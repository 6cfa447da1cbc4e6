"""The seeds, end to end through the real command line, against a golden file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, SEEDS
from .helpers import storyline, storyline_json

GOLDEN = ROOT / "tests" / "golden" / "seeds_analyze.json"


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("e2e") / "seeds.db"
    document: dict[str, Any] = storyline_json("analyze", SEEDS, "--db", db)
    document["_db"] = str(db)
    return document


def stem(path: str) -> str:
    return Path(path).stem


def test_every_seed_is_an_article_found_by_its_file_stem(analysis: dict[str, Any]) -> None:
    stems = {stem(a["path"]) for a in analysis["articles"]}
    assert stems == {p.stem for p in SEEDS.glob("*.txt")}
    by_stem = {stem(a["path"]): a for a in analysis["articles"]}
    talks_end = by_stem[next(s for s in stems if s.startswith("002"))]
    assert (
        talks_end["title"]
        == "Ukraine-Russia Peace Talks in Istanbul End After Just One Hour: Report"
    )
    assert talks_end["published"] == "2025-06-02"
    undated = by_stem[next(s for s in stems if s.startswith("001"))]
    assert undated["published"] is None and undated["published_source"] == "unknown"


def test_events_and_stories_partition_the_articles(analysis: dict[str, Any]) -> None:
    ids = sorted(a["id"] for a in analysis["articles"])
    assert sorted(a for e in analysis["events"] for a in e["articles"]) == ids
    event_ids = sorted(e["id"] for e in analysis["events"])
    assert sorted(e for s in analysis["stories"] for e in s["events"]) == event_ids


def quoted_from(text: str, excerpt: str) -> bool:
    if text == excerpt or excerpt.endswith(text):
        return True
    named = re.match(r"\[[^\]]+\]", text)
    return named is not None and excerpt.split(maxsplit=1)[1:] == [text[named.end() :].lstrip()]


def test_every_summary_sentence_cites_text_that_is_really_there(analysis: dict[str, Any]) -> None:
    db = analysis["_db"]
    briefs = analysis["brief"]["events"] + analysis["brief"]["stories"]
    assert briefs and all(b["summary"] for b in briefs)
    for brief in briefs:
        assert len(brief["summary"]) <= 5
        for sentence in brief["summary"]:
            assert sentence["citations"], sentence["text"]
            for c in sentence["citations"]:
                assert c["excerpt"] and c["end"] > c["start"]
            # Each sentence is quoted from one of its sources, span and all (a dateline
            # dropped, or a leading "He" named in brackets, editor style).
            assert any(quoted_from(sentence["text"], c["excerpt"]) for c in sentence["citations"])
    shown = storyline_json("show", briefs[0]["subject"][:8], "--db", db)
    assert shown["brief"]["summary"] == briefs[0]["summary"]


def test_second_run_changes_nothing(analysis: dict[str, Any]) -> None:
    again = storyline_json("ingest", SEEDS, "--db", analysis["_db"])
    assert again["stored"] == [] and len(again["unchanged"]) == 5


def by_stem(analysis: dict[str, Any]) -> dict[str, str]:
    return {stem(a["path"])[:3]: a["id"] for a in analysis["articles"]}


def test_lineage_finds_the_seed_rewrites_and_their_credits(analysis: dict[str, Any]) -> None:
    ids = by_stem(analysis)
    groups = {frozenset(g["articles"]): g for g in analysis["lineage"]}
    reuters_pair = groups[frozenset({ids["001"], ids["002"]})]
    assert reuters_pair["origin"] == ids["001"]  # 002 says it retells Reuters; 001 does not
    assert reuters_pair["credited"] == ["Reuters"]
    agency_pair = groups[frozenset({ids["000"], ids["004"]})]
    assert agency_pair["origin"] == ids["000"]  # 000 carries the wire's own sign-off
    credits = {(c["article"], c["outlet"]) for c in analysis["credits"]}
    assert (ids["002"], "Reuters") in credits
    assert all(c["text"] for c in analysis["credits"])


def test_independent_reports_count_lineage_groups_not_articles(analysis: dict[str, Any]) -> None:
    for event in analysis["events"]:
        groups = [g for g in analysis["lineage"] if g["event"] == event["id"]]
        assert event["independent_reports"] == len(groups) <= len(event["articles"])
        assert sorted(a for g in groups for a in g["articles"]) == sorted(event["articles"])
    # The June 2 round: four articles, of which two pairs are one report each.
    biggest = max(analysis["brief"]["events"], key=lambda b: b["articles"])
    assert biggest["independent_reports"] < biggest["articles"]
    for brief in analysis["brief"]["events"]:
        for sentence in brief["summary"]:
            assert 1 <= sentence["independent_support"] <= len(sentence["citations"])


def summarise(document: dict[str, Any]) -> dict[str, Any]:
    """The parts of the output a reader checks by eye, keyed by file stem."""
    stem_of = {a["id"]: stem(a["path"])[:3] for a in document["articles"]}
    return {
        "articles": {
            stem_of[a["id"]]: {"title": a["title"], "published": a["published"]}
            for a in document["articles"]
        },
        "events": sorted(sorted(stem_of[x] for x in e["articles"]) for e in document["events"]),
        "stories": len(document["stories"]),
        "lineage": sorted(
            (sorted(stem_of[a] for a in g["articles"]), stem_of.get(g["origin"]), g["credited"])
            for g in document["lineage"]
        ),
        "entities": sorted(
            (e["type"], e["name"], len(e["variants"]))
            for e in document["entities"]
            if len(e["articles"]) >= 3
        ),
        "timeline": [
            (t["date"], sorted(stem_of[a] for a in t["articles"])) for t in document["timeline"]
        ],
        "conflicts": sorted(
            (
                c["kind"],
                c["about"] if c["kind"] == "figure" else "…",
                [
                    (
                        s["value"] if c["kind"] == "figure" else s["value"][:40],
                        sorted(stem_of[a] for a in s["articles"]),
                    )
                    for s in c["sides"]
                ],
            )
            for c in document["conflicts"]
        ),
        "event_briefs": [
            [
                f"{s['text']} [{', '.join(stem_of[c['article']] for c in s['citations'])}]"
                for s in b["summary"]
            ]
            for b in document["brief"]["events"]
        ],
    }


def test_matches_golden_file(analysis: dict[str, Any], request: pytest.FixtureRequest) -> None:
    current = json.loads(json.dumps(summarise(analysis)))  # tuples become lists, as on disk
    if request.config.getoption("--update-golden") or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")
    assert current == json.loads(GOLDEN.read_text())


def test_human_output_shows_a_cited_brief(analysis: dict[str, Any]) -> None:
    result = storyline("show", analysis["events"][0]["id"], "--db", analysis["_db"])
    assert "Sources" in result.stdout and "[1" in result.stdout
    listing = storyline("stories", "--db", analysis["_db"]).stdout
    assert analysis["stories"][0]["id"] in listing
    found = storyline_json("search", "Ciragan Palace", "--db", analysis["_db"])
    assert len(found["results"]) >= 2


def test_show_explains_why_a_rewrite_counts_with_its_source(analysis: dict[str, Any]) -> None:
    by_stem = {stem(a["path"])[:3]: a for a in analysis["articles"]}
    rewrite, source = by_stem["004"], by_stem["000"]
    shown = storyline_json("show", rewrite["id"][:10], "--db", analysis["_db"])
    assert shown["article"]["id"] == rewrite["id"]
    assert source["id"] in shown["group"]["articles"]
    link = next(k for k in shown["links"] if k["article"] == source["id"])
    assert link["why"].startswith("rewrite:") and link["sentences"]
    text = Path(rewrite["path"]).read_text()
    for pair in link["sentences"]:
        start, end = pair["this_span"]
        assert pair["this"] == text[start:end] or pair["this"] in text  # cited from the article
    plain = storyline("show", rewrite["id"][:10], "--db", analysis["_db"])
    assert "independent report" in plain.stdout and "statements retold" in plain.stdout
