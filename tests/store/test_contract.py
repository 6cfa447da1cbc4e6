"""The store contract: every test here runs against SQLite and a real PostgreSQL.

Both backends sit behind one :class:`~storyline.store.base.Store` protocol; this
suite is what keeps them from drifting apart. Backend-specific behaviour (WAL,
file errors, SQLite migrations) is tested in test_sqlite.py and test_postgres.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import NotFoundError
from storyline.models import (
    Article,
    ChangeKind,
    DateSource,
    Event,
    EventChange,
    Skipped,
    Source,
    SourceKind,
    Story,
)
from storyline.store import Store


def make(i: int, text: str = "Delegations met in Istanbul on Monday.") -> Article:
    return Article(
        id=f"a{i}",
        title=f"Talks {i}",
        text=text,
        path=f"/in/{i}.txt",
        outlet="example.com",
        published=date(2025, 6, 2),
        date_source=DateSource.DATELINE,
    )


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def test_articles_round_trip_and_reinsert_is_a_no_op(store: Store) -> None:
    articles = [make(1), make(2)]
    assert store.add_articles(articles) == ["a1", "a2"]
    assert store.add_articles(articles) == []
    assert store.count_articles() == 2
    assert store.articles() == articles
    assert store.article("a2") == articles[1]
    assert store.articles(["a2", "missing", "a1"]) == [articles[1], articles[0]]


def test_same_article_at_a_second_path_is_recorded_not_duplicated(store: Store) -> None:
    store.add_articles([make(1)])
    store.add_articles([Article(**{**_fields(make(1)), "path": "/elsewhere/copy.txt"})])
    assert store.count_articles() == 1
    assert store.article_paths("a1") == ["/elsewhere/copy.txt", "/in/1.txt"]


def test_missing_article_raises_not_found_with_a_hint(store: Store) -> None:
    with pytest.raises(NotFoundError, match="storyline search"):
        store.article("nope")


def test_skipped_inputs_are_kept_until_the_path_reads(store: Store) -> None:
    store.record_skipped([Skipped("/in/1.txt", "empty file")])
    assert store.skipped() == [Skipped("/in/1.txt", "empty file")]
    store.add_articles([make(1)])
    assert store.skipped() == []


def test_full_text_search_ranks_and_marks_matches(store: Store) -> None:
    store.add_articles(
        [make(1, "A prisoner exchange was agreed in Istanbul."), make(2, "Drones hit air bases.")]
    )
    hits = store.search("prisoners exchanged")  # porter stemming
    assert [h.article_id for h in hits] == ["a1"]
    assert "«" in hits[0].snippet


def test_search_any_takes_any_word_of_each_group_and_every_group(store: Store) -> None:
    store.add_articles(
        [
            make(1, "Zelensky spoke in Istanbul."),
            make(2, "Zelenskyy spoke in Vilnius."),
            make(3, "Zelenskiy stayed in Kyiv."),
        ]
    )
    found = store.search_any([["Zelensky", "Zelenskyy", "Zelenskiy"], ["spoke"]])
    assert sorted(h.article_id for h in found) == ["a1", "a2"]
    assert store.search_any([["AND", "NEAR"], ["*"]]) == []  # syntax is only words
    assert store.search_any([]) == []


def test_index_words_are_the_indexed_forms_with_a_prefix(store: Store) -> None:
    store.add_articles([make(1, "Zelensky spoke."), make(2, "Zelenskyy and Zeman spoke.")])
    words = store.index_words("zel")
    assert len(words) == 2 and all(w.startswith("zel") for w in words)
    assert store.index_words("zem") and not store.index_words("zzz")
    assert store.index_words("%") == [] and store.index_words("") == []


def test_vectors_round_trip(store: Store) -> None:
    v = np.arange(384, dtype=np.float32)
    store.save_vectors("m", {"k1": v})
    loaded = store.load_vectors("m", ["k1", "k2"])
    assert list(loaded) == ["k1"]
    np.testing.assert_array_equal(loaded["k1"], v)
    assert store.load_vectors("other-model", ["k1"]) == {}


def test_grouping_is_replaced_atomically(store: Store) -> None:
    store.add_articles([make(1), make(2), make(3)])
    e1 = Event("e1", ("a1", "a2"), "Talks", date(2025, 6, 2), date(2025, 6, 2))
    e2 = Event("e2", ("a3",), "Later talks")
    store.replace_grouping([e1, e2], [Story("s1", ("e1", "e2"), "Talks")])
    assert store.event("e1") == e1
    assert store.story("s1").event_ids == ("e1", "e2")
    store.replace_grouping([e2], [Story("s2", ("e2",), "Later")])
    assert [s.id for s in store.stories()] == ["s2"]
    with pytest.raises(NotFoundError):
        store.event("e1")


def test_lineage_round_trips_and_filters_by_event(store: Store) -> None:
    from storyline.models import ArticleLink, Credit, Lineage, LineageGroup, Relation, Span

    store.add_articles([make(1), make(2), make(3)])
    store.replace_grouping(
        [Event("e1", ("a1", "a2"), "Talks"), Event("e2", ("a3",), "Later")],
        [Story("s1", ("e1", "e2"), "Talks")],
    )
    lineage = Lineage(
        links=(ArticleLink("a1", "a2", Relation.REWRITE, 4, 0.5, 1.0, 0.0),),
        groups=(
            LineageGroup("g1", "e1", ("a1", "a2"), "a1", "published first", ("Reuters",)),
            LineageGroup("g2", "e2", ("a3",), "a3", "only article", ()),
        ),
        credits=(
            Credit("a2", "Reuters", Span("a2", 0, 10), "attribution"),
            Credit("a3", "AFP", Span("a3", 5, 8), "sign-off"),
        ),
    )
    from storyline.store import LineageUpdate

    store.update_grouping([], [], [], [], [], LineageUpdate(("e1", "e2"), lineage, "test"))
    assert store.lineage() == lineage
    only_first = store.lineage(["e1"])
    assert only_first.groups == lineage.groups[:1]
    assert only_first.links == lineage.links
    assert only_first.credits == lineage.credits[:1]
    assert store.lineage(["e2"]).links == ()


def test_event_history_round_trips_and_is_replaced_with_the_grouping(store: Store) -> None:
    from storyline.models import ChangeKind, EventChange

    store.add_articles([make(1), make(2), make(3)])
    history = [
        EventChange(1, ChangeKind.FOUNDED, "e1", "a1", None, date(2025, 6, 2)),
        EventChange(2, ChangeKind.FOUNDED, "e2", "a2"),
        EventChange(3, ChangeKind.JOINED, "e1", "a3"),
        EventChange(3, ChangeKind.MERGED, "e1", "a3", "e2"),
    ]
    store.replace_grouping([Event("e1", ("a1", "a3", "a2"), "Talks")], [], history)
    assert store.event_changes() == history
    assert store.event_changes(["e2"]) == history[1:2] + history[3:]
    store.replace_grouping([Event("e1", ("a1",), "Talks")], [])
    assert store.event_changes() == []


def test_one_article_can_merge_several_events_and_the_history_keeps_every_step(
    store: Store,
) -> None:
    from storyline.models import ChangeKind, EventChange

    store.add_articles([make(i) for i in range(1, 5)])
    history = [
        EventChange(1, ChangeKind.FOUNDED, "e1", "a1"),
        EventChange(2, ChangeKind.FOUNDED, "e2", "a2"),
        EventChange(3, ChangeKind.FOUNDED, "e3", "a3"),
        EventChange(4, ChangeKind.JOINED, "e1", "a4"),
        EventChange(4, ChangeKind.MERGED, "e1", "a4", "e2"),  # one arrival, two merges
        EventChange(4, ChangeKind.MERGED, "e1", "a4", "e3"),
    ]
    store.replace_grouping([Event("e1", ("a1", "a2", "a3", "a4"), "Talks")], [], history[:3])
    assert store.event_changes() == history[:3]
    store.update_grouping(
        [Event("e1", ("a1", "a2", "a3", "a4"), "Talks")], ["e2", "e3"], [], [], history[3:]
    )
    assert store.event_changes() == history
    assert store.event_changes(["e3"]) == [history[2], history[5]]


def test_pages_ids_and_counts_follow_arrival_order(store: Store) -> None:
    articles = [make(i) for i in (5, 1, 3, 2, 4)]
    store.add_articles(articles)
    assert store.article_ids() == ["a5", "a1", "a3", "a2", "a4"]
    assert store.articles_page(2, 1) == articles[1:3]
    assert store.articles_page(10, 5) == []
    assert store.count_articles() == 5


def test_ids_with_prefix_sort_bytewise_and_stay_in_their_table(store: Store) -> None:
    store.add_articles([make(1), make(10), make(2)])
    store.add_articles([Article(**{**_fields(make(9)), "id": "B1"})])
    assert store.ids_with_prefix("articles", "a1") == ["a1", "a10"]
    assert store.ids_with_prefix("articles", "") == ["B1", "a1", "a10", "a2"]  # bytes: B < a
    assert store.ids_with_prefix("events", "a") == []
    with pytest.raises(ValueError, match="no id column"):
        store.ids_with_prefix("articles; DROP TABLE articles", "a")


def test_lookups_by_article_and_event_and_counts(store: Store) -> None:
    store.add_articles([make(1), make(2), make(3)])
    e1 = Event("e1", ("a2", "a1"), "Talks", date(2025, 6, 2), date(2025, 6, 3))
    e2 = Event("e2", ("a3",), "Later")
    store.replace_grouping([e2, e1], [Story("s1", ("e1", "e2"), "Talks")])
    assert store.event_of_article("a1") == e1
    assert store.event_of_article("missing") is None
    assert store.story_of_event("e2") == Story("s1", ("e1", "e2"), "Talks")
    assert store.story_of_event("e9") is None
    assert store.events() == [e2, e1]  # undated first, then by start date
    assert (store.count_events(), store.count_stories()) == (2, 1)
    with pytest.raises(NotFoundError, match="storyline stories"):
        store.story("s9")


def test_grouping_version_moves_with_every_regrouping(store: Store) -> None:
    store.add_articles([make(1)])
    before = store.grouping_version()
    store.replace_grouping([Event("e1", ("a1",), "Talks")], [])
    store.update_grouping([Event("e1", ("a1",), "Talks, day two")], [], [], [], [])
    assert store.grouping_version() == before + 2
    assert store.event("e1").label == "Talks, day two"


def test_update_grouping_writes_only_the_change(store: Store) -> None:
    store.add_articles([make(i) for i in range(1, 5)])
    store.replace_grouping(
        [Event("e1", ("a1",), "A"), Event("e2", ("a2",), "B"), Event("e3", ("a3",), "C")],
        [Story("s1", ("e1", "e2"), "AB"), Story("s2", ("e3",), "C")],
    )
    store.update_grouping(
        [Event("e1", ("a1", "a2", "a4"), "A and B")],
        ["e2"],
        [Story("s1", ("e1",), "A and B")],
        [],
        [EventChange(4, ChangeKind.MERGED, "e1", "a4", "e2")],
    )
    assert store.events() == [Event("e1", ("a1", "a2", "a4"), "A and B"), Event("e3", ("a3",), "C")]
    assert store.stories() == [Story("s1", ("e1",), "A and B"), Story("s2", ("e3",), "C")]
    assert store.event_changes(["e2"]) == [EventChange(4, ChangeKind.MERGED, "e1", "a4", "e2")]
    store.update_grouping([], [], [], ["s2"], [])
    assert [s.id for s in store.stories()] == ["s1"]
    assert store.story_of_event("e3") is None  # its story went; the event stays


def test_a_grouping_update_replaces_the_lineage_of_the_events_it_retraced(store: Store) -> None:
    from storyline.models import ArticleLink, Credit, Lineage, LineageGroup, Relation, Span
    from storyline.store import LineageUpdate

    store.add_articles([make(i) for i in range(1, 5)])
    store.replace_grouping(
        [Event("e1", ("a1", "a2"), "A"), Event("e3", ("a3",), "C")], [Story("s1", ("e1",), "A")]
    )
    first = Lineage(
        (ArticleLink("a1", "a2", Relation.COPY, 0, 1.0, 1.0, 0.9),),
        (
            LineageGroup("g1", "e1", ("a1", "a2"), "a1", "published first", ()),
            LineageGroup("g3", "e3", ("a3",), "a3", "only article", ()),
        ),
        (Credit("a2", "Reuters", Span("a2", 0, 7), "attribution"),),
    )
    store.update_grouping([], [], [], [], [], LineageUpdate(("e1", "e3"), first, "v1"))
    assert store.lineage() == first and store.lineage_version() == "v1"
    assert store.lineage_coverage() == {"e1": 2, "e3": 1}

    # a4 joins e1, which is re-traced: its old groups, links and credits go; e3's stay.
    grown = Lineage(
        (),
        (
            LineageGroup("g1", "e1", ("a1", "a4"), "a1", "published first", ()),
            LineageGroup("g2", "e1", ("a2",), "a2", "only article", ()),
        ),
        (),
    )
    store.update_grouping(
        [Event("e1", ("a1", "a2", "a4"), "A")],
        [],
        [],
        [],
        [EventChange(4, ChangeKind.JOINED, "e1", "a4")],
        LineageUpdate(("e1",), grown, "v2"),
        replace_history=True,
    )
    now = store.lineage()
    assert now.links == () and now.credits == ()
    assert now.groups == grown.groups + first.groups[1:]
    assert store.lineage_coverage() == {"e1": 3, "e3": 1} and store.lineage_version() == "v2"
    assert store.event_changes() == [EventChange(4, ChangeKind.JOINED, "e1", "a4")]


def test_sentence_keys_find_repeated_sentences_and_furniture(store: Store) -> None:
    store.add_articles([make(i) for i in range(1, 6)])
    store.save_sentence_keys({"a1": (11, 2**59), "a2": (11, 22), "a3": (11,), "a4": ()})
    store.save_sentence_keys({"a1": (11,)})  # again: nothing twice
    assert store.articles_with_sentences([11, 2**59, 99]) == {
        11: ["a1", "a2", "a3"],
        2**59: ["a1"],
    }
    assert store.articles_without_sentence_keys() == ["a5"]  # a4 has none, and says so
    store.replace_grouping(
        [Event("e1", ("a1",), "A"), Event("e2", ("a2",), "B"), Event("e3", ("a3", "a4"), "C")],
        [],
    )
    assert store.furniture_keys(3) == {11}
    assert store.furniture_keys(4) == set()
    assert store.furniture_keys(3, among=[11, 22]) == {11}
    assert store.furniture_keys(3, among=[22, 2**59]) == set()
    assert store.furniture_keys(1, among=[22]) == {22}


def test_extraction_cache_keeps_only_the_current_version(store: Store) -> None:
    store.add_articles([make(1), make(2)])
    store.save_extractions("v1", {"a1": '{"x": 1}', "a2": '{"x": 2}'})
    assert store.load_extractions("v1", ["a1", "a2", "a3"]) == {"a1": '{"x": 1}', "a2": '{"x": 2}'}
    store.save_extractions("v2", {"a1": '{"x": 3}'})
    assert store.load_extractions("v1", ["a1", "a2"]) == {}
    assert store.load_extractions("v2", ["a1"]) == {"a1": '{"x": 3}'}


def test_grouper_state_is_replaced_and_stamped_anew(store: Store) -> None:
    assert store.load_grouper_state() is None and store.grouper_state_stamp() is None
    store.save_grouper_state(b"\x00state one")
    first = store.grouper_state_stamp()
    store.save_grouper_state(b"state two")
    assert store.load_grouper_state() == b"state two"
    assert store.grouper_state_stamp() not in (None, first)
    store.save_grouper_state(None)
    assert store.load_grouper_state() is None


def test_sources_and_the_files_they_have_read(store: Store) -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    feed = Source("f1", SourceKind.FEED, "https://example.org/a.rss", 600, now, now)
    folder = Source("d1", SourceKind.FOLDER, "/inbox", 60, now, now + timedelta(seconds=1))
    store.save_source(folder)
    store.save_source(feed)
    assert [s.id for s in store.sources()] == ["f1", "d1"]  # oldest first
    polled = Source(
        "f1",
        SourceKind.FEED,
        "https://example.org/a.rss",
        600,
        now + timedelta(minutes=10),
        now,
        etag='"abc"',
        last_modified="Mon, 30 Nov 2026 12:00:00 GMT",
        failures=2,
        last_polled=now,
        last_status="HTTP 503",
        articles=7,
    )
    store.save_source(polled)
    assert store.source("f1") == polled
    store.mark_files_seen("d1", {"/inbox/a.txt": (10, 1_700_000_000_000_000_000)})
    store.mark_files_seen("d1", {"/inbox/a.txt": (12, 1_800_000_000_000_000_000)})
    assert store.seen_files("d1") == {"/inbox/a.txt": (12, 1_800_000_000_000_000_000)}
    store.save_source(folder)  # an upsert keeps what the folder has read
    assert store.seen_files("d1") != {}
    store.remove_source("d1")
    assert store.seen_files("d1") == {}
    with pytest.raises(NotFoundError, match="storyline sources"):
        store.remove_source("d1")
    with pytest.raises(NotFoundError):
        store.source("d1")


def test_search_without_words_finds_nothing(store: Store) -> None:
    store.add_articles([make(1)])
    assert store.search("") == []
    assert store.search("?!* ---") == []
    assert store.search("istanbul", limit=0) == []


_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=200)


@given(title=_text, text=_text, outlet=st.none() | _text, byline=st.none() | _text)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_article_text_round_trips(
    store: Store, title: str, text: str, outlet: str | None, byline: str | None
) -> None:
    article = Article(
        id=f"h{abs(hash((title, text, outlet, byline)))}",
        title=title,
        text=text,
        path="/in/h.txt",
        outlet=outlet,
        byline=byline,
        published=date(1, 1, 1),
        date_source=DateSource.METADATA,
    )
    store.add_articles([article])
    stored = store.article(article.id)
    # PostgreSQL text cannot hold NUL: it is stored as U+FFFD; everything else is exact.
    assert stored == _without_nul(article) or stored == article
    store.search(title + " " + text)  # any words at all: never an error


def _without_nul(article: Article) -> Article:
    fields = _fields(article)
    clean = {k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v for k, v in fields.items()}
    clean["id"] = article.id
    return Article(**clean)  # type: ignore[arg-type]
