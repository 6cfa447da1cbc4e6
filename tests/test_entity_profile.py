"""The entity profile: a name in any spelling or part leads to one entity, with its
roles, events, stories and articles; the command line prints it and gives JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline import service
from storyline.entity_profile import (
    all_entities,
    entity_by_id,
    entity_profile,
    find_entity,
    looks_like_entity_id,
)
from storyline.errors import NotFoundError
from storyline.models import Entity, EntityType, Mention, Span
from storyline.settings import Settings
from storyline.store import open_store

from .conftest import SEEDS
from .helpers import storyline, storyline_json

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = tmp_path_factory.mktemp("entity") / "s.db"
    with open_store(db) as store:
        service.ingest(store, [SEEDS], Settings(db=db))
        service.analyze(store, Settings(db=db))
    return db


@needs_seeds
def test_any_spelling_leads_to_the_one_person_in_every_seed(seeds_db: Path) -> None:
    with open_store(seeds_db) as store:
        found = all_entities(store)
        naming = {a.id for a in store.articles() if re.search(r"Zelensk", a.text)}
        for asked in ("Zelenskiy", "Zelensky", "Zelenskyy", "Volodymyr Zelensky"):
            best, _ = find_entity(found, asked)
            profile = entity_profile(store, best)
            assert {a.article.id for a in profile.appearances} == naming, asked
        assert profile.events and profile.stories
        assert sum(n for _, n in profile.events) == len(naming)
        assert any("President" in role for role, _ in profile.roles)
        assert entity_by_id(found, best.id[:10]) == best


@needs_seeds
def test_a_name_nobody_bears_says_what_to_try(seeds_db: Path) -> None:
    with open_store(seeds_db) as store, pytest.raises(NotFoundError, match="another spelling"):
        find_entity(all_entities(store), "Zyzzyva Quokka")


def _entity(name: str, *texts: str) -> Entity:
    mentions = tuple(
        Mention(Span(f"a{i}", 0, len(t)), t, EntityType.PERSON) for i, t in enumerate(texts)
    )
    return Entity(
        f"n{len(name):06x}",
        name,
        EntityType.PERSON,
        texts,
        mentions,
        article_ids=tuple(m.span.article_id for m in mentions),
    )


def test_a_surname_leads_to_the_most_named_bearer_and_lists_the_others() -> None:
    donald = _entity("Donald Trump", "Donald Trump", "Trump", "Trump", "Mr. Trump")
    melania = _entity("Melania Trump", "Melania Trump")
    best, namesakes = find_entity([melania, donald], "Trump")
    assert best is donald and namesakes == (melania,)
    assert find_entity([melania, donald], "Melania Trump")[0] is melania


def test_ids_are_told_from_names() -> None:
    assert looks_like_entity_id("n0cd5f15a6c36e2fd") and looks_like_entity_id("n0cd5f1")
    assert not looks_like_entity_id("Nabisco") and not looks_like_entity_id("nab")


@needs_seeds
def test_the_command_prints_the_profile_and_its_json(seeds_db: Path) -> None:
    document = storyline_json("entity", "Zelenskiy", "--db", seeds_db)
    assert document["entity"]["name"].startswith("Volodymyr Zelensk")
    assert len(document["articles"]) == 5 and document["events"] and document["stories"]
    by_id = storyline_json("entity", document["entity"]["id"], "--db", seeds_db)
    assert by_id["entity"] == document["entity"]
    printed = storyline("entity", "Zelenskyy", "--db", seeds_db).stdout
    assert "Roles as written" in printed and "Events naming it" in printed
    missing = storyline("entity", "Zyzzyva", "--db", seeds_db, check=False)
    assert missing.returncode == 4 and "another spelling" in missing.stderr
