"""find_articles: every word must match, a name in any spelling the articles use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline import service
from storyline.search import find_articles, spellings
from storyline.settings import Settings
from storyline.store import open_store

from .conftest import SEEDS
from .helpers import storyline_json


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
def test_zelenskiy_finds_every_seed_that_names_him_in_any_spelling(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        service.ingest(store, [SEEDS], Settings(db=db))
        naming = {a.id for a in store.articles() if re.search(r"Zelensk", a.title + a.text)}
        assert len(naming) == 5
        assert {h.article_id for h in find_articles(store, "Zelenskiy")} == naming
        assert {h.article_id for h in store.search("Zelenskiy")} < naming  # plain search misses
        # The typed word, then the index's (stemmed) forms of the three spellings.
        assert len(spellings(store, "Zelenskiy")) == 4
        assert spellings(store, "peace") == ["peace"]  # short words stay as typed
        assert find_articles(store, "Zelenskiy zyzzyva") == []  # every word must match
    found = storyline_json("search", "Zelenskyy", "--db", db)
    assert {r["article"] for r in found["results"]} == naming
