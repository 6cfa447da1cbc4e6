"""resolve_entities: spelling variants merged, different people kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.entities import find_mentions
from storyline.extract.resolve import (
    edit_distance,
    entity_id,
    name_key,
    resolve_entities,
    role_key,
    same_person_name,
    same_word,
    skeleton,
)
from storyline.ingest import read_inputs
from storyline.models import Article, Entity, EntityType, Mention, Span
from storyline.nlp.parse import parse_texts
from storyline.settings import load_settings

from ..conftest import SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
PERSON, ORG, PLACE = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE


@pytest.fixture(scope="module")
def seed_entities() -> tuple[Entity, ...]:
    paths = sorted(Path(SEEDS).glob("*.txt"))
    articles = [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]
    docs = parse_texts(a.text for a in articles)
    mentions = [m for a, d in zip(articles, docs, strict=True) for m in find_mentions(a, d)]
    return resolve_entities(mentions)


def _holding(entities: tuple[Entity, ...], variant: str) -> list[Entity]:
    return [e for e in entities if variant in e.variants]


# -- on the seeds -------------------------------------------------------------
@needs_seeds
def test_zelensky_spellings_are_one_person(seed_entities: tuple[Entity, ...]) -> None:
    (zelensky,) = _holding(seed_entities, "Zelensky")
    assert zelensky.type is PERSON
    assert set(zelensky.variants) == {
        "Zelensky",
        "Zelenskiy",
        "Zelenskyy",
        "Volodymyr Zelensky",
        "Volodymyr Zelenskiy",
        "Volodymyr Zelenskyy",
    }
    assert zelensky.name.startswith("Volodymyr ")
    assert len(zelensky.article_ids) == 5 and list(zelensky.article_ids) == sorted(
        zelensky.article_ids
    )
    counts = [sum(m.text == v for m in zelensky.mentions) for v in zelensky.variants]
    assert counts == sorted(counts, reverse=True)


@needs_seeds
def test_places_and_spellings_of_one_country(seed_entities: tuple[Entity, ...]) -> None:
    (turkey,) = _holding(seed_entities, "Turkiye")
    assert "Turkey" in turkey.variants and turkey.type is PLACE and turkey.name == "Turkey"
    (kyiv,) = _holding(seed_entities, "Kyiv")
    assert kyiv.type is PLACE and all(m.type is PLACE for m in kyiv.mentions)
    (us,) = _holding(seed_entities, "U.S.")
    assert {"US", "United States"} <= set(us.variants)


@needs_seeds
def test_people_stay_apart_and_romanisations_merge(seed_entities: tuple[Entity, ...]) -> None:
    (putin,) = _holding(seed_entities, "Vladimir Putin")
    (medinsky,) = _holding(seed_entities, "Vladimir Medinsky")
    assert putin is not medinsky and "Putin" in putin.variants
    (malyuk,) = _holding(seed_entities, "Vasyl Malyuk")
    assert "Vasyl Maliuk" in malyuk.variants
    (umerov,) = _holding(seed_entities, "Rustem Umerov")
    assert "Umerov" in umerov.variants
    assert any(role_key(r) == {"defence", "minister"} for r in umerov.roles)
    (trump,) = _holding(seed_entities, "Donald Trump")
    assert "US president" in trump.roles  # the role mention "the US president"
    assert len({e.id for e in seed_entities}) == len(seed_entities)


# -- constructed mentions -----------------------------------------------------
def m(
    text: str, kind: EntityType = PERSON, article: str = "a1", at: int = 0, role: str | None = None
) -> Mention:
    return Mention(Span(article, at, at + len(text)), text, kind, role)


def test_surname_joins_the_full_name_of_its_own_article_first() -> None:
    entities = resolve_entities(
        [
            m("Andriy Yermak", article="a1"),
            m("Andriy Sybiha", article="a2"),
            m("Yermak", article="a1", at=50),
            m("Sybiha", article="a2", at=50),
            m("Sybiha", article="a3"),  # no full name here, but only one fits corpus-wide
        ]
    )
    by_name = {e.name: e for e in entities}
    assert set(by_name) == {"Andriy Yermak", "Andriy Sybiha"}
    assert len(by_name["Andriy Sybiha"].mentions) == 3
    assert by_name["Andriy Sybiha"].article_ids == ("a1", "a2", "a3")[1:]


def test_an_ambiguous_surname_stays_on_its_own() -> None:
    entities = resolve_entities(
        [m("John Smith", article="a1"), m("Mary Smith", article="a2"), m("Smith", article="a3")]
    )
    assert sorted(e.name for e in entities) == ["John Smith", "Mary Smith", "Smith"]


def test_feminine_surname_and_listed_places_stay_apart() -> None:
    entities = resolve_entities(
        [
            m("Volodymyr Zelensky"),
            m("Olena Zelenska", at=30),
            m("Zelenska", at=60),
            m("Niger", PLACE, at=80),
            m("Nigeria", PLACE, at=90),
        ]
    )
    names = {e.name: e for e in entities}
    assert set(names) == {"Volodymyr Zelensky", "Olena Zelenska", "Niger", "Nigeria"}
    assert "Zelenska" in names["Olena Zelenska"].variants


def test_role_mention_joins_the_one_person_holding_the_office() -> None:
    entities = resolve_entities(
        [
            m("Donald Trump", role="US President"),
            m("Vladimir Putin", at=20, role="Russian President"),
            m("US president", at=40, role="US president"),
            m("Ukrainian president", at=60, role="Ukrainian president"),  # nobody: dropped
        ]
    )
    (trump,) = [e for e in entities if e.name == "Donald Trump"]
    assert len(trump.mentions) == 2 and "US president" not in trump.variants
    assert len(entities) == 2


def test_majority_type_wins_and_mentions_take_it() -> None:
    (entity,) = resolve_entities(
        [m("Kyiv", PLACE), m("Kyiv", PLACE, at=10), m("Kyiv", PERSON, at=20)]
    )
    assert entity.type is PLACE and {x.type for x in entity.mentions} == {PLACE}


def test_id_does_not_change_when_another_spelling_wins() -> None:
    before = resolve_entities([m("Zelensky"), m("Zelensky", at=10), m("Zelenskyy", at=20)])
    after = resolve_entities([m("Zelensky"), m("Zelenskyy", at=10), m("Zelenskyy", at=20)])
    assert before[0].name == "Zelensky" and after[0].name == "Zelenskyy"
    assert before[0].id == after[0].id == entity_id(PERSON, "Zelenskiy")


def test_nothing_in_nothing_out() -> None:
    assert resolve_entities([]) == ()


# -- the name normaliser ------------------------------------------------------
def test_name_matching_on_known_pairs() -> None:
    assert same_word("Malyuk", "Maliuk") and same_word("Turkey", "Türkiye")
    assert same_word("Zelensky", "Selenskyj")  # German romanisation
    assert not same_word("Austria", "Australia") and not same_word("Iran", "Iraq")
    assert same_person_name(name_key("Tayyip Erdogan"), name_key("Recep Tayyip Erdogan"))
    assert same_person_name(name_key("V. Putin"), name_key("Vladimir Putin"))
    assert not same_person_name(name_key("Vladimir Putin"), name_key("Vladimir Medinsky"))
    assert not same_person_name(name_key("Andriy Yermak"), name_key("Oleh Yermak"))
    assert skeleton("Zelenskyy") == skeleton("Zelenskiy") == "slnsk"
    assert name_key("the U.S.’s") == "us"
    assert role_key("Ukraine's President") == role_key("the Ukrainian president")


@given(st.text(max_size=40))
def test_name_key_never_crashes_and_is_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert key == key.strip() and "  " not in key
    skeleton(text)
    role_key(text)


@given(st.text(max_size=12), st.text(max_size=12))
def test_same_word_is_symmetric(a: str, b: str) -> None:
    assert same_word(a, b) == same_word(b, a)
    if name_key(a):
        assert same_word(a, a) or not name_key(a).replace(" ", "").isalpha()


@given(st.text(max_size=10), st.text(max_size=10), st.text(max_size=10))
def test_edit_distance_is_a_metric(a: str, b: str, c: str) -> None:
    assert edit_distance(a, b) == edit_distance(b, a)
    assert (edit_distance(a, b) == 0) == (a == b)
    assert edit_distance(a, c) <= edit_distance(a, b) + edit_distance(b, c)


def _of(entities: tuple[Entity, ...], text: str, article: str) -> str:
    return next(
        e.name
        for e in entities
        for x in e.mentions
        if x.text == text and x.span.article_id == article
    )


def test_a_bare_surname_goes_to_the_namesake_the_coverage_names_in_full() -> None:
    president = [m("Donald J. Trump", article=f"d{i}", role="President") for i in range(6)]
    entities = resolve_entities(
        [
            *president,
            m("Melania Trump", article="w1", role="first lady"),
            m("Trump", article="x1", at=40),  # no full name in its article
            m("Trump", article="w1", at=40, role="Mr."),  # her article, but "Mr."
            m("Trump", article="w1", at=80, role="President"),
            m("Trump", article="w2", at=40, role="Mrs."),
        ]
    )
    assert _of(entities, "Trump", "x1") == "Donald J. Trump"
    assert _of(entities, "Trump", "w1") == "Donald J. Trump"
    assert _of(entities, "Trump", "w2") == "Melania Trump"


def test_two_namesakes_named_alike_leave_a_bare_surname_alone() -> None:
    entities = resolve_entities(
        [m("Brian Smith", article="a1"), m("David Smith", article="a2"), m("Smith", article="a3")]
    )
    assert _of(entities, "Smith", "a3") == "Smith"


def test_korean_and_chinese_names_are_family_name_first() -> None:
    entities = resolve_entities(
        [
            *(m("Kim Jong Un", article=f"k{i}") for i in range(3)),
            m("Kim Jong-il", article="k9"),  # the father, named once
            m("Kim", article="k8"),
            m("Moon Jae-in", article="s1"),
            m("Moon Jae", article="s2"),
            m("Moon", article="s3"),
            m("Xi Jinping", article="c1"),
            m("Xi", article="c2"),
        ]
    )
    assert _of(entities, "Kim", "k8") == "Kim Jong Un"
    assert _of(entities, "Kim Jong-il", "k9") == "Kim Jong-il"
    assert _of(entities, "Moon", "s3") == _of(entities, "Moon Jae", "s2") == "Moon Jae-in"
    assert _of(entities, "Xi", "c2") == "Xi Jinping"


def test_western_names_keep_their_order_even_with_an_east_asian_first_word() -> None:
    entities = resolve_entities(
        [m("Kim Kardashian", article="a1"), m("Kardashian", article="a2"), m("Kim", article="a3")]
    )
    assert _of(entities, "Kardashian", "a2") == "Kim Kardashian"
    assert _of(entities, "Kim", "a3") == "Kim"


def test_a_numbered_suffix_does_not_make_another_person() -> None:
    entities = resolve_entities(
        [
            m("Robert S. Mueller III", article="a1"),
            m("Robert Mueller", article="a2"),
            m("Mueller", article="a3"),
            m("Donald Trump Jr.", article="a4"),
            m("Donald Trump", article="a5"),
        ]
    )
    assert _of(entities, "Mueller", "a3") == _of(entities, "Robert Mueller", "a2")
    assert _of(entities, "Robert S. Mueller III", "a1") == _of(entities, "Robert Mueller", "a2")
    assert _of(entities, "Donald Trump Jr.", "a4") != _of(entities, "Donald Trump", "a5")


def test_a_first_name_alone_joins_the_one_bearer_in_its_article() -> None:
    entities = resolve_entities(
        [
            m("Tara Reid", article="a1"),
            m("Tara", article="a1", at=40),
            m("Tara", article="a2"),  # no Tara named in full here
            m("Donald Trump", article="a3"),
            m("Donald Trump Jr.", article="a3", at=20),
            m("Donald", article="a3", at=60),  # two Donalds: it stays alone
        ]
    )
    by_name = {e.name: e for e in entities}
    assert len(by_name["Tara Reid"].mentions) == 2
    assert len(by_name["Tara"].mentions) == 1
    assert "Donald" in by_name


def test_a_town_the_tagger_took_for_someone_is_a_place() -> None:
    entities = resolve_entities(
        [
            m("Bandar Abbas", article="a1"),
            m("Vincent Jackson", article="a2"),
            m("Jackson", article="a3"),  # a town's name, but someone here is a Jackson
            m("Toyota", ORG, article="a4"),  # a company named after a town
            m("Christchurch", ORG, article="a5"),
            m("Christchurch", PLACE, article="a6"),  # the articles read it as a place
        ]
    )
    types = {e.name: e.type for e in entities}
    assert types["Bandar Abbas"] is PLACE
    assert types["Vincent Jackson"] is PERSON
    assert types["Toyota"] is ORG
    assert types["Christchurch"] is PLACE


def test_a_company_s_legal_and_short_names_are_one() -> None:
    entities = resolve_entities(
        [
            m("Apple Inc.", ORG, article="a1"),
            m("Apple Computer", ORG, article="a2"),
            m("Apple", ORG, article="a3"),
            m("Singapore Airlines", ORG, article="a4"),
            m("Singapore", PLACE, article="a4", at=40),  # a place stays apart
        ]
    )
    by_name = {e.name: e for e in entities}
    assert len(entities) == 3
    assert {"Apple Inc.", "Apple Computer", "Apple"} <= set(
        next(e for e in entities if "Apple" in e.variants).variants
    )
    assert by_name["Singapore"].type is PLACE


def test_an_acronym_joins_the_one_name_it_abbreviates() -> None:
    entities = resolve_entities(
        [
            m("Government Accountability Office", ORG, article="a1"),
            m("GAO", ORG, article="a2"),
            m("United States Air Force", ORG, article="a3"),
            m("USAF", ORG, article="a3", at=40),
            m("Central Intelligence Agency", ORG, article="a4"),
            m("Council of Industry Associations", ORG, article="a5"),
            m("CIA", ORG, article="a6"),  # fits two names: stays alone
        ]
    )
    variants = {frozenset(e.variants) for e in entities}
    assert frozenset({"Government Accountability Office", "GAO"}) in variants
    assert frozenset({"United States Air Force", "USAF"}) in variants
    assert frozenset({"CIA"}) in variants


def test_honours_after_a_name_and_miss_before_it_leave_one_person() -> None:
    entities = resolve_entities(
        [
            m("George Carman QC", article="a1"),
            m("George Carman", article="a2"),
            m("George Carman", article="a3"),
        ]
    )
    assert [e.name for e in entities] == ["George Carman"]


def test_a_company_is_named_as_the_articles_name_it_most() -> None:
    entities = resolve_entities(
        [m("Vodafone Group Plc", ORG, article="a1")]
        + [m("Vodafone", ORG, article=f"b{i}") for i in range(3)]
    )
    assert [e.name for e in entities] == ["Vodafone"]


def test_a_place_named_by_its_first_word_joins_the_one_place_of_its_article() -> None:
    entities = resolve_entities(
        [
            m("North Korea", PLACE, article="a1"),
            m("North", PLACE, article="a1", at=40),  # "the North"
            m("North", PLACE, article="a2"),  # no North Korea named here
        ]
    )
    by_name = {e.name: e for e in entities}
    assert len(by_name["North Korea"].mentions) == 2
    assert len(by_name["North"].mentions) == 1
