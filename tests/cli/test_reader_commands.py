"""The reader's commands on real coverage: a large run summed up, stories in order,
search by words and by meaning, and a hit opened with `show`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from storyline.cli.app import cli

from ..conftest import ECBPLUS, SEEDS

# Six articles of each of four ECB+ topics, each topic two happenings of one kind.
TOPICS = (1, 3, 12, 27)
PER_TOPIC = 6


@dataclass(frozen=True, slots=True)
class Analysed:
    db: Path
    output: str  # what `analyze` printed


def run(*args: object, columns: int = 120) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result


def run_json(*args: object) -> Any:
    return json.loads(run(*args, "--json").stdout)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    docs = ECBPLUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"ECB+ dev not found at {docs}")
    files = [
        docs / f"{topic}_{n}{half}.txt"
        for topic in TOPICS
        for n in range(1, PER_TOPIC // 2 + 1)
        for half in ("ecb", "ecbplus")
    ]
    db = tmp_path_factory.mktemp("reader") / "r.db"
    result = run("analyze", *files, SEEDS, "--db", db)
    return Analysed(db, result.stdout)


def test_a_large_run_is_summed_up_with_where_to_look_next(analysed: Analysed) -> None:
    stories = run_json("stories", "--db", analysed.db, "--limit", "0")["stories"]
    assert len(stories) > 3  # more than `analyze` prints in full
    text = analysed.output
    assert "independent reports" in text and "Next:" in text
    assert "storyline show" in text and "--verbose" in text
    assert "Summary" not in text  # no brief panels: those are for --verbose
    assert len(text.splitlines()) < 60


def test_stories_sort_by_size_or_date_and_stop_at_the_limit(analysed: Analysed) -> None:
    everything = run_json("stories", "--db", analysed.db, "--limit", "0")
    events = {e["id"]: e for e in everything["events"]}

    def size(story: dict[str, Any]) -> int:
        return sum(len(events[e]["articles"]) for e in story["events"])

    biggest = run_json("stories", "--db", analysed.db, "--sort", "biggest", "--limit", "2")
    assert biggest["total"] == len(everything["stories"]) and len(biggest["stories"]) == 2
    sizes = sorted((size(s) for s in everything["stories"]), reverse=True)
    assert [size(s) for s in biggest["stories"]] == sizes[:2]
    newest = run_json("stories", "--db", analysed.db, "--sort", "newest", "--limit", "0")
    ends = [
        max((events[e]["end"] or events[e]["start"] or "") for e in s["events"])
        for s in newest["stories"]
    ]
    dated = [d for d in ends if d]
    assert dated == sorted(dated, reverse=True)
    table = run("stories", "--db", analysed.db, "--limit", "2").stdout
    assert f"2 of {biggest['total']} stories shown" in table


def test_narrow_terminals_get_one_column_not_ellipses(analysed: Analysed) -> None:
    narrow = run("stories", "--db", analysed.db, "--limit", "3", columns=60).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60
    label = run_json("stories", "--db", analysed.db, "--limit", "1")["stories"][0]["label"]
    assert label.split()[0] in narrow  # the label's words are there, wrapped


def test_semantic_search_finds_a_paraphrase_and_show_opens_the_hit(analysed: Analysed) -> None:
    query = "actress enters addiction clinic"
    assert run_json("search", query, "--db", analysed.db)["results"] == []  # no such words
    found = run_json("search", query, "--db", analysed.db, "--semantic", "--limit", "3")
    assert found["mode"] == "semantic" and len(found["results"]) == 3
    top = found["results"][0]
    assert "rehab" in (top["title"] + top["snippet"]).lower()
    assert top["event"] is not None and top["story"] is not None
    shown = run("show", top["article"], "--db", analysed.db).stdout
    assert "independent report" in shown


def test_a_text_hit_says_when_and_where_it_belongs(analysed: Analysed) -> None:
    hits = run_json("search", "Istanbul", "--db", analysed.db)["results"]
    assert hits and all(h["event"] and h["story"] for h in hits)
    assert any(h["published"] for h in hits)
    table = run("search", "Istanbul", "--db", analysed.db).stdout
    assert "event:" in table
